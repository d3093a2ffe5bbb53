"""``private_key_jwt`` client authentication (RFC 7523) with replay protection.

The assertion's ``aud`` must be the token endpoint URL or the issuer; its ``jti`` is recorded
until the assertion expires, and a second use is refused. An assertion may live at most five
minutes (from now, and from its ``iat`` when it has one), which bounds how long a ``jti`` must
be remembered.

Until its signature is verified an assertion proves nothing, so every refusal before that point
is one and the same answer, whether the client it names exists, is disabled, authenticates
otherwise or has unusable keys. The assertion of a client that cannot use it is checked against
a decoy key, so that the work done (and the time taken) does not tell either.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any

from authlib.oauth2.rfc6749 import InvalidClientError, OAuth2Request
from authlib.oauth2.rfc7523 import JWTBearerClientAssertion
from authlib.oauth2.rfc7523.client import ASSERTION_TYPE
from joserfc import jwt as jose_jwt
from joserfc.errors import JoseError
from joserfc.jwk import ECKey, KeySet

from hub.auth.lookup_keys import is_lookup_key
from hub.auth.server.client import HubClient
from hub.auth.server.effects import ClaimAssertion
from hub.auth.server.snapshot import Snapshot, unverified_claims

METHOD = "private_key_jwt"
# What the hub accepts from clients; "none" and HMAC algorithms are never among them.
ALGORITHMS = ["ES256", "PS256", "RS256", "EdDSA"]
MAX_LIFETIME = timedelta(minutes=5)
LEEWAY_SECONDS = 30
# What joserfc raises for a token it cannot read or verify; a payload nested deeper than the
# JSON parser's recursion limit ends in RecursionError.
_UNREADABLE = (JoseError, ValueError, TypeError, KeyError, RecursionError)

logger = logging.getLogger("hub.auth.server")


def _refused() -> InvalidClientError:
    # An empty description is completed with the hub's one "Client authentication failed."
    return InvalidClientError(description="")


@cache
def _decoy_keys() -> KeySet:
    # Never registered for any client: nothing verifies against it, but verifying costs the same.
    return KeySet([ECKey.generate_key("P-256", parameters={"kid": "decoy"}, private=False)])


class PrivateKeyJwtAuthentication(JWTBearerClientAssertion):  # type: ignore[misc]
    """authlib's RFC 7523 client authentication, over the snapshot."""

    CLIENT_AUTH_METHOD = METHOD

    def __init__(self, snapshot: Snapshot) -> None:
        super().__init__(validate_jti=True, leeway=LEEWAY_SECONDS)
        self.snapshot = snapshot

    def __call__(
        self, query_client: Callable[[str], HubClient | None], request: OAuth2Request
    ) -> HubClient | None:
        """Return the client whose signed assertion the request carries (``None`` without one).

        The signature is verified before anything the assertion says is believed or told.
        """
        form = request.form
        assertion = form.get("client_assertion")
        if form.get("client_assertion_type") != ASSERTION_TYPE or not assertion:
            return None
        client = self._named_client(query_client, assertion)
        keys = self._keys_of(client) if client is not None else _decoy_keys()
        try:
            token = jose_jwt.decode(assertion, keys, algorithms=ALGORITHMS)
        except _UNREADABLE:
            raise _refused() from None
        claims: dict[str, Any] = token.claims
        if client is None or claims.get("sub") != client.client_id:
            raise _refused()
        request.client = client
        self.verify_claims(claims)
        return client

    def get_audiences(self) -> list[str]:
        """The token endpoint URL and the issuer."""
        issuer = self.snapshot.settings.issuer
        return [issuer.rstrip("/") + "/oauth2/token", issuer]

    def validate_jti(self, claims: dict[str, Any], jti: object) -> bool:
        """Refuse a ``jti`` seen before or a long-lived assertion; record this ``jti``."""
        snapshot = self.snapshot
        if not is_lookup_key(jti):
            # It is stored until the assertion expires: text the database can hold.
            raise InvalidClientError(description="Invalid JWT ID.")
        expires = _whole_seconds(claims.get("exp"), "exp")
        issued = claims.get("iat")
        if issued is not None:
            issued = _whole_seconds(issued, "iat")
        # Compared as numbers before any date is made: a year-10000 ``exp`` is refused here
        # rather than overflowing ``datetime``.
        longest = int(MAX_LIFETIME.total_seconds())
        latest = int(snapshot.now.timestamp()) + longest + LEEWAY_SECONDS
        if expires > latest or (issued is not None and expires - issued > longest):
            raise InvalidClientError(
                description="The client assertion must expire within 5 minutes of its issue."
            )
        client_id = str(claims["sub"])
        if (client_id, jti) in snapshot.used_assertions:
            return False
        snapshot.effects.append(
            ClaimAssertion(client_id, jti, datetime.fromtimestamp(expires, UTC))
        )
        return True

    def _named_client(
        self, query_client: Callable[[str], HubClient | None], assertion: str
    ) -> HubClient | None:
        subject = unverified_claims(assertion).get("sub")
        client = query_client(subject) if isinstance(subject, str) else None
        if client is None or not client.check_endpoint_auth_method(METHOD, "token"):
            return None
        return client

    def _keys_of(self, client: HubClient) -> KeySet:
        try:
            return KeySet.import_key_set(client.record.client.jwks)  # type: ignore[arg-type]
        except (JoseError, ValueError, KeyError, TypeError):
            logger.warning("client %s has unusable registered keys", client.client_id)
            return _decoy_keys()


def _whole_seconds(value: object, name: str) -> int:
    # JSON booleans are Python ints; a date is neither.
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidClientError(description=f"Invalid claim: '{name}'.")
    return value
