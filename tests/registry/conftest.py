"""Fixtures of the master-record tests."""

from __future__ import annotations

import asyncio
import shutil
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from hub.db import Database
from hub.migrations_runner import upgrade
from tests.conftest import (
    POSTGRES_URL,
    _admin_execute,
    drop_postgres_database,
    fresh_postgres_database,
    load_reference_data,
)


@pytest.fixture(scope="session")
def committed_template(backend: str, template_url: str) -> Iterator[str]:
    """A migrated database with the reference data that no one stays connected to, so that
    PostgreSQL can copy it quickly (the shared template is held open by its engine).
    """
    if backend == "sqlite":
        yield template_url
        return
    url = fresh_postgres_database("hub_committed_template")
    upgrade(url)
    asyncio.run(load_reference_data(url))
    yield url
    drop_postgres_database(url)


@pytest.fixture
def committed_url(backend: str, committed_template: str, tmp_path: Path) -> Iterator[str]:
    """A database whose transactions really commit (the shared fixture rolls back on
    PostgreSQL), so that two sessions can see each other's writes.
    """
    if backend == "sqlite":
        copy = tmp_path / "hub.db"
        shutil.copyfile(Path(make_url(committed_template).database or ""), copy)
        yield f"sqlite:///{copy}"
        return
    assert POSTGRES_URL is not None
    name = f"hub_committed_{uuid.uuid4().hex[:10]}"
    template = make_url(committed_template).database
    asyncio.run(_admin_execute(POSTGRES_URL, f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    url = make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    yield url
    drop_postgres_database(url)


@pytest.fixture
async def committed(committed_url: str) -> AsyncIterator[Database]:
    """The committing database, opened."""
    database = Database.from_url(committed_url)
    yield database
    await database.dispose()
