"""The published verification keys, cached briefly per app and refreshed on an unknown ``kid``."""

from __future__ import annotations

import time
from collections.abc import Mapping
from datetime import datetime

from cryptography.hazmat.primitives.asymmetric import ec
from sqlalchemy.ext.asyncio import AsyncSession

from hub.auth.keys import load_key_ring

DEFAULT_TTL_SECONDS = 60.0


class KeyCache:
    """Verification keys for bearer tokens, so that most requests need no key query.

    A token signed by a key this process has not seen yet (a rotation in another process)
    names an unknown ``kid``: the keys are then reloaded at once.
    """

    def __init__(self, ttl_seconds: float = DEFAULT_TTL_SECONDS) -> None:
        self._ttl = ttl_seconds
        self._keys: Mapping[str, ec.EllipticCurvePublicKey] = {}
        self._loaded_at: float | None = None

    async def keys_for(
        self, session: AsyncSession, kid: str | None, now: datetime
    ) -> Mapping[str, ec.EllipticCurvePublicKey]:
        """Return the keys, reloaded when stale or when ``kid`` is not among them."""
        stale = self._loaded_at is None or time.monotonic() - self._loaded_at > self._ttl
        if stale or (kid is not None and kid not in self._keys):
            ring = await load_key_ring(session, now)
            self._keys = ring.verification
            self._loaded_at = time.monotonic()
        return self._keys
