"""``persons(filter: {name:})`` by prefix of the stored folded name keys: case, diacritics and
spacing ignored, family name first or given name first, answered from the keys' indexes.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession

from hub.db import Database
from hub.kit.pagination import PageRequest
from hub.principals.scopes import Scope
from hub.registry.browse import service as browse
from hub.registry.ingestion import ingest
from hub.registry.kinds.person import service as records
from hub.registry.kinds.person.models import Person
from hub.registry.kinds.person.name_keys import given_first_key, name_key, prefix_bounds
from tests.access_fixtures import World, build_world, client, codes, run
from tests.registry.master_inputs import AN_CITIZEN_ID, an_from_health, record

IDENTITY = frozenset({Scope.PERSON_IDENTITY_READ})
MAR = datetime(2026, 3, 1, tzinfo=UTC)
SEARCH = """
query Search($filter: PersonFilter!, $first: Int, $after: String) {
  persons(filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { fullName } }
  }
}
"""


@pytest.fixture
async def world(session: AsyncSession) -> World:
    """Alice (Nguyễn Thị Lan), Bob (Trần Văn Bình) and, from a source, Nguyễn Văn An."""
    world = await build_world(session)
    await ingest(session, [an_from_health()])
    return world


async def _names(session: AsyncSession, name: str, **more: Any) -> list[str]:
    body = await run(session, SEARCH, client(IDENTITY), {"filter": {"name": name, **more}})
    assert "errors" not in body, body
    page = body["data"]["persons"]
    assert page["totalCount"] == len(page["edges"])
    return sorted(e["node"]["fullName"] for e in page["edges"])


def test_names_fold_to_keys_in_both_orders() -> None:
    # Given names written with diacritics, đ, odd case, spacing and punctuation
    # When they are folded into keys
    # Then case, diacritics and spacing are gone, and the given name leads the second key
    assert name_key("  NGUYỄN  văn   An ") == "nguyen van an"
    assert given_first_key("Nguyễn Văn An") == "an van nguyen"
    assert (name_key("Đỗ Thị-Lan"), given_first_key("Đỗ Thị-Lan")) == ("do thi lan", "lan thi do")
    assert given_first_key("Vy") == "vy"
    # And a prefix is one range of keys
    assert prefix_bounds("nguyen van") == ("nguyen van", "nguyen vao")
    low, high = prefix_bounds("an")
    assert low <= "an van nguyen" < high and not low <= "ba" < high


async def test_the_start_of_a_name_finds_the_person_however_it_is_typed(
    session: AsyncSession, world: World
) -> None:
    # Given Nguyễn Văn An, Nguyễn Thị Lan and Trần Văn Bình
    # When an agency searches by the start of the name, with and without diacritics
    # Then An is found each time, and with him every Nguyễn when only the family name is given
    assert await _names(session, "nguyen van") == ["Nguyễn Văn An"]
    assert await _names(session, "NGUYỄN  văn") == ["Nguyễn Văn An"]
    assert await _names(session, "Nguyen Van A") == ["Nguyễn Văn An"]
    assert await _names(session, "nguyễn") == ["Nguyễn Thị Lan", "Nguyễn Văn An"]
    # And the given name first finds him too, the order foreign-facing systems write
    assert await _names(session, "An") == ["Nguyễn Văn An"]
    assert await _names(session, "an van nguyen") == ["Nguyễn Văn An"]
    # And words that start neither order find no one
    assert await _names(session, "van an") == []
    assert await _names(session, "guyen") == []


async def test_name_and_other_filters_must_all_hold(session: AsyncSession, world: World) -> None:
    # Given the three, all in commune 26740, and An born on 1990-03-15
    # When the name is combined with the old commune code and with a birth date
    by_commune = await _names(session, "nguyen", communeCode="26746")
    by_birth = await _names(session, "nguyen", birthDate="1990-03-15")
    # Then both filters hold
    assert by_commune == ["Nguyễn Thị Lan", "Nguyễn Văn An"]
    assert by_birth == ["Nguyễn Văn An"]


async def test_the_keys_follow_the_golden_name(session: AsyncSession, world: World) -> None:
    # Given An, whose health-insurance record is corrected to another name
    corrected = record(
        "health_insurance",
        "HI-1",
        MAR,
        citizen_id=AN_CITIZEN_ID,
        social_insurance_number="7912345678",
        full_name="Nguyễn Văn Ánh",
    )
    await ingest(session, [corrected])
    # When an agency searches by the old and the new name
    # Then only the new one finds him
    assert await _names(session, "nguyen van anh") == ["Nguyễn Văn Ánh"]
    assert await _names(session, "anh") == ["Nguyễn Văn Ánh"]
    assert await _names(session, "nguyen van an ") == ["Nguyễn Văn Ánh"]
    found = await records.find_by_citizen_id(session, AN_CITIZEN_ID)
    assert found is not None
    assert (found.full_name_folded, found.given_first_folded) == (
        "nguyen van anh",
        "anh van nguyen",
    )


async def test_name_search_pages_by_registry_id(session: AsyncSession, world: World) -> None:
    # Given 25 persons named Lê Văn Số <n>
    await ingest(
        session,
        [
            record("commune_desk", f"CD-{n}", full_name=f"Lê Văn Số {n}", birth_date="2000-01-01")
            for n in range(25)
        ],
    )
    # When an agency pages through "le van" ten at a time
    seen: list[str] = []
    after = None
    totals = set()
    for _ in range(3):
        body = await run(
            session,
            SEARCH,
            client(IDENTITY),
            {"filter": {"name": "le van"}, "first": 10, "after": after},
        )
        page = body["data"]["persons"]
        totals.add(page["totalCount"])
        seen += [e["node"]["fullName"] for e in page["edges"]]
        after = page["pageInfo"]["endCursor"]
    # Then the three pages hold all 25, once each, and the last says it is the last
    assert totals == {25}
    assert sorted(seen) == sorted(f"Lê Văn Số {n}" for n in range(25))
    assert page["pageInfo"]["hasNextPage"] is False


@pytest.mark.parametrize("name", ["  ", "---", "%_"])
async def test_a_name_without_letters_or_digits_is_bad_input(
    session: AsyncSession, world: World, name: str
) -> None:
    # Given a name made only of spaces or punctuation
    # When an agency searches by it
    body = await run(session, SEARCH, client(IDENTITY), {"filter": {"name": name}})
    # Then it is refused as bad input naming the argument
    assert codes(body) == ["BAD_USER_INPUT"]
    assert "'name'" in body["errors"][0]["message"]


@contextmanager
def statements(database: Database) -> Iterator[list[tuple[str, Any]]]:
    """Collect the SQL statements and their parameters sent while the block runs."""
    sent: list[tuple[str, Any]] = []

    def note(conn: Any, cursor: Any, statement: str, parameters: Any, *rest: Any) -> None:
        sent.append((statement, parameters))

    event.listen(database.engine.sync_engine, "before_cursor_execute", note)
    try:
        yield sent
    finally:
        event.remove(database.engine.sync_engine, "before_cursor_execute", note)


async def test_a_name_search_is_answered_from_the_key_indexes(
    backend: str, database: Database, session: AsyncSession, world: World
) -> None:
    # Given the registry
    # When persons are searched by name alone
    with statements(database) as sent:
        await browse.search_persons(
            session, browse.PersonFilter(name="nguyen van"), PageRequest(20, None)
        )
    # Then the page and its count each read the person table through the two key indexes
    person_reads = [(s, p) for s, p in sent if "FROM person" in s]
    assert len(person_reads) == 2
    connection = await session.connection()
    if backend == "postgresql":
        # A handful of test rows makes any plan cheap; forbidding the table scan asks the
        # planner whether the indexes can answer the query at all (they must, for a prefix).
        await connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
    for statement, parameters in person_reads:
        if backend == "sqlite":
            plan = await connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)
            details = " ".join(str(row[-1]) for row in plan.all())
            assert "SCAN person" not in details, details
        else:
            plan = await connection.exec_driver_sql(f"EXPLAIN {statement}", parameters)
            details = " ".join(str(row[0]) for row in plan.all())
            assert "Seq Scan on person" not in details, details
        assert "ix_person_full_name_folded" in details, details
        assert "ix_person_given_first_folded" in details, details


async def test_persons_created_at_sign_in_are_found_by_name(
    session: AsyncSession, world: World
) -> None:
    # Given Alice, created from her e-identity claims at sign-in (not from a source)
    alice: Person = world.alice
    # When an agency searches for her by name
    # Then she is found: sign-in writes the keys too
    assert alice.full_name_folded == "nguyen thi lan"
    assert await _names(session, "nguyen thi") == ["Nguyễn Thị Lan"]
