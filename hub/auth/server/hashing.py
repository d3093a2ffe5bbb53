"""How one-time secrets (codes, refresh tokens, consent form ids) are stored: as SHA-256.

They are random and long, so a plain hash suffices (no salt or stretching): a leaked table
gives nothing to present back to the hub.
"""

from __future__ import annotations

import hashlib


def token_hash(value: str) -> str:
    """Return the hex SHA-256 of ``value``."""
    return hashlib.sha256(value.encode("utf-8")).hexdigest()
