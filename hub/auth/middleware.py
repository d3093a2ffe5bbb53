"""Authentication at the edge: bearer token or citizen session → ``Principal`` in the scope.

``Authorization: Bearer <jwt>`` must be a valid, unrevoked hub access token of an enabled
client, else the request ends with 401 and ``WWW-Authenticate: Bearer error="invalid_token"``.
Without a bearer token, a citizen signed in with e-identity is the principal, else ANONYMOUS.
``Hub-Purpose`` and ``Hub-Case`` travel on the principal.

The citizen session is a cookie, which a browser also sends when a page of another site opens
a WebSocket to the hub or posts a form to it. A request whose ``Origin`` is not the hub's own
(``HUB_ISSUER``) therefore does not carry the citizen session: it is anonymous, and reads of
personal data are refused. Requests without ``Origin`` (not made by a page) are unaffected.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Receive, Scope, Send

from hub.auth.server.bearer import principal_from_citizen, principal_from_token
from hub.auth.server.citizen import current_citizen
from hub.auth.server.key_cache import KeyCache
from hub.auth.tokens import TokenError
from hub.db import Database
from hub.http.session import request_session, state
from hub.kit.clock import utcnow
from hub.principals.principal import ANONYMOUS, Principal
from hub.settings import Settings

PURPOSE_HEADER = b"hub-purpose"
CASE_HEADER = b"hub-case"
MAX_PURPOSE_LENGTH = 64
MAX_CASE_LENGTH = 128

logger = logging.getLogger("hub.auth")


class HeaderRefused(Exception):
    """A ``Hub-Purpose`` or ``Hub-Case`` header the hub will not carry."""


class AuthenticationMiddleware:
    """Puts the request's ``Principal`` in ``scope["state"]["principal"]``."""

    def __init__(self, app: ASGIApp, database: Database, settings: Settings) -> None:
        self.app = app
        self.database = database
        self.settings = settings
        self.keys = KeyCache()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Authenticate one request, or answer it with 400 or 401."""
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = scope.get("headers", [])
        try:
            purpose = _context_header(headers, PURPOSE_HEADER, "Hub-Purpose", MAX_PURPOSE_LENGTH)
            case = _context_header(headers, CASE_HEADER, "Hub-Case", MAX_CASE_LENGTH)
        except HeaderRefused as refused:
            await _refuse(scope, receive, send, 400, "BAD_USER_INPUT", str(refused))
            return
        try:
            principal = await self._principal(scope, headers, purpose, case)
        except TokenError as error:
            await _refuse(scope, receive, send, 401, "UNAUTHENTICATED", error.message)
            return
        state(scope)["principal"] = principal
        await self.app(scope, receive, send)

    async def _principal(
        self,
        scope: Scope,
        headers: Iterable[tuple[bytes, bytes]],
        purpose: str | None,
        case: str | None,
    ) -> Principal:
        authorization = _header(headers, b"authorization")
        scheme, _, token = (authorization or "").partition(" ")
        if scheme.lower() == "bearer":
            return await principal_from_token(
                request_session(scope),
                token.strip(),
                keys=self.keys,
                settings=self.settings,
                now=utcnow(),
                purpose=purpose,
                case=case,
            )
        citizen = current_citizen(scope, self.settings)
        if citizen is not None:
            origin = _header(headers, b"origin")
            if origin is None or same_origin(origin, self.settings.issuer):
                return principal_from_citizen(citizen, purpose=purpose, case=case)
            # Another site's page made the browser send the session cookie.
            logger.warning("citizen session ignored on a request from origin %r", origin[:200])
        if purpose is None and case is None:
            return ANONYMOUS
        return Principal(kind=ANONYMOUS.kind, purpose=purpose, case=case)


def same_origin(origin: str, issuer: str) -> bool:
    """Tell whether an ``Origin`` header names the hub's own origin (scheme, host, port)."""
    theirs, ours = urlsplit(origin.strip()), urlsplit(issuer)
    default = {"http": 80, "https": 443}
    if ours.scheme not in default or not ours.hostname:
        # An issuer that is not an absolute http(s) URL matches nothing ("null" included).
        return False
    try:
        their_port = theirs.port or default.get(theirs.scheme)
        our_port = ours.port or default.get(ours.scheme)
    except ValueError:
        return False
    return (theirs.scheme, (theirs.hostname or "").lower(), their_port) == (
        ours.scheme,
        (ours.hostname or "").lower(),
        our_port,
    )


def _header(headers: Iterable[tuple[bytes, bytes]], name: bytes) -> str | None:
    for key, value in headers:
        if key.lower() == name:
            return value.decode("latin-1")
    return None


def _context_header(
    headers: Iterable[tuple[bytes, bytes]], name: bytes, label: str, limit: int
) -> str | None:
    raw = next((value for key, value in headers if key.lower() == name), None)
    if raw is None:
        return None
    try:
        # Case numbers are often Vietnamese ("Hồ sơ số 12/2025"): read the bytes as UTF-8.
        text = raw.decode("utf-8").strip()
    except UnicodeDecodeError:
        raise HeaderRefused(f"{label} must be UTF-8 text.") from None
    if any(ord(ch) < 0x20 or 0x7F <= ord(ch) < 0xA0 for ch in text):
        raise HeaderRefused(f"{label} must not contain control characters.")
    if len(text) > limit:
        raise HeaderRefused(f"{label} must be at most {limit} characters.")
    return text or None


async def _refuse(
    scope: Scope, receive: Receive, send: Send, status: int, code: str, message: str
) -> None:
    if scope["type"] == "websocket":
        # Refusing before the handshake is accepted makes the server answer it with 403.
        await receive()
        await send({"type": "websocket.close", "code": 1008, "reason": message[:100]})
        return
    body = json.dumps({"errors": [{"message": message, "extensions": {"code": code}}]}).encode()
    headers = [(b"content-type", b"application/json"), (b"cache-control", b"no-store")]
    if status == 401:
        safe = message.replace('"', "'").replace("\\", "/")
        challenge = f'Bearer realm="hub", error="invalid_token", error_description="{safe}"'
        headers.append((b"www-authenticate", challenge.encode("latin-1", "replace")))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
