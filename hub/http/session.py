"""The database session of one request, committed or rolled back at the edge.

The session is opened lazily (``/healthz`` never touches the database) and committed just
before the response starts, so that a client never sees success for a write that was not kept.
When that commit fails, the response is replaced by a coded error (INTERNAL, with a reference
in the log) instead of a bare "Internal Server Error": nothing the request wrote was kept.
"""

from __future__ import annotations

import json
import logging
import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from hub.db import Database

_STATE_KEY = "hub.session"
logger = logging.getLogger("hub.http")


class _SessionHolder:
    def __init__(self, database: Database) -> None:
        self._database = database
        self.session: AsyncSession | None = None

    def get(self) -> AsyncSession:
        if self.session is None:
            self.session = self._database.session()
        return self.session


def request_session(scope: Scope) -> AsyncSession:
    """Return the session of the request in ``scope``."""
    holder: _SessionHolder = scope["state"][_STATE_KEY]
    return holder.get()


async def release_request_connection(scope: Scope) -> None:
    """End the request's transaction so far (committing it) and hand its connection back.

    For edge steps that need a connection of their own while the request waits: were every
    pooled connection held by a request waiting for another, they would wait for ever. The
    session opens a new transaction, with a new connection, when it is used again.
    """
    holder: _SessionHolder | None = scope.get("state", {}).get(_STATE_KEY)
    if holder is not None and holder.session is not None and holder.session.in_transaction():
        await holder.session.commit()


class DatabaseSessionMiddleware:
    """Gives each HTTP request one session; commit on success, roll back on error."""

    def __init__(self, app: ASGIApp, database: Database) -> None:
        self.app = app
        self.database = database

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Run the request inside its session."""
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        holder = _SessionHolder(self.database)
        scope.setdefault("state", {})[_STATE_KEY] = holder

        replaced = False

        async def send_after_commit(message: Message) -> None:
            nonlocal replaced
            if message["type"] == "http.response.start" and holder.session is not None:
                try:
                    await holder.session.commit()
                except Exception:
                    await holder.session.rollback()
                    replaced = True
                    await _send_commit_failure(send)
            if not replaced:
                await send(message)

        try:
            await self.app(scope, receive, send_after_commit)
        except BaseException:
            if holder.session is not None:
                await holder.session.rollback()
            raise
        finally:
            if holder.session is not None:
                await holder.session.close()


async def _send_commit_failure(send: Send) -> None:
    reference = uuid.uuid4().hex[:12]
    logger.exception("commit at the request edge failed %s", reference)
    error = {
        "message": f"Internal error (reference {reference}).",
        "extensions": {"code": "INTERNAL", "reference": reference},
    }
    headers = [(b"content-type", b"application/json"), (b"cache-control", b"no-store")]
    await send({"type": "http.response.start", "status": 500, "headers": headers})
    await send({"type": "http.response.body", "body": json.dumps({"errors": [error]}).encode()})


def state(scope: Scope) -> dict[str, Any]:
    """Return the mutable per-request state of ``scope``."""
    return scope.setdefault("state", {})  # type: ignore[no-any-return]
