"""The provider's signing keys (JWKS), cached and refetched when an unknown key id appears."""

from __future__ import annotations

import time
from collections.abc import Callable

import jwt

from hub.auth.eid.errors import ProviderUnavailable, SignInRefused
from hub.auth.eid.provider_http import ProviderHttp

_INVALID_TOKEN = (
    "Mã xác thực từ hệ thống định danh điện tử không hợp lệ. / The identity token from the "
    "e-identity provider is not valid."
)
# A token naming an unknown key triggers a refetch (the provider rotated its keys), but not
# more often than this, so that forged tokens cannot make the hub hammer the provider.
_REFETCH_INTERVAL_SECONDS = 10.0


class KeyCache:
    """Signature-verification keys of one provider."""

    def __init__(
        self,
        http: ProviderHttp,
        cache_seconds: int,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._http = http
        self._cache_seconds = cache_seconds
        self._clock = clock
        self._keys: list[tuple[dict[str, object], jwt.PyJWK]] = []
        self._uri: str | None = None
        self._fetched_at = float("-inf")

    async def _fetch(self, jwks_uri: str) -> None:
        document = await self._http.get_json(jwks_uri)
        entries = document.get("keys")
        if not isinstance(entries, list):
            raise ProviderUnavailable(_INVALID_TOKEN, detail="jwks: no keys array")
        keys: list[tuple[dict[str, object], jwt.PyJWK]] = []
        for entry in entries:
            # Encryption keys and keys of types PyJWT cannot use are not signing keys here.
            if not isinstance(entry, dict) or entry.get("use", "sig") != "sig":
                continue
            try:
                keys.append((entry, jwt.PyJWK(entry)))
            except jwt.PyJWTError:
                continue
        self._keys, self._uri, self._fetched_at = keys, jwks_uri, self._clock()

    def _find(self, kid: str | None) -> tuple[dict[str, object], jwt.PyJWK] | None:
        if kid is None:
            return self._keys[0] if len(self._keys) == 1 else None
        return next((found for found in self._keys if found[1].key_id == kid), None)

    async def key_for(self, jwks_uri: str, kid: str | None, algorithm: str) -> jwt.PyJWK:
        """Return the key that verifies a token with header ``kid`` and ``alg``."""
        if self._uri != jwks_uri or self._age() >= self._cache_seconds:
            await self._fetch(jwks_uri)
        found = self._find(kid)
        if found is None and self._age() >= _REFETCH_INTERVAL_SECONDS:
            await self._fetch(jwks_uri)
            found = self._find(kid)
        if found is None:
            raise SignInRefused(_INVALID_TOKEN, detail=f"id_token: no key with kid {kid!r}")
        entry, key = found
        declared = entry.get("alg")
        if declared is not None and declared != algorithm:
            raise SignInRefused(
                _INVALID_TOKEN, detail=f"id_token: key {kid!r} is for {declared}, not {algorithm}"
            )
        return key

    def _age(self) -> float:
        return self._clock() - self._fetched_at
