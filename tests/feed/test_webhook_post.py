"""One POST to a receiver that misbehaves: a redirect is not followed and an unreachable address
is a recorded failure; an answer that never ends is cut off at the attempt's deadline."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator

import httpx
import pytest

import hub.feed.webhooks.post as post_module
from hub.feed.settings import FeedSettings
from hub.feed.webhooks.post import client, post

SETTINGS = FeedSettings(webhook_connect_seconds=1, webhook_read_seconds=1)
BODY = b'{"id": "1"}'


async def test_a_redirect_is_recorded_and_not_followed() -> None:
    # Given a receiver answering with a redirect into the hub's own network
    seen: list[str] = []

    def redirect(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(307, headers={"location": "http://10.0.0.1/admin"})

    # When an event is posted to it
    async with client(SETTINGS, httpx.MockTransport(redirect)) as http:
        attempt = await post(http, "https://agency.example.vn/hook", BODY, {}, SETTINGS)
    # Then the attempt failed, said why, and the redirect target was never asked
    assert (attempt.delivered, attempt.status_code, attempt.error) == (
        False,
        307,
        "redirect not followed",
    )
    assert seen == ["https://agency.example.vn/hook"]


async def test_an_unreachable_receiver_is_a_recorded_failure() -> None:
    # Given a local port nobody listens on
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # When an event is posted there
    async with client(SETTINGS) as http:
        attempt = await post(http, f"http://127.0.0.1:{port}/hook", BODY, {}, SETTINGS)
    # Then the attempt failed without an answer, naming the connection error
    assert not attempt.delivered and attempt.status_code is None
    assert attempt.error is not None and attempt.error.startswith("ConnectError")
    assert attempt.duration_ms < SETTINGS.webhook_connect_seconds * 1000 * 2


class _Endless(httpx.AsyncByteStream):
    """An answer that trickles a byte at a time and never ends."""

    async def __aiter__(self) -> AsyncIterator[bytes]:
        while True:
            await asyncio.sleep(0.02)
            yield b"."


async def test_an_answer_that_never_ends_is_cut_off_at_the_deadline(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Given a receiver that answers 200 and never finishes its body (each byte well inside the
    # read timeout), and a deadline of half a second for the whole attempt
    monkeypatch.setattr(post_module, "deadline", lambda settings: 0.5)

    def endless(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, stream=_Endless())

    # When an event is posted to it
    async with client(SETTINGS, httpx.MockTransport(endless)) as http:
        attempt = await post(http, "https://agency.example.vn/hook", BODY, {}, SETTINGS)
    # Then the attempt is cut off at the deadline, the cut noted; the 200 already received
    # counts, as for an answer longer than the limit
    assert (attempt.delivered, attempt.status_code) == (True, 200)
    assert attempt.error == "no complete answer within 0.5 s: cut off"
    assert 450 <= attempt.duration_ms < 1500
