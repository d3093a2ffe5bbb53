"""Test databases on SQLite and, when ``HUB_TEST_POSTGRES_URL`` is set, PostgreSQL.

A template database is migrated and loaded with the real code lists once per backend and
session, through the same services the product uses. Each test then gets its own copy of the
SQLite file, or on PostgreSQL one connection whose outer transaction is rolled back after the
test, so that no test sees another's writes.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession
from starlette.applications import Starlette

from hub.db import Database, create_engine
from hub.migrations_runner import upgrade
from hub.registry.codelists import service as codelists
from hub.registry.codelists.importers.admin_units import read_admin_units
from hub.registry.codelists.importers.csv_lists import bundled_list_ids, read_csv_list
from hub.settings import Environment, Settings, get_settings

# The suite reads none of the developer's settings, whatever their shell exports or their
# .env holds: every HUB_ variable but the suite's own (HUB_TEST_*) is dropped, and .env is not
# read. Commands the tests run then read their settings from this environment, as development
# (the hub defaults to production).
for _name in [name for name in os.environ if name.upper().startswith("HUB_")]:
    if not _name.upper().startswith("HUB_TEST_"):
        del os.environ[_name]
os.environ["HUB_ENVIRONMENT"] = "development"
Settings.model_config["env_file"] = None
# Command output does not depend on the terminal either: rich reads its width from COLUMNS
# (else from the terminal the suite runs in), typer from TERMINAL_WIDTH, and colours are
# forced by these variables.
for _name in ("TERMINAL_WIDTH", "FORCE_COLOR", "PY_COLORS", "GITHUB_ACTIONS", "LINES"):
    os.environ.pop(_name, None)
os.environ["COLUMNS"] = "200"
POSTGRES_URL = os.environ.get("HUB_TEST_POSTGRES_URL")
REQUIRE_POSTGRES = os.environ.get("HUB_TEST_REQUIRE_POSTGRES") == "1"
BACKENDS = ["sqlite", "postgresql"] if POSTGRES_URL else ["sqlite"]


def pytest_report_header() -> str:
    """Say which databases the suite runs on, so a skipped backend is visible."""
    return f"hub test databases: {', '.join(BACKENDS)}"


@pytest.fixture(autouse=True)
def fresh_settings() -> Iterator[None]:
    """Read the settings anew in each test, after the test's own environment changes."""
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def pytest_sessionstart(session: pytest.Session) -> None:
    """In CI, fail loudly when PostgreSQL is required but not configured."""
    if REQUIRE_POSTGRES and not POSTGRES_URL:
        raise pytest.UsageError("HUB_TEST_REQUIRE_POSTGRES=1 but HUB_TEST_POSTGRES_URL is not set")


async def load_reference_data(url: str) -> None:
    """Load the real code lists into the database at ``url`` through the import service."""
    database = Database.from_url(url)
    try:
        async with database.transaction() as session:
            await codelists.import_list(session, read_admin_units())
            for stem in bundled_list_ids().values():
                await codelists.import_list(session, read_csv_list(stem))
    finally:
        await database.dispose()


async def _admin_execute(url: str, statement: str) -> None:
    import asyncpg  # only needed on PostgreSQL

    parsed = make_url(url)
    try:
        connection = await asyncpg.connect(
            host=parsed.host,
            port=parsed.port or 5432,
            user=parsed.username,
            password=parsed.password,
            database=parsed.database,
            timeout=10,
        )
    except (OSError, asyncpg.PostgresError) as error:
        raise RuntimeError(
            f"PostgreSQL at {parsed.render_as_string()} is unreachable ({error}); the suite "
            "was asked to run on it (HUB_TEST_POSTGRES_URL)"
        ) from error
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


def fresh_postgres_database(prefix: str) -> str:
    """Create an empty PostgreSQL database next to the one in HUB_TEST_POSTGRES_URL."""
    assert POSTGRES_URL is not None
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    asyncio.run(_admin_execute(POSTGRES_URL, f'CREATE DATABASE "{name}"'))
    return make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)


def drop_postgres_database(url: str) -> None:
    """Drop a database made by ``fresh_postgres_database``."""
    assert POSTGRES_URL is not None
    name = make_url(url).database
    asyncio.run(_admin_execute(POSTGRES_URL, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """The database backend of this run of a test."""
    return str(request.param)


@pytest.fixture(scope="session")
def template_url(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A migrated database holding the real code lists, built once per backend."""
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('template') / 'hub.db'}"
    else:
        url = fresh_postgres_database("hub_test")
    upgrade(url)
    asyncio.run(load_reference_data(url))
    yield url
    if backend == "postgresql":
        drop_postgres_database(url)


@pytest.fixture(scope="session")
async def postgres_engine(backend: str, template_url: str) -> AsyncIterator[AsyncEngine | None]:
    """One engine per session on the PostgreSQL template (None on SQLite)."""
    if backend != "postgresql":
        yield None
        return
    engine = create_engine(template_url)
    yield engine
    await engine.dispose()


@pytest.fixture
async def database(
    backend: str, template_url: str, postgres_engine: AsyncEngine | None, tmp_path: Path
) -> AsyncIterator[Database]:
    """An isolated database with the reference data for one test."""
    if backend == "sqlite":
        source = Path(make_url(template_url).database or "")
        copy = tmp_path / "hub.db"
        shutil.copyfile(source, copy)
        isolated = Database.from_url(f"sqlite:///{copy}")
        yield isolated
        await isolated.dispose()
        return
    assert postgres_engine is not None
    async with postgres_engine.connect() as connection:
        transaction = await connection.begin()
        yield Database(postgres_engine, bind=connection)
        await transaction.rollback()


@pytest.fixture
async def session(database: Database) -> AsyncIterator[AsyncSession]:
    """A session on the test's database; the test's writes vanish with the database."""
    async with database.session() as opened:
        yield opened


@pytest.fixture
def settings() -> Settings:
    """Settings for tests."""
    return Settings(environment=Environment.TEST, database_url="sqlite:///unused.db")


@pytest.fixture
def app(settings: Settings, database: Database) -> Starlette:
    """The hub app on the test's database."""
    from hub.app import create_app

    return create_app(settings, database=database)


@pytest.fixture
async def client(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client talking to the app in-process."""
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://hub.test") as http:
        yield http


@pytest.fixture
def graphql(client: httpx.AsyncClient) -> GraphQLClient:
    """Posts GraphQL documents to the app."""
    return GraphQLClient(client)


class GraphQLClient:
    """Tiny GraphQL client for tests."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client

    async def __call__(
        self, document: str, variables: dict[str, object] | None = None
    ) -> dict[str, Any]:
        """Execute ``document`` and return the JSON response body."""
        response = await self.client.post(
            "/graphql", json={"query": document, "variables": variables or {}}
        )
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body
