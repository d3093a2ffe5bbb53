"""The demo clients' published secrets: fine in development, worthless in production.

A database loaded in development (``hub demo load``) and then served in production must not let
anyone in with the secrets printed in the README: ``hub serve`` refuses to start, naming the
clients and the command to disable them, and the token endpoint refuses the secrets anyway.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession
from typer.testing import CliRunner

from hub.app import create_app
from hub.auth.clients import disable_client, rotate_client_secret
from hub.auth.demo import (
    LAND_OFFICE_CLIENT_ID,
    LAND_OFFICE_SECRET,
    POLICE_CLIENT_ID,
    load_demo_auth,
)
from hub.auth.keys import ensure_signing_key
from hub.auth.published_secrets import clients_with_published_secrets
from hub.cli import app as cli
from hub.db import Database
from hub.migrations_runner import upgrade
from hub.settings import Environment, Settings, get_settings
from tests.conftest import drop_postgres_database, fresh_postgres_database

CLIENT_CREDENTIALS = {"grant_type": "client_credentials"}
REFUSED = {"error": "invalid_client", "error_description": "Client authentication failed."}
PRODUCTION_ENVIRONMENT = {
    "HUB_ENVIRONMENT": "production",
    "HUB_EID_ISSUER": "https://eid.example.gov.vn",
    "HUB_EID_CLIENT_ID": "hub",
    "HUB_EID_CLIENT_SECRET": "eid-secret-for-tests",
    "HUB_SESSION_SECRET": "s" * 32,
}
REFUSAL = (
    "refusing to serve in production: client(s) demo-land-office, demo-police still have the "
    "demo's published secrets; disable them: hub clients disable demo-land-office && "
    "hub clients disable demo-police"
)


def _settings(environment: Environment) -> Settings:
    values: dict[str, Any] = {"environment": environment, "database_url": "sqlite:///unused.db"}
    if environment is Environment.PRODUCTION:
        values |= {
            "eid_issuer": PRODUCTION_ENVIRONMENT["HUB_EID_ISSUER"],
            "eid_client_id": "hub",
            "eid_client_secret": "eid-secret-for-tests",
            "session_secret": "s" * 32,
        }
    return Settings(**values)


@pytest.fixture
async def demo_loaded(session: AsyncSession) -> None:
    """The demo's agencies, purposes and clients as ``hub demo load`` makes them in development."""
    await load_demo_auth(session, _settings(Environment.DEVELOPMENT))
    await ensure_signing_key(session)
    await session.commit()


@pytest.fixture
async def production(database: Database, demo_loaded: None) -> AsyncIterator[httpx.AsyncClient]:
    """The same database served with production settings."""
    app = create_app(_settings(Environment.PRODUCTION), database=database)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://hub.test") as client:
        yield client


async def _demo_token(
    client: httpx.AsyncClient, secret: str = LAND_OFFICE_SECRET
) -> httpx.Response:
    return await client.post(
        "/oauth2/token", data=CLIENT_CREDENTIALS, auth=(LAND_OFFICE_CLIENT_ID, secret)
    )


async def test_published_secrets_work_in_development(
    client: httpx.AsyncClient, demo_loaded: None
) -> None:
    # Given the demo loaded, served outside production (the tests' settings)
    # When the land-office demo client asks for a token with its published secret
    response = await _demo_token(client)
    # Then it gets one: the demo works as the README says
    assert response.status_code == 200, response.text


async def test_production_refuses_published_secrets_at_the_token_endpoint(
    production: httpx.AsyncClient, session: AsyncSession
) -> None:
    # Given the demo loaded in development, served in production
    # When the land-office demo client asks for a token with its published secret
    response = await _demo_token(production)
    # Then it is refused like any wrong secret
    assert response.status_code == 401
    assert response.json() == REFUSED
    # And once its secret is rotated, it is an ordinary client again
    secret = await rotate_client_secret(session, LAND_OFFICE_CLIENT_ID)
    await session.commit()
    assert (await _demo_token(production, secret)).status_code == 200


async def test_only_enabled_clients_with_their_published_secret_are_named(
    session: AsyncSession, demo_loaded: None
) -> None:
    # Given the demo loaded in development: both confidential demo clients have their secrets
    assert await clients_with_published_secrets(session) == [
        LAND_OFFICE_CLIENT_ID,
        POLICE_CLIENT_ID,
    ]
    # When one is disabled and the other gets a new secret
    await disable_client(session, POLICE_CLIENT_ID)
    await rotate_client_secret(session, LAND_OFFICE_CLIENT_ID)
    await session.commit()
    # Then none is left
    assert await clients_with_published_secrets(session) == []


@pytest.fixture
def demo_database(backend: str, tmp_path: Path) -> Iterator[str]:
    """A migrated database of its own (the command opens its own connections), demo loaded."""
    url = (
        f"sqlite:///{tmp_path / 'served.db'}"
        if backend == "sqlite"
        else fresh_postgres_database("hub_published")
    )
    upgrade(url)

    async def load() -> None:
        database = Database.from_url(url)
        try:
            async with database.transaction() as session:
                await load_demo_auth(session, _settings(Environment.DEVELOPMENT))
        finally:
            await database.dispose()

    asyncio.run(load())
    yield url
    if backend == "postgresql":
        drop_postgres_database(url)


@pytest.fixture
def served_in_production(demo_database: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Production settings in the environment, for the ``hub`` command, on ``demo_database``."""
    for name, value in {**PRODUCTION_ENVIRONMENT, "HUB_DATABASE_URL": demo_database}.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_serve_refuses_to_start_in_production_naming_the_clients(
    served_in_production: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a database loaded with the demo in development, and production settings
    served: list[dict[str, Any]] = []
    monkeypatch.setattr("uvicorn.run", lambda *args, **kwargs: served.append(kwargs))
    runner = CliRunner()
    # When the hub is served
    refused = runner.invoke(cli, ["serve"])
    # Then it does not start, and says in one line which clients and what to run
    assert refused.exit_code == 1
    assert refused.stderr == REFUSAL + "\n"
    assert served == []
    # And once the clients are disabled as it says, it starts
    for client_id in (LAND_OFFICE_CLIENT_ID, POLICE_CLIENT_ID):
        assert runner.invoke(cli, ["clients", "disable", client_id]).exit_code == 0
    started = runner.invoke(cli, ["serve"])
    assert started.exit_code == 0, started.output
    assert len(served) == 1
