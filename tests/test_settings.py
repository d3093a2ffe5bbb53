"""Settings come from HUB_ variables and .env; production refuses the development identity provider."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from hub.cli_boundary import explain
from hub.db import async_url
from hub.settings import Environment, Settings, unknown_variables


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


def test_dotenv_is_read(tmp_path: Path) -> None:
    # Given a .env file as `make run` writes it, and no HUB_ variables
    dotenv = tmp_path / ".env"
    dotenv.write_text("# written by make run\nHUB_ENVIRONMENT=development\n", encoding="utf-8")
    # When the settings are read with it, then it decides
    assert Settings(_env_file=dotenv).environment is Environment.DEVELOPMENT


def test_the_environment_wins_over_dotenv(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Given .env and an exported variable that disagree
    dotenv = tmp_path / ".env"
    dotenv.write_text("HUB_ENVIRONMENT=development\nHUB_ISSUER=http://a:1\n", encoding="utf-8")
    monkeypatch.setenv("HUB_ISSUER", "http://b:2")
    # When the settings are read, then the exported variable decides
    assert Settings(_env_file=dotenv).issuer == "http://b:2"


def test_a_postgres_url_is_accepted() -> None:
    # Given the postgres:// spelling, then it is taken as PostgreSQL with asyncpg
    settings = Settings(environment=Environment.TEST, database_url="postgres://hub@db.example/hub")
    assert async_url(settings.database_url) == "postgresql+asyncpg://hub@db.example/hub"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("hub:s3cret.db", "HUB_DATABASE_URL: not a database URL"),
        ("mysql://hub:s3cret@db.example/hub", "HUB_DATABASE_URL: unsupported database URL scheme"),
    ],
)
def test_an_unusable_database_url_is_refused_naming_the_setting(url: str, message: str) -> None:
    # Given a database URL the hub cannot use, when the settings are read
    with pytest.raises(ValidationError) as refused:
        Settings(environment=Environment.TEST, database_url=url)
    # Then the line a person sees names the setting, and does not repeat the password
    lines, code = explain(refused.value)
    assert code == 2
    assert lines[0].startswith(message)
    assert "s3cret" not in " ".join(lines)


def test_every_setting_is_a_field_of_the_settings() -> None:
    # The access log's shards, once read by a second settings class, are a setting like others
    assert Settings(environment=Environment.TEST, audit_shards=4).audit_shards == 4
    assert unknown_variables(["HUB_AUDIT_SHARDS", "HUB_ISSUER", "HUB_TEST_X", "HUB_DEBUG"]) == []


def test_misspelt_variables_are_found_with_the_setting_they_resemble() -> None:
    assert unknown_variables(["HUB_DATABSE_URL", "HUB_NOTHING_LIKE_IT", "PATH"]) == [
        ("HUB_DATABSE_URL", "HUB_DATABASE_URL"),
        ("HUB_NOTHING_LIKE_IT", None),
    ]


def test_an_adapters_secret_variables_are_not_taken_for_misspelt_settings() -> None:
    # Given a health-insurance adapter secret in the environment, as docs/adapters.md says
    names = ["HUB_HEALTH_INSURANCE_CLIENT_SECRET", "HUB_FEED_NATS_URL", "HUB_SYNC_BATCH_SIZE"]
    # When the hub looks for misspelt settings, with the adapters' prefixes
    found = unknown_variables(names, ["HUB_HEALTH_INSURANCE_"])
    # Then none is reported
    assert found == []
