"""E-identity and session settings: read from HUB_ variables, refused when unsafe."""

from __future__ import annotations

import pytest
from pydantic import SecretStr, ValidationError

from hub.auth.eid.config import eid_config
from hub.principals.principal import AssuranceLevel
from hub.settings import Environment, Settings

PRODUCTION = {
    "environment": Environment.PRODUCTION,
    "eid_issuer": "https://eid.example.gov.vn",
    "eid_client_id": "lienthong-hub",
    "eid_client_secret": SecretStr("client-secret"),
}


def test_production_requires_a_session_secret() -> None:
    # given production settings without HUB_SESSION_SECRET, or with a short one
    # when they are built, then they are refused naming the variable
    with pytest.raises(ValidationError, match="HUB_SESSION_SECRET"):
        Settings.model_validate(PRODUCTION)
    with pytest.raises(ValidationError, match="HUB_SESSION_SECRET"):
        Settings.model_validate({**PRODUCTION, "session_secret": SecretStr("short")})


def test_production_with_a_session_secret_starts() -> None:
    # given production settings with a long secret, when they are built, then they are kept
    settings = Settings.model_validate({**PRODUCTION, "session_secret": SecretStr("x" * 32)})
    assert settings.session_secret is not None


def test_a_provider_needs_a_client_registration() -> None:
    # given HUB_EID_ISSUER without a client id, when settings are built, then they are refused
    with pytest.raises(ValidationError, match="HUB_EID_CLIENT_ID"):
        Settings(environment=Environment.TEST, eid_issuer="https://eid.example.gov.vn")


def test_eid_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    # given the e-identity variables of an operator
    monkeypatch.setenv("HUB_ENVIRONMENT", "test")
    monkeypatch.setenv("HUB_EID_ISSUER", "https://eid.example.gov.vn")
    monkeypatch.setenv("HUB_EID_CLIENT_ID", "lienthong-hub")
    monkeypatch.setenv("HUB_EID_CLIENT_SECRET", "s3cret")
    monkeypatch.setenv("HUB_EID_ACR_MAP", '{"urn:vn:vneid:loa:2": 2, "urn:vn:vneid:loa:1": 1}')
    monkeypatch.setenv("HUB_EID_ID_TOKEN_ALGORITHMS", '["ES256"]')
    monkeypatch.setenv("HUB_ISSUER", "https://hub.example.gov.vn")

    # when the relying party's configuration is made from them
    config = eid_config(Settings())

    # then it holds them, with the redirect URI and acr_values derived
    assert config is not None
    assert config.acr_levels == {
        "urn:vn:vneid:loa:2": AssuranceLevel.LEVEL_2,
        "urn:vn:vneid:loa:1": AssuranceLevel.LEVEL_1,
    }
    assert config.algorithms == ("ES256",)
    assert config.redirect_uri == "https://hub.example.gov.vn/auth/callback"
    assert config.acr_values == "urn:vn:vneid:loa:2 urn:vn:vneid:loa:1"
    assert config.acr_values_for(AssuranceLevel.LEVEL_2) == "urn:vn:vneid:loa:2"


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("HUB_EID_ACR_MAP", '{"urn:vneid:loa:3": 3}'),
        ("HUB_EID_ID_TOKEN_ALGORITHMS", '["HS256"]'),
        ("HUB_EID_ID_TOKEN_ALGORITHMS", '["none"]'),
        ("HUB_EID_ID_TOKEN_ALGORITHMS", "[]"),
    ],
)
def test_unsafe_eid_settings_are_refused(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str
) -> None:
    # given a level outside 1|2, a symmetric or no algorithm, or none at all
    monkeypatch.setenv(variable, value)

    # when settings are read, then they are refused
    with pytest.raises(ValidationError):
        Settings(environment=Environment.TEST)
