"""Settings come from HUB_ variables; production refuses the development identity provider."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from hub.settings import Environment, Settings


def test_database_url_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HUB_DATABASE_URL", "postgresql://db.example/hub")
    assert Settings().database_url == "postgresql://db.example/hub"


def test_production_refuses_the_development_identity_provider() -> None:
    with pytest.raises(ValidationError, match="HUB_EID_ISSUER"):
        Settings(environment=Environment.PRODUCTION, eid_issuer=None)


def test_production_with_a_real_provider_starts() -> None:
    settings = Settings(
        environment=Environment.PRODUCTION,
        eid_issuer="https://eid.example.gov.vn",
        session_secret="x" * 32,
        eid_client_id="hub",
        eid_client_secret="s",
    )
    assert settings.eid_issuer == "https://eid.example.gov.vn"


def test_the_environment_defaults_to_production(monkeypatch: pytest.MonkeyPatch) -> None:
    # Given no HUB_ENVIRONMENT (a deployment that forgot it)
    monkeypatch.delenv("HUB_ENVIRONMENT", raising=False)
    # When settings are read without an e-identity provider, then the hub refuses to start
    # rather than run the development identity provider
    with pytest.raises(ValueError, match="HUB_EID_ISSUER must be set in production"):
        Settings()
