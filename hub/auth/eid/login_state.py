"""The state of one sign-in between ``/auth/login`` and ``/auth/callback``.

``state``, ``nonce`` and the PKCE ``code_verifier`` are bound to the browser by a signed,
HttpOnly, SameSite=Lax cookie that lives ``HUB_EID_LOGIN_TIMEOUT_SECONDS``; no table is needed.
A second sign-in started in the same browser replaces the first.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import time
from dataclasses import dataclass

from hub.auth.eid.signed_values import sign_value, unsign_value
from hub.auth.eid.signing_key import cookie_key
from hub.settings import Settings

LOGIN_STATE_COOKIE = "hub_eid_login"
LOGIN_STATE_PATH = "/auth"
_PURPOSE = "eid-login-state"


@dataclass(frozen=True)
class LoginState:
    """One pending sign-in: what the callback must find again."""

    state: str
    nonce: str
    code_verifier: str
    next_path: str
    issuer: str
    created_at: int

    @property
    def code_challenge(self) -> str:
        """The PKCE S256 challenge of ``code_verifier`` (RFC 7636 §4.2)."""
        digest = hashlib.sha256(self.code_verifier.encode("ascii")).digest()
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def new_login_state(next_path: str, issuer: str) -> LoginState:
    """Draw fresh ``state``, ``nonce`` and ``code_verifier`` for a sign-in at ``issuer``."""
    return LoginState(
        state=secrets.token_urlsafe(32),
        nonce=secrets.token_urlsafe(32),
        code_verifier=secrets.token_urlsafe(64),
        next_path=next_path,
        issuer=issuer,
        created_at=int(time.time()),
    )


def encode_login_state(login: LoginState, settings: Settings) -> str:
    """Return the cookie value of ``login``."""
    payload = {
        "state": login.state,
        "nonce": login.nonce,
        "verifier": login.code_verifier,
        "next": login.next_path,
        "iss": login.issuer,
        "at": login.created_at,
    }
    return sign_value(cookie_key(settings, _PURPOSE), _PURPOSE, payload)


def decode_login_state(value: str | None, settings: Settings) -> LoginState | None:
    """Return the pending sign-in in a cookie value, or ``None`` if tampered with or too old."""
    if not value:
        return None
    payload = unsign_value(cookie_key(settings, _PURPOSE), _PURPOSE, value)
    if payload is None:
        return None
    fields = [payload.get(k) for k in ("state", "nonce", "verifier", "next", "iss")]
    created_at = payload.get("at")
    if not all(isinstance(f, str) for f in fields) or not isinstance(created_at, int):
        return None
    if time.time() - created_at > settings.eid_login_timeout_seconds:
        return None
    state, nonce, verifier, next_path, issuer = (str(f) for f in fields)
    return LoginState(state, nonce, verifier, next_path, issuer, created_at)
