"""Client secrets: made random, stored as salted scrypt hashes, compared in constant time."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

_SCHEME = "scrypt"
_N, _R, _P = 2**14, 8, 1
_LENGTH = 32
_DECOY_SALT = secrets.token_bytes(16)


def new_client_secret() -> str:
    """Return a fresh client secret (256 bits, URL-safe)."""
    return secrets.token_urlsafe(32)


def hash_client_secret(secret: str) -> str:
    """Return ``secret`` hashed with scrypt and a per-secret salt, parameters included."""
    salt = secrets.token_bytes(16)
    digest = _scrypt(secret, salt, _N, _R, _P)
    return "$".join([_SCHEME, str(_N), str(_R), str(_P), _b64(salt), _b64(digest)])


def verify_client_secret(secret: str, stored: str | None) -> bool:
    """Tell whether ``secret`` matches the ``stored`` hash (False for a missing or bad hash).

    Without a usable hash (an unknown client, one without a secret) a decoy hash is computed
    all the same: how long the answer takes must not tell which client ids have a secret.
    """
    parts = (stored or "").split("$")
    if len(parts) != 6 or parts[0] != _SCHEME:
        _decoy(secret)
        return False
    try:
        n, r, p = int(parts[1]), int(parts[2]), int(parts[3])
        salt, expected = _unb64(parts[4]), _unb64(parts[5])
        actual = _scrypt(secret, salt, n, r, p)
    except ValueError:  # malformed parameters or encoding
        _decoy(secret)
        return False
    return hmac.compare_digest(actual, expected)


def _decoy(secret: str) -> None:
    _scrypt(secret, _DECOY_SALT, _N, _R, _P)


def _scrypt(secret: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        secret.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=_LENGTH, maxmem=64 * 1024 * 1024
    )


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
