"""Webhook receivers of the sender tests: one in memory (httpx.MockTransport) that fails a
given number of times, and real ones served by uvicorn on 127.0.0.1; and a Standard Webhooks
verifier written from the specification, independent of the hub's signing code."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import hmac
import json
import socket
import time
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

TOLERANCE_SECONDS = 300


def verify(secret: str, headers: Mapping[str, str], body: bytes) -> bool:
    """Verify a message as a Standard Webhooks receiver does: the base64 key after ``whsec_``,
    HMAC-SHA256 over ``id.timestamp.body``, any ``v1`` signature, a recent timestamp."""
    key = base64.b64decode(secret.split("_", 1)[1])
    message_id, stamp = headers["webhook-id"], headers["webhook-timestamp"]
    if abs(time.time() - int(stamp)) > TOLERANCE_SECONDS:
        return False
    expected = base64.b64encode(
        hmac.new(key, f"{message_id}.{stamp}.".encode() + body, hashlib.sha256).digest()
    ).decode()
    offered = [
        s.split(",", 1)[1] for s in headers["webhook-signature"].split() if s.startswith("v1,")
    ]
    return any(hmac.compare_digest(expected, s) for s in offered)


@dataclass
class FlakyReceiver:
    """Answers 503 to its first ``failures`` requests, then 204; keeps what it accepted."""

    secret: str
    failures: int = 0
    requests: int = 0
    accepted: list[dict[str, Any]] = field(default_factory=list)
    forged: int = 0

    def handle(self, request: httpx.Request) -> httpx.Response:
        """The receiver's handler."""
        self.requests += 1
        if not verify(self.secret, request.headers, request.content):
            self.forged += 1
            return httpx.Response(400)
        if self.requests <= self.failures:
            return httpx.Response(503, text="down for maintenance")
        self.accepted.append(json.loads(request.content))
        return httpx.Response(204)

    def transport(self) -> httpx.MockTransport:
        """A transport delivering to this receiver."""
        return httpx.MockTransport(self.handle)


@contextlib.asynccontextmanager
async def serving(app: Starlette) -> AsyncIterator[str]:
    """Serve ``app`` with uvicorn on a free port of 127.0.0.1; yield its base URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(
        app, lifespan="off", ws="none", log_level="warning", timeout_graceful_shutdown=1
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve(sockets=[sock]))
    while not server.started:  # noqa: ASYNC110 (uvicorn sets a flag, offers no event)
        await asyncio.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task
        sock.close()


@dataclass
class RecordingReceiver:
    """A receiver served over HTTP that checks signatures and keeps what it accepted."""

    secret: str = ""
    accepted: list[dict[str, Any]] = field(default_factory=list)
    got: asyncio.Event = field(default_factory=asyncio.Event)

    async def handle(self, request: Request) -> Response:
        """Accept a correctly signed event."""
        body = await request.body()
        if not verify(self.secret, request.headers, body):
            return Response(status_code=400)
        self.accepted.append(json.loads(body))
        self.got.set()
        return Response(status_code=204)

    def app(self) -> Starlette:
        """The receiver's app, POST /hook."""
        return Starlette(routes=[Route("/hook", self.handle, methods=["POST"])])
