"""Security of the pages: response headers, and CSRF double-submit tokens on every POST.

The CSRF token is a random value in the ``hub_csrf`` cookie, repeated by each form in a hidden
field; a POST whose field does not equal the cookie is refused. The cookie is bound to the
session cookie it was issued with (a hash of it after the dot), so a new sign-in gets a new
token: the token rotates with the session.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from starlette.requests import Request
from starlette.responses import Response

from hub.auth.eid.session import CITIZEN_SESSION_COOKIE

CSRF_COOKIE = "hub_csrf"
CSRF_FIELD = "csrf_token"
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; "
    "object-src 'none'"
)
HEADERS = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
    "cache-control": "no-store",
}


def _binding(request: Request) -> str:
    session = request.cookies.get(CITIZEN_SESSION_COOKIE, "")
    return hashlib.sha256(session.encode()).hexdigest()[:16]


def csrf_token(request: Request) -> tuple[str, bool]:
    """Return this browser's CSRF token, and whether it is new (to be set as a cookie).

    A new token is drawn once per request (kept on the request), so that the page's forms and
    the cookie set with it agree.
    """
    current = request.cookies.get(CSRF_COOKIE, "")
    _, _, bound = current.rpartition(".")
    if current and hmac.compare_digest(bound, _binding(request)):
        return current, False
    drawn = getattr(request.state, "csrf_drawn", None)
    if drawn is None:
        drawn = f"{secrets.token_urlsafe(24)}.{_binding(request)}"
        request.state.csrf_drawn = drawn
    return str(drawn), True


def csrf_ok(request: Request, submitted: str | None) -> bool:
    """Tell whether a POST carries the token of its cookie, bound to the current session."""
    cookie = request.cookies.get(CSRF_COOKIE)
    if not cookie or not submitted:
        return False
    _, _, bound = cookie.rpartition(".")
    return hmac.compare_digest(cookie, submitted) and hmac.compare_digest(bound, _binding(request))


def secure_response(response: Response, request: Request, *, secure: bool) -> Response:
    """Add the security headers, and the CSRF cookie when the browser has none yet."""
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    token, new = csrf_token(request)
    if new:
        response.set_cookie(
            CSRF_COOKIE, token, path="/", secure=secure, httponly=True, samesite="strict"
        )
    return response
