"""The development provider's RSA signing key and its JWKS.

Generated when the process first needs it and never stored: a restart makes a new key, which
the relying party picks up from the JWKS like any key rotation.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

ALGORITHM = "RS256"


@dataclass(frozen=True)
class DevSigningKey:
    """A private key with the key id and public JWK that announce it."""

    kid: str
    private_key: rsa.RSAPrivateKey
    public_jwk: dict[str, Any]


@functools.cache
def dev_signing_key() -> DevSigningKey:
    """Return this process's signing key, generating it on first use."""
    private_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    jwk: dict[str, Any] = RSAAlgorithm.to_jwk(private_key.public_key(), as_dict=True)
    # RFC 7638 thumbprint as key id: stable for the key, different after a restart.
    canonical = json.dumps({k: jwk[k] for k in ("e", "kty", "n")}, separators=(",", ":"))
    digest = hashlib.sha256(canonical.encode()).digest()
    kid = base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")[:16]
    return DevSigningKey(kid, private_key, {**jwk, "kid": kid, "use": "sig", "alg": ALGORITHM})


def dev_jwks() -> dict[str, list[dict[str, Any]]]:
    """Return the public JWKS of the development provider."""
    return {"keys": [dev_signing_key().public_jwk]}
