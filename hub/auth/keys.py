"""The keys that sign the hub's tokens: creation, rotation, the JWKS, the verification set.

The hub signs with ES256 only (pinned on both sides): FAPI 2.0 allows it and forbids RS256,
its keys are small and quick to make. The active key signs; ``rotate_signing_key`` retires it
and keeps it published until the last token it signed has expired, so rotation never breaks a
valid token. Private keys are stored in the ``signing_key`` table as PKCS#8 PEM.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from jwt.algorithms import ECAlgorithm
from sqlalchemy.ext.asyncio import AsyncSession

from hub.auth import keys_repository
from hub.auth.models import SigningKey
from hub.kit.clock import utcnow
from hub.settings import Settings

ALGORITHM = "ES256"
# Tokens are checked with this much clock skew allowed, so a retired key outlives them by it.
CLOCK_SKEW = timedelta(seconds=30)


class KeyStatus(StrEnum):
    """Where a key is in its life."""

    ACTIVE = "active"  # signs new tokens
    RETIRED = "retired"  # signs nothing, still published for the tokens it signed
    EXPIRED = "expired"  # unpublished: every token it signed has expired


@dataclass(frozen=True)
class Signer:
    """The private key that signs new tokens, with its ``kid``."""

    kid: str
    private_key: ec.EllipticCurvePrivateKey


@dataclass(frozen=True)
class KeyRing:
    """The keys of one moment: the signer (if any key exists) and every published public key."""

    signer: Signer | None
    verification: Mapping[str, ec.EllipticCurvePublicKey]
    public_jwks: tuple[dict[str, Any], ...]

    def jwks(self) -> dict[str, Any]:
        """Return the JSON Web Key Set that ``/oauth2/jwks`` publishes."""
        return {"keys": list(self.public_jwks)}


def key_status(key: SigningKey, now: datetime) -> KeyStatus:
    """Return the status of ``key`` at ``now``."""
    if key.retired_at is None:
        return KeyStatus.ACTIVE
    if key.expires_at is not None and key.expires_at > now:
        return KeyStatus.RETIRED
    return KeyStatus.EXPIRED


def new_signing_key(now: datetime) -> SigningKey:
    """Generate a P-256 key; its ``kid`` is its RFC 7638 thumbprint."""
    private_key = ec.generate_private_key(ec.SECP256R1())
    jwk = ECAlgorithm.to_jwk(private_key.public_key(), as_dict=True)
    public = {"kty": jwk["kty"], "crv": jwk["crv"], "x": jwk["x"], "y": jwk["y"]}
    kid = _thumbprint(public)
    pem = private_key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode("ascii")
    return SigningKey(
        kid=kid,
        algorithm=ALGORITHM,
        private_pem=pem,
        public_jwk={**public, "kid": kid, "alg": ALGORITHM, "use": "sig"},
        created_at=now,
    )


async def ensure_signing_key(session: AsyncSession) -> SigningKey:
    """Return the active signing key, creating the first one when there is none."""
    existing = await keys_repository.active(session)
    if existing:
        return existing[0]
    return await keys_repository.add(session, new_signing_key(utcnow()))


async def rotate_signing_key(
    session: AsyncSession, settings: Settings, *, now: datetime | None = None
) -> SigningKey:
    """Make a new active key and retire the others until their last token has expired."""
    at = now or utcnow()
    retiring = [key.kid for key in await keys_repository.active(session)]
    published_until = at + timedelta(seconds=settings.access_token_ttl_seconds) + CLOCK_SKEW
    await keys_repository.retire(session, retiring, at=at, published_until=published_until)
    return await keys_repository.add(session, new_signing_key(at))


async def signing_keys(session: AsyncSession) -> list[SigningKey]:
    """Return every key, newest first (for ``hub keys list``)."""
    return await keys_repository.every(session)


async def load_key_ring(session: AsyncSession, now: datetime) -> KeyRing:
    """Return the published keys at ``now`` and the signer (without creating one)."""
    published = await keys_repository.published(session, now)
    active = [key for key in published if key.retired_at is None]
    signer = None
    if active:
        private = serialization.load_pem_private_key(active[0].private_pem.encode(), None)
        if not isinstance(private, ec.EllipticCurvePrivateKey):
            raise TypeError(f"signing key {active[0].kid} is not an EC key")
        signer = Signer(active[0].kid, private)
    verification: dict[str, ec.EllipticCurvePublicKey] = {}
    for key in published:
        public = ECAlgorithm.from_jwk(json.dumps(key.public_jwk))
        if isinstance(public, ec.EllipticCurvePublicKey):
            verification[key.kid] = public
    return KeyRing(signer, verification, tuple(dict(key.public_jwk) for key in published))


def _thumbprint(public: Mapping[str, Any]) -> str:
    # RFC 7638: the required members in lexicographic order, no whitespace.
    canonical = json.dumps(
        {name: public[name] for name in ("crv", "kty", "x", "y")}, separators=(",", ":")
    )
    digest = hashlib.sha256(canonical.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")
