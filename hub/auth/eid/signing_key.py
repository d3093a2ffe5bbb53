"""The key that signs the hub's browser cookies, derived from ``HUB_SESSION_SECRET``."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from hub.settings import Settings

# Outside production an unset secret is replaced by one drawn when the process starts: sessions
# then end at a restart and are not shared between workers, which is fine on a laptop.
_PROCESS_SECRET = secrets.token_bytes(32)


def cookie_key(settings: Settings, purpose: str) -> bytes:
    """Return the HMAC key for cookies of ``purpose``, derived from the session secret.

    A key per purpose keeps one cookie's signature useless for another even if the payload
    formats were ever to coincide.
    """
    secret = (
        settings.session_secret.get_secret_value().encode()
        if settings.session_secret
        else _PROCESS_SECRET
    )
    return hmac.new(secret, f"hub.cookie-key.{purpose}".encode(), hashlib.sha256).digest()
