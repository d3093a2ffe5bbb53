"""``hub.auth.tokens``: issuing and checking the hub's JWTs, without a database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from hub.auth.keys import Signer
from hub.auth.tokens import (
    ACR_CLIENT,
    AccessTokenGrant,
    TokenError,
    acr_for,
    api_audience,
    assurance_for,
    issue_access_token,
    issue_id_token,
    validate_access_token,
    validate_id_token,
)
from hub.principals.principal import AssuranceLevel
from hub.settings import Environment, Settings

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
SETTINGS = Settings(environment=Environment.TEST, database_url="sqlite:///unused.db")
SIGNER = Signer("k1", ec.generate_private_key(ec.SECP256R1()))
KEYS = {"k1": SIGNER.private_key.public_key()}
DELEGATED = AccessTokenGrant(
    subject="person-1",
    client_id="land-office",
    scope="land:read",
    acr=acr_for(AssuranceLevel.LEVEL_2),
    auth_time=1_700_000_000,
    agency="H01.05",
    grant_id="grant-1",
    actor="land-office",
    purpose="land-registration",
)


def test_access_token_claims_and_header() -> None:
    # Given a delegated grant
    # When a token is issued for it
    token, claims = issue_access_token(DELEGATED, SIGNER, SETTINGS, NOW)
    # Then the header and claims follow RFC 9068 and the hub's additions
    assert jwt.get_unverified_header(token) == {"alg": "ES256", "kid": "k1", "typ": "at+jwt"}
    assert claims["aud"] == api_audience(SETTINGS) == SETTINGS.issuer + "/graphql"
    assert claims["act"] == {"sub": "land-office"}
    assert claims["sid"] == "grant-1"
    assert claims["purpose"] == "land-registration"
    assert claims["exp"] - claims["iat"] == SETTINGS.access_token_ttl_seconds
    assert validate_access_token(token, KEYS, SETTINGS, NOW) == claims


def test_expiry_allows_thirty_seconds_of_clock_skew() -> None:
    # Given a token of 15 minutes
    token, _ = issue_access_token(DELEGATED, SIGNER, SETTINGS, NOW)
    expiry = NOW + timedelta(seconds=SETTINGS.access_token_ttl_seconds)
    # Then it is valid 29 seconds after its expiry and refused at 30
    assert validate_access_token(token, KEYS, SETTINGS, expiry + timedelta(seconds=29))
    with pytest.raises(TokenError, match="has expired"):
        validate_access_token(token, KEYS, SETTINGS, expiry + timedelta(seconds=30))


def test_token_from_the_future_is_refused() -> None:
    # Given a token issued two minutes ahead of the checker's clock
    token, _ = issue_access_token(DELEGATED, SIGNER, SETTINGS, NOW + timedelta(minutes=2))
    # Then it is refused
    with pytest.raises(TokenError, match="issued in the future"):
        validate_access_token(token, KEYS, SETTINGS, NOW)


def test_missing_required_claim_is_named() -> None:
    # Given a token without client_id
    _, claims = issue_access_token(DELEGATED, SIGNER, SETTINGS, NOW)
    del claims["client_id"]
    token = jwt.encode(claims, SIGNER.private_key, "ES256", headers={"kid": "k1", "typ": "at+jwt"})
    # Then the missing claim is named
    with pytest.raises(TokenError, match="lacks the claim 'client_id'"):
        validate_access_token(token, KEYS, SETTINGS, NOW)


def test_access_token_is_no_id_token() -> None:
    # Given an access token
    token, _ = issue_access_token(DELEGATED, SIGNER, SETTINGS, NOW)
    # Then it is refused where an ID token is expected
    with pytest.raises(TokenError, match=r"not an ID token \(typ must be JWT\)"):
        validate_id_token(token, KEYS, SETTINGS, NOW, client_id="land-office")


def test_id_token_is_checked_against_its_client() -> None:
    # Given an ID token issued to the land office
    token = issue_id_token(
        person_id="person-1",
        client_id="land-office",
        acr=acr_for(AssuranceLevel.LEVEL_1),
        auth_time=1_700_000_000,
        grant_id="grant-1",
        nonce="n1",
        access_token="at",
        signer=SIGNER,
        settings=SETTINGS,
        now=NOW,
    )
    # Then it is valid for the land office and for nobody else
    claims = validate_id_token(token, KEYS, SETTINGS, NOW, client_id="land-office")
    assert claims["nonce"] == "n1"
    assert claims["azp"] == "land-office"
    with pytest.raises(TokenError, match="not meant for this audience"):
        validate_id_token(token, KEYS, SETTINGS, NOW, client_id="police")


@pytest.mark.parametrize(
    ("acr", "level"),
    [
        ("urn:lienthong:loa:2", AssuranceLevel.LEVEL_2),
        ("urn:lienthong:loa:1", AssuranceLevel.LEVEL_1),
        (ACR_CLIENT, AssuranceLevel.NONE),
        ("urn:vneid:loa:2", AssuranceLevel.NONE),
        (None, AssuranceLevel.NONE),
    ],
)
def test_assurance_comes_only_from_the_hubs_own_acr(acr: object, level: AssuranceLevel) -> None:
    # Given an acr claim
    # Then only the hub's own values give a level
    assert assurance_for(acr) is level
