"""ID-token checks that a well-behaved provider never triggers, with tokens minted in the test
and the provider's JWKS served by a mock transport."""

from __future__ import annotations

import time
from typing import Any

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm
from pydantic import SecretStr

from hub.auth.eid.config import EidConfig, eid_config
from hub.auth.eid.discovery import ProviderMetadata
from hub.auth.eid.errors import SignInRefused
from hub.auth.eid.id_token import validate_id_token
from hub.auth.eid.jwks import KeyCache
from hub.auth.eid.provider_http import ProviderHttp
from hub.settings import Environment, Settings

ISSUER = "https://eid.example.gov.vn"
CLIENT_ID = "lienthong-hub"
NONCE = "nonce-of-this-browser"
KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
JWK = {**RSAAlgorithm.to_jwk(KEY.public_key(), as_dict=True), "kid": "k1", "alg": "RS256"}
METADATA = ProviderMetadata(
    issuer=ISSUER,
    authorization_endpoint=f"{ISSUER}/authorize",
    token_endpoint=f"{ISSUER}/token",
    jwks_uri=f"{ISSUER}/jwks",
    iss_parameter_supported=True,
)


def config() -> EidConfig:
    """The relying party of a hub registered as ``CLIENT_ID`` at ``ISSUER``."""
    settings = Settings(
        environment=Environment.TEST,
        eid_issuer=ISSUER,
        eid_client_id=CLIENT_ID,
        eid_client_secret=SecretStr("secret"),
    )
    found = eid_config(settings)
    assert found is not None
    return found


class Jwks:
    """Serves the JWKS and counts how often it was fetched."""

    def __init__(self) -> None:
        self.fetches = 0

    def handle(self, request: httpx.Request) -> httpx.Response:
        """Answer a JWKS request."""
        self.fetches += 1
        return httpx.Response(200, json={"keys": [JWK]})


def mint(**changes: Any) -> str:
    """Return a valid ID token with ``changes`` to its claims (``None`` removes a claim)."""
    now = int(time.time())
    claims: dict[str, Any] = {
        "iss": ISSUER,
        "sub": "vneid-42",
        "aud": CLIENT_ID,
        "exp": now + 300,
        "iat": now,
        "nonce": NONCE,
        "acr": "urn:vneid:loa:2",
    }
    claims.update(changes)
    claims = {name: value for name, value in claims.items() if value is not None}
    return jwt.encode(claims, KEY, algorithm="RS256", headers={"kid": "k1"})


async def check(token: str, jwks: Jwks | None = None) -> dict[str, Any]:
    """Validate ``token`` as the relying party would."""
    http = ProviderHttp(5, httpx.MockTransport((jwks or Jwks()).handle))
    keys = KeyCache(http, 3600)
    return await validate_id_token(
        token, config=config(), metadata=METADATA, keys=keys, nonce=NONCE
    )


async def test_a_valid_token_passes() -> None:
    # given a token that satisfies every check, when it is validated, then its claims come back
    assert (await check(mint()))["sub"] == "vneid-42"


@pytest.mark.parametrize(
    "changes",
    [
        {"iss": "https://another-issuer.example"},
        {"aud": "another-client"},
        {"aud": [CLIENT_ID, "another-client"]},
        {"aud": [CLIENT_ID, "another-client"], "azp": "another-client"},
        {"azp": "another-client"},
        {"exp": int(time.time()) - 3600},
        {"iat": int(time.time()) + 3600},
        {"iat": int(time.time()) - 7200, "exp": int(time.time()) + 300},
        {"nonce": None},
        {"exp": None},
        {"sub": ""},
        {"auth_time": -(10**30)},
        {"auth_time": float("nan")},
        {"auth_time": -1},
        {"auth_time": True},
        {"auth_time": "yesterday"},
    ],
    ids=[
        "issuer",
        "audience",
        "several-audiences-without-azp",
        "azp-another-client",
        "azp-another-client-single-audience",
        "expired",
        "issued-in-the-future",
        "issued-long-ago",
        "no-nonce",
        "no-exp",
        "empty-sub",
        "auth-time-huge-negative",
        "auth-time-nan",
        "auth-time-before-1970",
        "auth-time-boolean",
        "auth-time-text",
    ],
)
async def test_a_token_failing_a_check_is_refused(changes: dict[str, Any]) -> None:
    # given a token with one claim wrong or missing
    token = mint(**changes)

    # when it is validated, then the sign-in is refused
    with pytest.raises(SignInRefused):
        await check(token)


async def test_several_audiences_with_the_hub_as_azp_pass() -> None:
    # given a token for several audiences authorised for the hub
    token = mint(aud=[CLIENT_ID, "another-client"], azp=CLIENT_ID)

    # when it is validated, then it passes
    assert (await check(token))["azp"] == CLIENT_ID


@pytest.mark.parametrize(
    "token",
    [
        jwt.encode({"iss": ISSUER, "aud": CLIENT_ID, "nonce": NONCE}, "k" * 32, algorithm="HS256"),
        jwt.encode({"iss": ISSUER, "aud": CLIENT_ID, "nonce": NONCE}, "", algorithm="none"),
        "not.a.token",
    ],
    ids=["hs256", "alg-none", "garbage"],
)
async def test_tokens_outside_the_pinned_algorithms_are_refused(token: str) -> None:
    # given a token signed with a symmetric algorithm, unsigned, or unreadable
    # when it is validated, then the sign-in is refused before any key is used
    with pytest.raises(SignInRefused):
        await check(token)


class RotatingJwks(Jwks):
    """Serves whatever keys the provider currently publishes."""

    def __init__(self, keys: list[dict[str, Any]]) -> None:
        super().__init__()
        self.keys = keys

    def handle(self, request: httpx.Request) -> httpx.Response:
        """Answer a JWKS request with the current keys."""
        self.fetches += 1
        return httpx.Response(200, json={"keys": self.keys})


async def test_a_rotated_key_is_fetched_but_unknown_keys_do_not_hammer_the_provider() -> None:
    # given a relying party that cached the provider's first key at t=0
    second = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    second_jwk = {**RSAAlgorithm.to_jwk(second.public_key(), as_dict=True), "kid": "k2"}
    jwks = RotatingJwks([JWK])
    now = [0.0]
    keys = KeyCache(ProviderHttp(5, httpx.MockTransport(jwks.handle)), 3600, clock=lambda: now[0])
    settings = config()

    async def validate(token: str) -> dict[str, Any]:
        return await validate_id_token(
            token, config=settings, metadata=METADATA, keys=keys, nonce=NONCE
        )

    await validate(mint())

    # when the provider rotates to a second key and a token signed with it arrives at t=11
    jwks.keys = [JWK, second_jwk]
    now[0] = 11.0
    claims: dict[str, Any] = {"iss": ISSUER, "sub": "s", "aud": CLIENT_ID, "nonce": NONCE}
    claims |= {"iat": int(time.time()), "exp": int(time.time()) + 60}
    rotated = jwt.encode(claims, second, algorithm="RS256", headers={"kid": "k2"})
    accepted = await validate(rotated)

    # and a token naming an unknown key arrives right after, at t=12
    now[0] = 12.0
    unknown = jwt.encode(claims, second, algorithm="RS256", headers={"kid": "k3"})
    with pytest.raises(SignInRefused):
        await validate(unknown)

    # then the rotated key was fetched and accepted, and the unknown key caused no new fetch
    assert accepted["sub"] == "s"
    assert jwks.fetches == 2
