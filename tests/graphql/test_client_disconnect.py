"""A client that goes away mid-request is not an error of the hub's."""

from __future__ import annotations

import logging

import pytest
from starlette.applications import Starlette
from starlette.types import Message

QUERY_BODY = b'{"query": "{ codeLists { id } }"}'


async def test_a_client_gone_before_its_body_arrived_logs_no_error(
    app: Starlette, caplog: pytest.LogCaptureFixture
) -> None:
    # Given a POST whose client disconnects after the first half of its body
    messages: list[Message] = [
        {"type": "http.request", "body": QUERY_BODY[:10], "more_body": True},
        {"type": "http.disconnect"},
    ]
    sent: list[Message] = []

    async def receive() -> Message:
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/graphql",
        "raw_path": b"/graphql",
        "root_path": "",
        "query_string": b"",
        "headers": [
            (b"host", b"hub.test"),
            (b"content-type", b"application/json"),
            (b"content-length", str(len(QUERY_BODY)).encode()),
        ],
        "client": ("127.0.0.1", 50000),
        "server": ("hub.test", 80),
    }
    # When the app serves it
    with caplog.at_level(logging.INFO):
        await app(scope, receive, send)
    # Then nothing is sent, nothing raised, and the log holds no error, only a note
    assert sent == []
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []
    assert "client disconnected" in caplog.text
