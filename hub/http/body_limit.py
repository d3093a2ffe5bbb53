"""A cap on the size of a request body, checked before and while it is read.

A body announced larger than the cap (``Content-Length``) is refused before a byte of it is
read; a body that grows past the cap while it streams (chunked, or a lying ``Content-Length``)
is refused as soon as it does, so that no request makes the hub buffer more than the cap.
``limited_receive`` guards an ASGI app that reads the body itself (Strawberry's view);
``read_body`` reads it for an endpoint that parses the body on its own (the token endpoint).
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.types import Message, Receive, Scope


class BodyTooLarge(Exception):
    """The request body is larger than the cap."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"The request body is larger than {limit} bytes.")
        self.limit = limit


def declared_length(scope: Scope) -> int | None:
    """Return the request's ``Content-Length``, or None when absent or not a number."""
    for name, value in scope.get("headers", []):
        if name.lower() == b"content-length":
            text = value.decode("latin-1").strip()
            return int(text) if text.isdigit() else None
    return None


def limited_receive(scope: Scope, receive: Receive, limit: int) -> Receive:
    """Return ``receive`` raising ``BodyTooLarge`` once more than ``limit`` bytes arrived.

    Raises at once, without reading, when the body is announced larger than ``limit``.
    """
    declared = declared_length(scope)
    if declared is not None and declared > limit:
        raise BodyTooLarge(limit)
    received = 0

    async def receive_within_limit() -> Message:
        nonlocal received
        message = await receive()
        if message["type"] == "http.request":
            received += len(message.get("body", b""))
            if received > limit:
                raise BodyTooLarge(limit)
        return message

    return receive_within_limit


async def read_body(request: Request, limit: int) -> bytes:
    """Return the whole body of ``request``, or raise ``BodyTooLarge`` once it passes ``limit``."""
    declared = declared_length(request.scope)
    if declared is not None and declared > limit:
        raise BodyTooLarge(limit)
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise BodyTooLarge(limit)
    return bytes(body)
