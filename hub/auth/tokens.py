"""The hub's JWTs: RFC 9068 access tokens and OpenID Connect ID tokens, issued and checked.

Both are signed with the active ES256 key (``hub.auth.keys``) and carry its ``kid``. Checking
is pure (no database): the caller passes the published keys and ``now``, and checks revocation
afterwards (``hub.auth.server.revocations``) with the ``jti`` and ``sid`` of the claims.

Access-token claims: ``iss``, ``aud`` (the API), ``sub`` (the client for client tokens, the
person id for a citizen), ``client_id``, ``scope`` (API scopes only, never ``openid``), ``jti``,
``iat``, ``exp``, ``acr``, ``auth_time``, ``agency`` (the client's agency code), ``sid`` (the
grant, for tokens of a citizen's sign-in), ``act`` and ``purpose`` (for delegated tokens).
"""

from __future__ import annotations

import base64
import hashlib
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeGuard

import jwt
from cryptography.hazmat.primitives.asymmetric import ec

from hub.auth.keys import ALGORITHM, CLOCK_SKEW, Signer
from hub.auth.lookup_keys import is_lookup_key
from hub.principals.principal import AssuranceLevel
from hub.settings import Settings

ACCESS_TOKEN_TYPE = "at+jwt"
ID_TOKEN_TYPE = "JWT"
# ``acr`` of a client acting for itself: no person authenticated; its ``auth_time`` is ``iat``.
ACR_CLIENT = "urn:lienthong:client"
# The hub's own levels, mapped once from the e-identity provider's ``acr`` at sign-in.
ACR_BY_LEVEL: Mapping[AssuranceLevel, str] = {
    AssuranceLevel.NONE: "urn:lienthong:loa:0",
    AssuranceLevel.LEVEL_1: "urn:lienthong:loa:1",
    AssuranceLevel.LEVEL_2: "urn:lienthong:loa:2",
}
_LEVEL_BY_ACR = {acr: level for level, acr in ACR_BY_LEVEL.items()}
_ACCESS_CLAIMS = ["iss", "aud", "sub", "client_id", "jti", "iat", "exp"]
_ID_CLAIMS = ["iss", "aud", "sub", "iat", "exp"]
_LOOKED_UP_CLAIMS = ("jti", "sid", "client_id")


class TokenError(Exception):
    """A token that must be refused; ``message`` is safe to show to its bearer."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class AccessTokenGrant:
    """What an access token says: who, for which client, with which rights."""

    subject: str
    client_id: str
    scope: str
    acr: str
    auth_time: int
    agency: str | None = None
    grant_id: str | None = None
    actor: str | None = None
    purpose: str | None = None


def api_audience(settings: Settings) -> str:
    """Return the ``aud`` of access tokens: HUB_API_AUDIENCE, else the issuer's ``/graphql``."""
    return settings.api_audience or settings.issuer.rstrip("/") + "/graphql"


def acr_for(level: AssuranceLevel) -> str:
    """Return the hub's ``acr`` for a level of assurance."""
    return ACR_BY_LEVEL[level]


def assurance_for(acr: object) -> AssuranceLevel:
    """Return the level of assurance an ``acr`` of a hub token stands for (NONE if unknown)."""
    if not isinstance(acr, str):
        return AssuranceLevel.NONE
    return _LEVEL_BY_ACR.get(acr, AssuranceLevel.NONE)


def issue_access_token(
    grant: AccessTokenGrant, signer: Signer, settings: Settings, now: datetime
) -> tuple[str, dict[str, Any]]:
    """Sign an access token for ``grant``; return it with its claims."""
    issued = int(now.timestamp())
    claims: dict[str, Any] = {
        "iss": settings.issuer,
        "aud": api_audience(settings),
        "sub": grant.subject,
        "client_id": grant.client_id,
        "scope": grant.scope,
        "jti": str(uuid.uuid4()),
        "iat": issued,
        "exp": issued + settings.access_token_ttl_seconds,
        "acr": grant.acr,
        "auth_time": grant.auth_time,
    }
    optional = {
        "agency": grant.agency,
        "sid": grant.grant_id,
        "purpose": grant.purpose,
        "act": {"sub": grant.actor} if grant.actor else None,
    }
    claims |= {name: value for name, value in optional.items() if value is not None}
    return _sign(claims, signer, ACCESS_TOKEN_TYPE), claims


def issue_id_token(
    *,
    person_id: str,
    client_id: str,
    acr: str,
    auth_time: int,
    grant_id: str,
    nonce: str | None,
    access_token: str,
    signer: Signer,
    settings: Settings,
    now: datetime,
) -> str:
    """Sign an OpenID Connect ID token for ``client_id`` about the person ``person_id``."""
    issued = int(now.timestamp())
    claims: dict[str, Any] = {
        "iss": settings.issuer,
        "aud": client_id,
        "azp": client_id,
        "sub": person_id,
        "iat": issued,
        "exp": issued + settings.access_token_ttl_seconds,
        "jti": str(uuid.uuid4()),
        "auth_time": auth_time,
        "acr": acr,
        "sid": grant_id,
        "at_hash": _half_hash(access_token),
    }
    if nonce:
        claims["nonce"] = nonce
    return _sign(claims, signer, ID_TOKEN_TYPE)


