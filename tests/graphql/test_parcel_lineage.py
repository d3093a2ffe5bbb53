"""Land-parcel lineage through GraphQL: splits and merges read from both sides, the parcel on
the other side checked and logged as if looked up directly, and no N+1 over a page.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from hub.audit.models import AccessEntry
from hub.db import Database
from hub.principals.scopes import Scope
from hub.registry.ingestion import ingest
from hub.registry.kinds.land_parcel import LAND_PARCEL
from hub.registry.kinds.person import service as records
from hub.registry.kinds.person.models import Person
from hub.registry.pipeline.inputs import SourceRecordInput
from tests.access_fixtures import ALICE, BOB, World, build_world, citizen, client, codes, run
from tests.registry.master_inputs import AN_CITIZEN_ID, an_from_health
from tests.statement_counter import counting

JAN = datetime(2026, 1, 10, tzinfo=UTC)
SPLIT_DAY = datetime(2026, 2, 1, 3, 0, tzinfo=UTC)
MERGE_DAY = datetime(2026, 3, 5, 3, 0, tzinfo=UTC)
OTHER_COMMUNE = "00004"
LAND = frozenset({Scope.LAND_READ})
# The access log's own writes are not the resolvers' cost.
AUDIT_TABLES = ("access_log", "request_log", "audit_anchor")

LINEAGE = """
query Lineage($commune: String, $sheet: Int, $number: Int) {
  landParcel(communeCode: $commune, mapSheet: $sheet, parcelNumber: $number) {
    parcel {
      legacyKey
      parents { relation changedOn parentKey parcel { legacyKey holderCount } }
      children { relation changedOn parentKey parcel { legacyKey holderCount } }
    }
  }
}
"""
OWN_PARCELS = """
query Own($pin: String) {
  person(pin: $pin) {
    landParcels {
      legacyKey
      children { parentKey parcel { legacyKey } }
      parents { parentKey parcel { legacyKey } }
    }
  }
}
"""
PAGE = """
query Page($first: Int) {
  landParcels(communeCode: "26740", first: $first) {
    totalCount
    edges { node {
      holders { share }
      parcel {
        legacyKey
        parents { relation parcel { legacyKey holderCount children { parentKey } } }
        children { relation parcel { legacyKey parents { parentKey } } }
      }
    } }
  }
}
"""


def parcel(
    source_id: str,
    sheet: int,
    number: int,
    holders: list[str],
    updated: datetime = JAN,
    commune: str = "26740",
    **lineage: list[str],
) -> SourceRecordInput:
    """A land-registration record of parcel ``commune-sheet-number`` held in equal shares."""
    share = f"1/{len(holders)}"
    return SourceRecordInput(
        "land_registration",
        source_id,
        {
            "commune_code": commune,
            "map_sheet": sheet,
            "parcel_number": number,
            "right_holders": [{"citizen_id": c, "share": share} for c in holders],
            **lineage,
        },
        updated,
        entity_type=LAND_PARCEL,
    )


@pytest.fixture
async def world(session: AsyncSession) -> World:
    """An, Alice and Bob; parcel 5-12 (An) split into 5-40 (Alice) and 5-41 (An); parcels 6-1
    (Bob) and 6-2 (An) merged into 6-3 (Bob); parcel 7-1 split from a parcel not registered.
    """
    world = await build_world(session)
    await ingest(
        session,
        [
            an_from_health(),
            parcel("GCN-12", 5, 12, [AN_CITIZEN_ID]),
            parcel("GCN-40", 5, 40, [ALICE["citizen_id"]], SPLIT_DAY, split_from=["26740-5-12"]),
            parcel("GCN-41", 5, 41, [AN_CITIZEN_ID], SPLIT_DAY, split_from=["26740-5-12"]),
            parcel("GCN-61", 6, 1, [BOB["citizen_id"]]),
            parcel("GCN-62", 6, 2, [AN_CITIZEN_ID]),
            parcel(
                "GCN-63",
                6,
                3,
                [BOB["citizen_id"]],
                MERGE_DAY,
                merged_from=["26740-6-1", "26740-6-2"],
            ),
            parcel("GCN-71", 7, 1, [BOB["citizen_id"]], SPLIT_DAY, split_from=["26740-9-99"]),
        ],
    )
    return world


async def _an(session: AsyncSession) -> Person:
    found = await records.find_by_citizen_id(session, AN_CITIZEN_ID)
    assert found is not None
    return found


def _key(key: str) -> dict[str, Any]:
    commune, sheet, number = key.split("-")
    return {"commune": commune, "sheet": int(sheet), "number": int(number)}


async def _logged(session: AsyncSession, attribute: str) -> set[tuple[str, str]]:
    result = await session.execute(
        select(col(AccessEntry.person_id), col(AccessEntry.attribute_group)).where(
            col(AccessEntry.attributes).contains(attribute)
        )
    )
    return {(str(p), str(g)) for p, g in result.all()}


async def test_a_split_is_read_from_the_parent_and_from_each_child(
    session: AsyncSession, world: World
) -> None:
    # Given parcel 5-12 split into 5-40 and 5-41
    # When an agency reads the parent's lineage, then a child's
    parent = await run(session, LINEAGE, client(LAND), _key("26740-5-12"))
    child = await run(session, LINEAGE, client(LAND), _key("26740-5-40"))
    # Then the parent lists both children, dated by the split, and no parent of its own
    assert "errors" not in parent, parent
    found = parent["data"]["landParcel"]["parcel"]
    assert found["parents"] == []
    assert found["children"] == [
        {
            "relation": "SPLIT",
            "changedOn": "2026-02-01",
            "parentKey": "26740-5-12",
            "parcel": {"legacyKey": key, "holderCount": 1},
        }
        for key in ("26740-5-40", "26740-5-41")
    ]
    # And the child names the parent, and has no children
    assert "errors" not in child, child
    assert child["data"]["landParcel"]["parcel"]["parents"] == [
        {
            "relation": "SPLIT",
            "changedOn": "2026-02-01",
            "parentKey": "26740-5-12",
            "parcel": {"legacyKey": "26740-5-12", "holderCount": 1},
        }
    ]
    assert child["data"]["landParcel"]["parcel"]["children"] == []


async def test_a_merge_is_read_from_the_merged_parcel_and_from_each_part(
    session: AsyncSession, world: World
) -> None:
    # Given parcels 6-1 and 6-2 merged into 6-3
    # When an agency reads the merged parcel's lineage, then each part's
    merged = await run(session, LINEAGE, client(LAND), _key("26740-6-3"))
    parts = [await run(session, LINEAGE, client(LAND), _key(k)) for k in ("26740-6-1", "26740-6-2")]
    # Then the merged parcel lists both parts as parents
    assert "errors" not in merged, merged
    assert merged["data"]["landParcel"]["parcel"]["parents"] == [
        {
            "relation": "MERGE",
            "changedOn": "2026-03-05",
            "parentKey": key,
            "parcel": {"legacyKey": key, "holderCount": 1},
        }
        for key in ("26740-6-1", "26740-6-2")
    ]
    # And each part names the merged parcel as its child
    for part, key in zip(parts, ("26740-6-1", "26740-6-2"), strict=True):
        assert "errors" not in part, part
        assert part["data"]["landParcel"]["parcel"]["children"] == [
            {
                "relation": "MERGE",
                "changedOn": "2026-03-05",
                "parentKey": key,
                "parcel": {"legacyKey": "26740-6-3", "holderCount": 1},
            }
        ]


async def test_a_parent_the_registry_does_not_know_shows_its_key_only(
    session: AsyncSession, world: World
) -> None:
    # Given parcel 7-1 split from 9-99, which no source has sent
    # When an agency reads its lineage
    body = await run(session, LINEAGE, client(LAND), _key("26740-7-1"))
    # Then the link keeps the key the source gave, with no parcel behind it
    assert "errors" not in body, body
    assert body["data"]["landParcel"]["parcel"]["parents"] == [
        {"relation": "SPLIT", "changedOn": "2026-02-01", "parentKey": "26740-9-99", "parcel": None}
    ]


async def test_a_related_parcel_read_is_logged_for_its_holders(
    session: AsyncSession, world: World
) -> None:
    # Given parcel 5-12 (An's), split into 5-40 (Alice's) and 5-41 (An's)
    an = await _an(session)
    # When an agency reads 5-12 with its children
    body = await run(session, LINEAGE, client(LAND), _key("26740-5-12"))
    # Then each child's read is logged for its holder, in the land group
    assert "errors" not in body, body
    assert await _logged(session, "parcelLineage") == {
        (world.alice.id, "land:read"),
        (an.id, "land:read"),
    }


async def test_a_citizen_reaches_only_related_parcels_they_hold(
    session: AsyncSession, world: World
) -> None:
    # Given An, who held 5-12 and holds 5-41 (its sibling 5-40 is Alice's) and 6-2 (merged
    # into Bob's 6-3)
    an = await _an(session)
    # When An, signed in, reads his parcels with their lineage
    body = await run(
        session,
        OWN_PARCELS,
        citizen(an, LAND | {Scope.PERSON_IDENTITY_READ}),
        {"pin": AN_CITIZEN_ID},
    )
    # Then his own related parcels are shown, the others are refused where they stand
    parcels = {p["legacyKey"]: p for p in body["data"]["person"]["landParcels"]}
    assert parcels["26740-5-12"]["children"] == [
        {"parentKey": "26740-5-12", "parcel": None},
        {"parentKey": "26740-5-12", "parcel": {"legacyKey": "26740-5-41"}},
    ]
    assert parcels["26740-5-41"]["parents"] == [
        {"parentKey": "26740-5-12", "parcel": {"legacyKey": "26740-5-12"}}
    ]
    assert parcels["26740-6-2"]["children"] == [{"parentKey": "26740-6-2", "parcel": None}]
    refused = {tuple(e["path"]) for e in body["errors"]}
    assert codes(body) == ["FORBIDDEN", "FORBIDDEN"]
    assert len(refused) == 2
    assert "Alice" not in str(body) and "26740-5-40" not in str(body)
    assert "26740-6-3" not in str(body)
    # And nothing is logged for the holders of the refused parcels
    assert await _logged(session, "parcelLineage") == {(an.id, "land:read")}


async def test_lineage_is_refused_without_the_land_scope_or_a_purpose(
    session: AsyncSession, world: World
) -> None:
    # Given the split parcel
    key = _key("26740-5-12")
    # When an agency without the land scope, or without a purpose, asks for it
    no_scope = await run(session, LINEAGE, client({Scope.PERSON_IDENTITY_READ}), key)
    no_purpose = await run(session, LINEAGE, client(LAND, purpose=None), key)
    # Then each is refused with its code and shows nothing
    assert codes(no_scope) == ["FORBIDDEN"]
    assert codes(no_purpose) == ["PURPOSE_REQUIRED"]
    assert no_scope["data"] == no_purpose["data"] == {"landParcel": None}


def _resolver_statements(statements: list[str]) -> list[str]:
    # The access log is written in a savepoint on PostgreSQL, after locking its shards: the
    # markers and the lock are not reads either.
    return [
        s
        for s in statements
        if not any(t in s for t in AUDIT_TABLES)
        and "SAVEPOINT" not in s.upper()
        and "pg_try_advisory_xact_lock" not in s
    ]


def _families(count: int) -> Iterator[SourceRecordInput]:
    # Each family: parcels 1-n and 2-n of commune 00004 merged into 26740-3-n, which is split
    # into 00004-4-n; listing commune 26740 thus reaches related parcels never on the page.
    for n in range(1, count + 1):
        for sheet in (1, 2):
            yield parcel(f"P{sheet}-{n}", sheet, n, [AN_CITIZEN_ID], commune=OTHER_COMMUNE)
        merged = [f"{OTHER_COMMUNE}-1-{n}", f"{OTHER_COMMUNE}-2-{n}"]
        yield parcel(f"M-{n}", 3, n, [AN_CITIZEN_ID], MERGE_DAY, merged_from=merged)
        split = [f"26740-3-{n}"]
        yield parcel(
            f"S-{n}", 4, n, [AN_CITIZEN_ID], MERGE_DAY, commune=OTHER_COMMUNE, split_from=split
        )


async def test_a_page_of_lineage_costs_the_same_statements_for_10_or_100_parcels(
    database: Database, session: AsyncSession
) -> None:
    # Given 100 parcels of commune 26740, each merged from two parcels of another commune and
    # split into a third there
    await build_world(session)
    await ingest(session, [an_from_health(), *_families(100)])
    await run(session, PAGE, client(LAND), {"first": 1})
    # When an agency reads a page of 10 of them with both sides of their lineage, then of 100
    with counting(database) as small:
        ten = await run(session, PAGE, client(LAND), {"first": 10})
    with counting(database) as large:
        hundred = await run(session, PAGE, client(LAND), {"first": 100})
    # Then both pages are whole, with every link resolved two levels deep
    assert "errors" not in ten and "errors" not in hundred, hundred.get("errors")
    nodes = [e["node"]["parcel"] for e in hundred["data"]["landParcels"]["edges"]]
    assert len(nodes) == 100 and len(ten["data"]["landParcels"]["edges"]) == 10
    for node in nodes:
        n = node["legacyKey"].split("-")[-1]
        parts = [f"{OTHER_COMMUNE}-1-{n}", f"{OTHER_COMMUNE}-2-{n}"]
        assert node["parents"] == [
            {
                "relation": "MERGE",
                "parcel": {"legacyKey": key, "holderCount": 1, "children": [{"parentKey": key}]},
            }
            for key in parts
        ]
        assert node["children"] == [
            {
                "relation": "SPLIT",
                "parcel": {
                    "legacyKey": f"{OTHER_COMMUNE}-4-{n}",
                    "parents": [{"parentKey": node["legacyKey"]}],
                },
            }
        ]
    # And the resolvers sent the same few statements for both: the count, the page, the
    # lineage of the page, the parcels it links to, and their lineage
    assert len(_resolver_statements(large)) == len(_resolver_statements(small)) == 5
