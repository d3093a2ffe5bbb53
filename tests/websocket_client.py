"""Running one GraphQL operation over ``graphql-transport-ws`` against the ASGI app."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Sequence
from typing import Any

from starlette.applications import Starlette
from starlette.types import Message
from starlette.types import Scope as AsgiScope

CLOSED = "closed"
"""What ``over_websocket`` returns when the hub refused the handshake."""


async def over_websocket(
    app: Starlette,
    document: str,
    variables: dict[str, Any] | None = None,
    *,
    headers: Sequence[tuple[bytes, bytes]] = (),
) -> list[Any]:
    """Run one operation and return the protocol messages the hub sent once the client has
    disconnected, or ``[CLOSED]`` when the hub closed the socket before sending anything.
    """
    inbox: asyncio.Queue[Message] = asyncio.Queue()
    sent: list[Any] = []
    done = asyncio.Event()
    subscribe = {
        "id": "1",
        "type": "subscribe",
        "payload": {"query": document, "variables": variables or {}},
    }
    await inbox.put({"type": "websocket.connect"})
    for message in ({"type": "connection_init"}, subscribe):
        await inbox.put({"type": "websocket.receive", "text": json.dumps(message)})

    async def receive() -> Message:
        return await inbox.get()

    async def send(message: Message) -> None:
        if message["type"] == "websocket.close" and not sent:
            sent.append(CLOSED)
            done.set()
        if message["type"] == "websocket.send":
            sent.append(json.loads(message.get("text") or message["bytes"]))
            if sent[-1]["type"] == "complete":
                done.set()

    scope: AsgiScope = {
        "type": "websocket",
        "asgi": {"version": "3.0"},
        "path": "/graphql",
        "root_path": "",
        "scheme": "ws",
        "query_string": b"",
        "headers": [(b"sec-websocket-protocol", b"graphql-transport-ws"), *headers],
        "subprotocols": ["graphql-transport-ws"],
        "server": ("hub.test", 80),
        "client": ("127.0.0.1", 50000),
    }
    connection = asyncio.create_task(app(scope, receive, send))
    await asyncio.wait_for(done.wait(), timeout=10)
    await inbox.put({"type": "websocket.disconnect", "code": 1000})
    await asyncio.wait_for(connection, timeout=10)
    return sent
