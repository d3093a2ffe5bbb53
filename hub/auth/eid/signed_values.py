"""Tamper-evident values for cookies: JSON, base64url-encoded, with an HMAC-SHA256 tag.

Each value is bound to a ``purpose`` so that a value minted for one use (the login state, the
citizen session, a development authorization code) is refused for every other. Values are
signed, not encrypted: never put a secret the browser must not see in one.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from typing import Any

_VERSION = "v1"


def _b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _tag(key: bytes, purpose: str, body: str) -> bytes:
    message = f"{_VERSION}\x00{purpose}\x00{body}".encode()
    return hmac.new(key, message, hashlib.sha256).digest()


def sign_value(key: bytes, purpose: str, payload: dict[str, Any]) -> str:
    """Return ``payload`` as a compact signed string for ``purpose``."""
    body = _b64encode(json.dumps(payload, separators=(",", ":"), sort_keys=True).encode())
    return f"{_VERSION}.{body}.{_b64encode(_tag(key, purpose, body))}"


def unsign_value(key: bytes, purpose: str, value: str) -> dict[str, Any] | None:
    """Return the payload of a value made by ``sign_value`` for ``purpose``, or ``None`` when
    the value is malformed, signed with another key or made for another purpose."""
    parts = value.split(".")
    if len(parts) != 3 or parts[0] != _VERSION:
        return None
    _version, body, tag = parts
    try:
        given = _b64decode(tag)
        if not hmac.compare_digest(given, _tag(key, purpose, body)):
            return None
        payload = json.loads(_b64decode(body))
    except (binascii.Error, ValueError):
        return None
    return payload if isinstance(payload, dict) else None
