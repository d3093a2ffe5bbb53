"""One POST of one event to one endpoint, bounded in time and in what is read back.

Redirects are not followed (a redirect could point the hub at its own network, past the check
made at registration); the receiver's answer is read up to a byte limit and then dropped; the
whole attempt has a deadline, so a receiver that trickles its answer forever is cut off too.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

import httpx

from hub.feed.settings import FeedSettings

_ERROR_LENGTH = 255


@dataclass(frozen=True)
class Attempt:
    """What one attempt came to: ``delivered`` when the receiver answered 2xx."""

    delivered: bool
    status_code: int | None
    error: str | None
    duration_ms: int


def client(
    settings: FeedSettings, transport: httpx.AsyncBaseTransport | None = None
) -> httpx.AsyncClient:
    """An HTTP client for one endpoint's deliveries: the timeouts of ``settings``, no redirects."""
    timeout = httpx.Timeout(
        connect=settings.webhook_connect_seconds,
        read=settings.webhook_read_seconds,
        write=settings.webhook_read_seconds,
        pool=settings.webhook_connect_seconds,
    )
    return httpx.AsyncClient(timeout=timeout, follow_redirects=False, transport=transport)


def deadline(settings: FeedSettings) -> float:
    """Seconds one attempt may take in all."""
    return settings.webhook_connect_seconds + settings.webhook_read_seconds + 5.0


async def post(
    http: httpx.AsyncClient,
    url: str,
    body: bytes,
    headers: dict[str, str],
    settings: FeedSettings,
) -> Attempt:
    """POST ``body`` to ``url``; never raises for what the receiver or the network does."""
    started = time.monotonic()
    status: int | None = None
    note: str | None = None
    try:
        async with asyncio.timeout(deadline(settings)):
            async with http.stream("POST", url, content=body, headers=headers) as response:
                status = response.status_code
                note = await _drain(response, settings.webhook_max_response_bytes)
    except TimeoutError:
        note = f"no complete answer within {deadline(settings):g} s: cut off"
    except httpx.TimeoutException as error:
        note = f"timed out ({type(error).__name__})"
    except httpx.HTTPError as error:
        note = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
    elapsed = int((time.monotonic() - started) * 1000)
    delivered = status is not None and 200 <= status < 300
    if status is not None and 300 <= status < 400 and note is None:
        note = "redirect not followed"
    elif status is not None and not delivered and note is None:
        note = f"HTTP {status}"
    return Attempt(delivered, status, note[:_ERROR_LENGTH] if note else None, elapsed)


async def _drain(response: httpx.Response, limit: int) -> str | None:
    """Read the answer up to ``limit`` bytes; say so when it was longer (the rest is dropped
    with the connection)."""
    read = 0
    if response.is_stream_consumed:  # an in-memory answer (a test transport) is read already
        read = len(response.content)
    else:
        async for chunk in response.aiter_raw():
            read += len(chunk)
            if read > limit:
                break
    return f"answer longer than {limit} bytes: cut off" if read > limit else None