def validate_access_token(
    token: str,
    keys: Mapping[str, ec.EllipticCurvePublicKey],
    settings: Settings,
    now: datetime,
) -> dict[str, Any]:
    """Return the claims of a valid hub access token, or raise ``TokenError`` saying why not.

    The algorithm is pinned to ES256 and ``typ`` must be ``at+jwt``; ``kid`` must name a
    published key; ``iss``, ``aud`` and the lifetime are checked. Revocation is not (no DB).
    """
    claims = _verify(
        token,
        keys,
        settings,
        now,
        kind="access token",
        types=(ACCESS_TOKEN_TYPE, "application/at+jwt"),
        audience=api_audience(settings),
        required=_ACCESS_CLAIMS,
    )
    if not isinstance(claims.get("scope", ""), str):
        raise TokenError("The access token's scope claim is not a string.")
    return claims


def validate_id_token(
    token: str,
    keys: Mapping[str, ec.EllipticCurvePublicKey],
    settings: Settings,
    now: datetime,
    *,
    client_id: str,
) -> dict[str, Any]:
    """Return the claims of a valid ID token the hub issued to ``client_id``."""
    return _verify(
        token,
        keys,
        settings,
        now,
        kind="ID token",
        types=(ID_TOKEN_TYPE,),
        audience=client_id,
        required=_ID_CLAIMS,
    )


def _verify(
    token: str,
    keys: Mapping[str, ec.EllipticCurvePublicKey],
    settings: Settings,
    now: datetime,
    *,
    kind: str,
    types: tuple[str, ...],
    audience: str,
    required: list[str],
) -> dict[str, Any]:
    try:
        header = jwt.get_unverified_header(token)
    except jwt.InvalidTokenError:
        # Not only DecodeError: PyJWT refuses a non-string ``kid`` with its base class, which
        # must be a refusal of the token, not a 500.
        raise TokenError(f"The {kind} is not a well-formed JWT.") from None
    # The algorithm is checked before anything else: a header must never choose how it is
    # verified ("none", or HS256 keyed with the public key).
    if header.get("alg") != ALGORITHM:
        raise TokenError(f"The {kind} is signed with an algorithm the hub does not accept.")
    if str(header.get("typ", "")).lower() not in {t.lower() for t in types}:
        raise TokenError(f"The token is not an {kind} (typ must be {types[0]}).")
    kid = header.get("kid")
    key = keys.get(kid) if isinstance(kid, str) else None
    if key is None:
        raise TokenError(f"The {kind} names a signing key the hub does not know.")
    try:
        claims: dict[str, Any] = jwt.decode(
            token,
            key,
            algorithms=[ALGORITHM],
            audience=audience,
            issuer=settings.issuer,
            options={
                "require": required,
                "verify_exp": False,
                "verify_iat": False,
                "verify_nbf": False,
            },
        )
    except jwt.InvalidSignatureError:
        raise TokenError(f"The {kind}'s signature is invalid.") from None
    except jwt.MissingRequiredClaimError as error:
        raise TokenError(f"The {kind} lacks the claim '{error.claim}'.") from None
    except jwt.InvalidAudienceError:
        raise TokenError(f"The {kind} is not meant for this audience (aud).") from None
    except jwt.InvalidIssuerError:
        raise TokenError(f"The {kind} was not issued by this hub (iss).") from None
    except jwt.InvalidTokenError:
        raise TokenError(f"The {kind} is not a well-formed JWT.") from None
    _check_lifetime(claims, now, kind, settings)
    for name in _LOOKED_UP_CLAIMS:
        # Looked up (revocations) and compared as strings; the hub's own are UUIDs.
        if name in claims and not is_lookup_key(claims[name]):
            raise TokenError(f"The {kind}'s {name} claim is not a valid identifier.")
    return claims


def _check_lifetime(
    claims: Mapping[str, Any], now: datetime, kind: str, settings: Settings
) -> None:
    expires, issued = claims.get("exp"), claims.get("iat")
    if not _whole_seconds(expires) or not _whole_seconds(issued):
        raise TokenError(f"The {kind}'s exp and iat must be integers.")
    moment = now.timestamp()
    skew = CLOCK_SKEW.total_seconds()
    if expires <= moment - skew:
        raise TokenError(f"The {kind} has expired.")
    if issued > moment + skew:
        raise TokenError(f"The {kind} was issued in the future (iat).")
    # The hub issues tokens for access_token_ttl_seconds: one that lives longer was not made
    # by it as it is now configured, would outlive the revocation of its grant (kept that long)
    # and, with an ``exp`` past year 9999, could not even be turned into a date.
    if expires > moment + settings.access_token_ttl_seconds + skew:
        raise TokenError(f"The {kind} expires later than the hub's tokens can (exp).")


def _whole_seconds(value: object) -> TypeGuard[int]:
    # JSON booleans are Python ints; a date is neither.
    return isinstance(value, int) and not isinstance(value, bool)


def _sign(claims: dict[str, Any], signer: Signer, token_type: str) -> str:
    return jwt.encode(
        claims,
        signer.private_key,
        algorithm=ALGORITHM,
        headers={"kid": signer.kid, "typ": token_type},
    )


def _half_hash(value: str) -> str:
    # OpenID Connect at_hash for ES256: the left half of the SHA-256, base64url.
    digest = hashlib.sha256(value.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest[: len(digest) // 2]).rstrip(b"=").decode("ascii")
