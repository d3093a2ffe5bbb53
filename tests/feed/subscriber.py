"""A graphql-transport-ws client that stays connected: it subscribes, collects what the hub
sends, and disconnects when the test says so."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from starlette.applications import Starlette
from starlette.types import Message
from starlette.types import Scope as AsgiScope


class Subscriber:
    """One WebSocket to the app, with ``connection_init`` carrying ``params``."""

    def __init__(self, app: Starlette, params: dict[str, Any]) -> None:
        self.app = app
        self.params = params
        self.sent: list[Any] = []
        self.closed: int | None = None
        self.close_reason: str | None = None
        self._inbox: asyncio.Queue[Message] = asyncio.Queue()
        self._arrived = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    async def subscribe(self, document: str, variables: dict[str, Any] | None = None) -> None:
        """Connect and start the subscription."""
        await self._inbox.put({"type": "websocket.connect"})
        for message in (
            {"type": "connection_init", "payload": self.params},
            {
                "id": "1",
                "type": "subscribe",
                "payload": {"query": document, "variables": variables or {}},
            },
        ):
            await self._inbox.put({"type": "websocket.receive", "text": json.dumps(message)})
        scope: AsgiScope = {
            "type": "websocket",
            "asgi": {"version": "3.0"},
            "path": "/graphql",
            "root_path": "",
            "scheme": "ws",
            "query_string": b"",
            "headers": [(b"sec-websocket-protocol", b"graphql-transport-ws")],
            "subprotocols": ["graphql-transport-ws"],
            "server": ("hub.test", 80),
            "client": ("127.0.0.1", 50000),
        }
        self._task = asyncio.create_task(self.app(scope, self._receive, self._send))

    async def _receive(self) -> Message:
        return await self._inbox.get()

    async def _send(self, message: Message) -> None:
        if message["type"] == "websocket.close":
            self.closed = int(message.get("code", 1000))
            self.close_reason = message.get("reason")
        elif message["type"] == "websocket.send":
            self.sent.append(json.loads(message.get("text") or message["bytes"]))
        self._arrived.set()

    def events(self) -> list[dict[str, Any]]:
        """The events received so far."""
        return [m["payload"]["data"]["masterDataChanged"] for m in self.sent if m["type"] == "next"]

    async def wait_for(self, count: int, seconds: float = 10) -> list[dict[str, Any]]:
        """Wait until ``count`` events arrived (or the socket closed); return them."""
        async with asyncio.timeout(seconds):
            while len(self.events()) < count and self.closed is None:
                self._arrived.clear()
                await self._arrived.wait()
        return self.events()

    async def wait_closed(self, seconds: float = 10) -> int:
        """Wait until the hub closes the socket; return the close code."""
        async with asyncio.timeout(seconds):
            while self.closed is None:
                self._arrived.clear()
                await self._arrived.wait()
        return self.closed

    async def wait_complete(self, seconds: float = 10) -> None:
        """Wait until the hub completes the subscription."""
        async with asyncio.timeout(seconds):
            while not any(m["type"] == "complete" for m in self.sent):
                self._arrived.clear()
                await self._arrived.wait()

    async def disconnect(self) -> None:
        """Leave, and wait for the hub to end the connection."""
        await self._inbox.put({"type": "websocket.disconnect", "code": 1000})
        if self._task is not None:
            await asyncio.wait_for(self._task, timeout=10)
