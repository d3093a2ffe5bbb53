"""A simulator of the social-insurance card system's API for development, demos and tests:
its own token endpoint, pages of generated persons, latency, and switchable faults.

Faults (each request to the persons endpoint draws one with probability ``rate``):
``500`` an internal error; ``timeout`` an answer slower than any sane client waits;
``reset`` the connection dropped halfway through the body; ``malformed`` a page cut off
mid-JSON; ``repeat`` a page whose next token points at itself, so it is served twice;
``429`` rate limited with ``Retry-After``.
"""

from __future__ import annotations

import asyncio
import base64
import json
import random
import secrets
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

FAULTS = ("500", "timeout", "reset", "malformed", "repeat", "429")


@dataclass
class SimulatorOptions:
    """What the simulator serves and how it misbehaves."""

    client_id: str = "hub"
    client_secret: str = "simulator-secret"
    token_ttl_seconds: int = 3600
    latency_seconds: float = 0.0
    faults: Sequence[str] = ()
    fault_rate: float = 0.0
    faults_after_requests: int = 0
    """Faults start after this many requests to the persons endpoint (a source that goes
    down mid-run)."""
    timeout_delay_seconds: float = 30.0
    seed: int = 0
    max_page_size: int = 5000
    served: int = 0
    """Requests to the persons endpoint so far (the simulator counts them here)."""


@dataclass
class _State:
    items: list[dict[str, Any]]
    options: SimulatorOptions
    tokens: dict[str, float] = field(default_factory=dict)
    rng: random.Random = field(default_factory=random.Random)


def create_simulator(items: list[dict[str, Any]], options: SimulatorOptions) -> Starlette:
    """Return the simulator app serving ``items`` (already in the API's order)."""
    unknown = sorted(set(options.faults) - set(FAULTS))
    if unknown:
        raise ValueError(f"unknown faults {unknown}; known: {', '.join(FAULTS)}")
    state = _State(items, options, rng=random.Random(f"faults:{options.seed}"))

    async def token(request: Request) -> Response:
        form = parse_qs((await request.body()).decode(errors="replace"))
        if form.get("grant_type") != ["client_credentials"]:
            return JSONResponse({"error": "unsupported_grant_type"}, status_code=400)
        credentials = _basic(request.headers.get("authorization", ""))
        if credentials != (options.client_id, options.client_secret):
            return JSONResponse({"error": "invalid_client"}, status_code=401)
        issued = secrets.token_urlsafe(24)
        state.tokens[issued] = time.monotonic() + options.token_ttl_seconds
        return JSONResponse(
            {
                "access_token": issued,
                "token_type": "Bearer",
                "expires_in": options.token_ttl_seconds,
            }
        )

    async def persons(request: Request) -> Response:
        options.served += 1
        bearer = request.headers.get("authorization", "").removeprefix("Bearer ")
        if state.tokens.get(bearer, 0.0) < time.monotonic():
            return JSONResponse({"error": "invalid_token"}, status_code=401)
        if options.latency_seconds:
            await asyncio.sleep(options.latency_seconds)
        try:
            size = min(int(request.query_params.get("page_size", "500")), options.max_page_size)
            offset, since = _position(request)
        except ValueError as error:
            return JSONResponse({"error": "invalid_request", "detail": str(error)}, 400)
        if size < 1:
            return JSONResponse({"error": "invalid_request", "detail": "page_size < 1"}, 400)
        fault = _draw(state)
        if fault == "500":
            return JSONResponse({"error": "internal"}, status_code=500)
        if fault == "429":
            return JSONResponse(
                {"error": "slow down"}, status_code=429, headers={"Retry-After": "0"}
            )
        if fault == "timeout":
            await asyncio.sleep(options.timeout_delay_seconds)
        chosen = [i for i in state.items if since is None or str(i["cap_nhat_luc"]) >= since]
        page = chosen[offset : offset + size]
        body: dict[str, Any] = {"items": page}
        if offset + size < len(chosen):
            body["next_page_token"] = _token(offset + size, since)
        if fault == "repeat":
            body["next_page_token"] = _token(offset, since)
        encoded = json.dumps(body, ensure_ascii=False).encode()
        if fault == "malformed":
            return Response(encoded[: len(encoded) // 2], media_type="application/json")
        if fault == "reset":
            return _Dropped(encoded)
        return Response(encoded, media_type="application/json")

    return Starlette(
        routes=[
            Route("/oauth/token", token, methods=["POST"]),
            Route("/api/v1/nguoi-tham-gia", persons, methods=["GET"]),
        ]
    )


class _Dropped(Response):
    """Announces the whole body, sends half of it and drops the connection."""

    def __init__(self, body: bytes) -> None:
        super().__init__(body, media_type="application/json")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": self.raw_headers})
        half = self.body[: len(self.body) // 2]
        await send({"type": "http.response.body", "body": half, "more_body": True})
        raise ConnectionResetError("simulated connection reset")


def _draw(state: _State) -> str | None:
    options = state.options
    if options.served <= options.faults_after_requests:
        return None
    if options.faults and state.rng.random() < options.fault_rate:
        return state.rng.choice(list(options.faults))
    return None


def _basic(header: str) -> tuple[str, str] | None:
    if not header.startswith("Basic "):
        return None
    try:
        user, _, password = base64.b64decode(header[6:]).decode().partition(":")
    except ValueError:
        return None
    return user, password


def _token(offset: int, since: str | None) -> str:
    raw = json.dumps({"o": offset, "s": since}).encode()
    return base64.urlsafe_b64encode(raw).decode()


def _position(request: Request) -> tuple[int, str | None]:
    since = request.query_params.get("updated_since")
    token = request.query_params.get("page_token")
    if not token:
        return 0, since
    try:
        decoded = json.loads(base64.urlsafe_b64decode(token.encode()))
        return int(decoded["o"]), decoded["s"]
    except (ValueError, KeyError, TypeError) as error:
        raise ValueError(f"bad page_token: {error}") from error
