"""``private_key_jwt`` client authentication (RFC 7523) with replay protection.

The assertion's ``aud`` must be the token endpoint URL or the issuer; its ``jti`` is recorded
until the assertion expires, and a second use is refused. An assertion may live at most ten
minutes, which bounds how long a ``jti`` must be remembered.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from authlib.oauth2.rfc6749 import InvalidClientError
from authlib.oauth2.rfc7523 import JWTBearerClientAssertion
from joserfc import jwt as jose_jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from hub.auth.server.client import HubClient
from hub.auth.server.effects import ClaimAssertion
from hub.auth.server.snapshot import Snapshot

METHOD = "private_key_jwt"
# What the hub accepts from clients; "none" and HMAC algorithms are never among them.
ALGORITHMS = ["ES256", "PS256", "RS256", "EdDSA"]
MAX_LIFETIME = timedelta(minutes=10)
MAX_JTI_LENGTH = 255


class PrivateKeyJwtAuthentication(JWTBearerClientAssertion):  # type: ignore[misc]
    """authlib's RFC 7523 client authentication, over the snapshot."""

    CLIENT_AUTH_METHOD = METHOD

    def __init__(self, snapshot: Snapshot) -> None:
        super().__init__(validate_jti=True, leeway=30)
        self.snapshot = snapshot

    def get_audiences(self) -> list[str]:
        """The token endpoint URL and the issuer."""
        issuer = self.snapshot.settings.issuer
        return [issuer.rstrip("/") + "/oauth2/token", issuer]

    def resolve_client_public_key(self, client: HubClient) -> KeySet:
        """The key set registered for the client."""
        jwks = client.record.client.jwks
        try:
            return KeySet.import_key_set(jwks)  # type: ignore[arg-type]
        except (JoseError, ValueError, KeyError, TypeError):
            raise InvalidClientError(
                description="The client's registered keys are unusable."
            ) from None

    def process_assertion_claims(self, assertion: str, resolve_key: Any) -> dict[str, Any]:
        """Verify the signature with the registered keys and the pinned algorithms."""
        try:
            token = jose_jwt.decode(assertion, resolve_key, algorithms=ALGORITHMS)
        except (JoseError, ValueError) as error:
            description = getattr(error, "description", None) or "Invalid client assertion."
            raise InvalidClientError(description=description) from None
        self.verify_claims(token.claims)
        claims: dict[str, Any] = token.claims
        return claims

    def validate_jti(self, claims: dict[str, Any], jti: object) -> bool:
        """Refuse a ``jti`` seen before; record this one until the assertion expires."""
        snapshot = self.snapshot
        if not isinstance(jti, str) or not jti or len(jti) > MAX_JTI_LENGTH:
            raise InvalidClientError(description="Invalid JWT ID.")
        expires = claims.get("exp")
        if not isinstance(expires, int):
            raise InvalidClientError(description="Invalid claim: 'exp'.")
        expires_at = datetime.fromtimestamp(expires, UTC)
        if expires_at > snapshot.now + MAX_LIFETIME:
            raise InvalidClientError(
                description="The client assertion must expire within 10 minutes."
            )
        client_id = str(claims["sub"])
        if (client_id, jti) in snapshot.used_assertions:
            return False
        snapshot.effects.append(ClaimAssertion(client_id, jti, expires_at))
        return True
