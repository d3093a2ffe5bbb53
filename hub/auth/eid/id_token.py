"""Validation of the provider's ID token with PyJWT (OpenID Connect Core 1.0 §3.1.3.7)."""

from __future__ import annotations

import hmac
import math
import time
from typing import Any

import jwt

from hub.auth.eid.config import EidConfig
from hub.auth.eid.discovery import ProviderMetadata
from hub.auth.eid.errors import SignInRefused
from hub.auth.eid.jwks import KeyCache

_INVALID = (
    "Mã xác thực từ hệ thống định danh điện tử không hợp lệ. / The identity token from the "
    "e-identity provider is not valid."
)
_REQUIRED = ["iss", "sub", "aud", "exp", "iat"]


def _refused(detail: str) -> SignInRefused:
    return SignInRefused(_INVALID, detail=f"id_token: {detail}")


async def validate_id_token(
    token: str,
    *,
    config: EidConfig,
    metadata: ProviderMetadata,
    keys: KeyCache,
    nonce: str,
) -> dict[str, Any]:
    """Return the claims of ``token`` once every check passed.

    Checks: the algorithm is one of ``HUB_EID_ID_TOKEN_ALGORITHMS`` (never taken from the token
    alone), the signature against the provider's JWKS, ``iss`` equals the issuer, ``aud``
    contains the client id, ``azp`` (required with several audiences) is the client id,
    ``exp`` and ``iat`` with ``HUB_EID_CLOCK_SKEW_SECONDS`` of leeway, ``iat`` not older than
    a login may take, and ``nonce`` equals the one bound to the browser.
    """
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError as error:
        raise _refused(f"unreadable header: {error}") from error
    algorithm = header.get("alg")
    if not isinstance(algorithm, str) or algorithm not in config.algorithms:
        raise _refused(f"algorithm {algorithm!r} is not allowed")
    kid = header.get("kid")
    key = await keys.key_for(metadata.jwks_uri, kid if isinstance(kid, str) else None, algorithm)
    try:
        claims: dict[str, Any] = jwt.decode(
            token,
            key.key,
            algorithms=[algorithm],
            audience=config.client_id,
            issuer=config.issuer,
            leeway=config.clock_skew_seconds,
            options={"require": _REQUIRED},
        )
    except jwt.PyJWTError as error:
        raise _refused(f"{type(error).__name__}: {error}") from error
    _check_parties(claims, config.client_id)
    _check_times(claims, config)
    given = claims.get("nonce")
    if not isinstance(given, str) or not hmac.compare_digest(given.encode(), nonce.encode()):
        raise _refused("nonce does not match the one bound to the browser")
    if not isinstance(claims.get("sub"), str) or not claims["sub"]:
        raise _refused("sub is empty")
    return claims


def _check_parties(claims: dict[str, Any], client_id: str) -> None:
    audience = claims["aud"]
    audiences = [audience] if isinstance(audience, str) else list(audience)
    if len(audiences) > 1 and "azp" not in claims:
        raise _refused("several audiences and no azp")
    if "azp" in claims and claims["azp"] != client_id:
        raise _refused("azp is another client")


def _check_times(claims: dict[str, Any], config: EidConfig) -> None:
    now = time.time()
    issued = claims["iat"]
    if not isinstance(issued, int | float):
        raise _refused("iat is not a number")
    if issued > now + config.clock_skew_seconds:
        raise _refused("iat is in the future")
    # A token older than the longest allowed login was not minted for this login.
    if issued < now - config.login_timeout_seconds - config.clock_skew_seconds:
        raise _refused("iat is too old")
    auth_time = claims.get("auth_time")
    # A time the session cookie can hold: a finite number of seconds since 1970, not ahead of
    # now (a huge, negative or NaN value would otherwise fail later, as an error page).
    if auth_time is not None and (
        isinstance(auth_time, bool)
        or not isinstance(auth_time, int | float)
        or not math.isfinite(auth_time)
        or not 0 <= auth_time <= now + config.clock_skew_seconds
    ):
        raise _refused("auth_time is invalid")
