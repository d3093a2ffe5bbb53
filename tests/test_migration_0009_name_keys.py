"""Migration 0009 backfills the folded name keys of persons already stored, and goes down."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import TextClause, inspect, text

from hub.db import create_engine
from hub.migrations_runner import downgrade, head_revisions, upgrade
from tests.conftest import drop_postgres_database, fresh_postgres_database

INSERT = text(
    "INSERT INTO person (id, citizen_id, full_name, version, created_at, updated_at) "
    "VALUES (:id, :pin, :name, 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
)
NAMES = {
    "p1": ("079090001234", "Nguyễn  Văn An"),
    "p2": ("001190000001", "ĐỖ THỊ lan"),
    "p3": ("001190000002", "Vy"),
}


@pytest.fixture
def url(backend: str, tmp_path: Path) -> Iterator[str]:
    """An empty database of the backend."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'm.db'}"
        return
    made = fresh_postgres_database("hub_migrate")
    yield made
    drop_postgres_database(made)


async def _execute(
    url: str, *statements: tuple[TextClause, dict[str, Any]]
) -> list[tuple[object, ...]]:
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            rows: list[tuple[object, ...]] = []
            for statement, parameters in statements:
                result = await connection.execute(statement, parameters)
                if result.returns_rows:
                    rows.extend(tuple(r) for r in result.all())
            return rows
    finally:
        await engine.dispose()


async def _person_columns(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            return set(
                await connection.run_sync(
                    lambda c: {column["name"] for column in inspect(c).get_columns("person")}
                )
            )
    finally:
        await engine.dispose()


def test_the_migrations_have_one_head() -> None:
    # Given the migrations on disk, 0009 among them
    # When their heads are listed
    heads = head_revisions()
    # Then there is exactly one, so that `hub db upgrade` leaves no branch behind
    assert len(heads) == 1, heads


def test_persons_stored_before_0009_get_their_keys_and_0009_goes_down(url: str) -> None:
    # Given a database at 0008 holding three persons
    upgrade(url, "0008")
    asyncio.run(
        _execute(
            url,
            *(
                (INSERT, {"id": pid, "pin": pin, "name": name})
                for pid, (pin, name) in NAMES.items()
            ),
        )
    )
    # When it is upgraded to 0009
    upgrade(url, "0009")
    # Then every person has both keys, folded as the application folds them
    rows = asyncio.run(
        _execute(
            url,
            (
                text("SELECT id, full_name_folded, given_first_folded FROM person ORDER BY id"),
                {},
            ),
        )
    )
    assert rows == [
        ("p1", "nguyen van an", "an van nguyen"),
        ("p2", "do thi lan", "lan thi do"),
        ("p3", "vy", "vy"),
    ]
    # And going down to 0008 drops them again, keeping the persons
    downgrade(url, "0008")
    assert not {"full_name_folded", "given_first_folded"} & asyncio.run(_person_columns(url))
    remaining = asyncio.run(_execute(url, (text("SELECT count(*) FROM person"), {})))
    assert remaining == [(3,)]
