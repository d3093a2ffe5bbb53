"""Parcels and officials through GraphQL: found by key, holders as persons, reads logged."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from hub.audit.models import AccessEntry
from hub.principals.scopes import Scope
from hub.registry.ingestion import ingest
from hub.registry.kinds.civil_servant_appointment import CIVIL_SERVANT_APPOINTMENT
from hub.registry.kinds.land_parcel import LAND_PARCEL
from hub.registry.kinds.organization import ORGANIZATION
from hub.registry.pipeline.inputs import SourceRecordInput
from tests.access_fixtures import World, build_world, citizen, client, codes, run
from tests.registry.master_inputs import AN_CITIZEN_ID, an_from_health

JAN = datetime(2026, 1, 10, tzinfo=UTC)
NATIONAL_ID = "w7epxsheyytd"
OTHER_CITIZEN_ID = "001085012345"
LAND = frozenset({Scope.LAND_READ, Scope.PERSON_IDENTITY_READ})
CADRE = frozenset({Scope.CADRE_READ, Scope.PERSON_IDENTITY_READ})

BY_KEY = """
query ByKey($commune: String, $sheet: Int, $number: Int, $nationalId: String) {
  landParcel(communeCode: $commune, mapSheet: $sheet, parcelNumber: $number,
             nationalId: $nationalId) {
    parcel { nationalId legacyKey area holderCount share }
    holders { share person { fullName } }
  }
}
"""
OFFICIALS = """
query Officials($code: String!, $asOf: Date) {
  officials(organizationCode: $code, asOf: $asOf) {
    totalCount
    edges { node { appointment { position validFrom organization { name } }
                   person { fullName } } }
  }
}
"""


@pytest.fixture
async def world(session: AsyncSession) -> World:
    world = await build_world(session)
    await ingest(
        session,
        [
            an_from_health(),
            SourceRecordInput(
                "agency_directory",
                "AD-1",
                {"agency_code": "G12.18", "name": "Cục Quản lý đất đai"},
                JAN,
                entity_type=ORGANIZATION,
            ),
            SourceRecordInput(
                "land_registration",
                "GCN-77",
                {
                    "commune_code": "26740",
                    "map_sheet": 5,
                    "parcel_number": 12,
                    "national_id": NATIONAL_ID,
                    "area": "121",
                    "right_holders": [
                        {"citizen_id": AN_CITIZEN_ID, "name": "Nguyễn Văn An", "share": "1/2"},
                        {"citizen_id": OTHER_CITIZEN_ID, "name": "Trần Thị Bình", "share": "1/2"},
                    ],
                },
                JAN,
                entity_type=LAND_PARCEL,
            ),
            SourceRecordInput(
                "cadre_management",
                "QD-15",
                {
                    "citizen_id": AN_CITIZEN_ID,
                    "agency_code": "G12.18",
                    "position": "Phó Trưởng phòng",
                    "valid_from": "2024-03-01",
                },
                JAN,
                entity_type=CIVIL_SERVANT_APPOINTMENT,
            ),
        ],
    )
    return world


async def test_a_parcel_is_found_by_key_or_national_id_with_its_holders(
    session: AsyncSession, world: World
) -> None:
    # Given a parcel held half by An, half by a woman the registry does not know
    # When an agency with the land scope looks it up both ways
    by_key = await run(
        session, BY_KEY, client(LAND), {"commune": "26740", "sheet": 5, "number": 12}
    )
    by_id = await run(session, BY_KEY, client(LAND), {"nationalId": NATIONAL_ID.upper()})
    # Then both give the parcel and its two holders, the known one as a person
    assert "errors" not in by_key, by_key
    assert by_key == by_id
    found = by_key["data"]["landParcel"]
    assert found["parcel"] == {
        "nationalId": NATIONAL_ID,
        "legacyKey": "26740-5-12",
        "area": "121.0",
        "holderCount": 2,
        "share": None,
    }
    assert sorted(found["holders"], key=str) == sorted(
        [
            {"share": "1/2", "person": {"fullName": "Nguyễn Văn An"}},
            {"share": "1/2", "person": None},
        ],
        key=str,
    )
    assert "Trần Thị Bình" not in str(by_key)
    # And the read is logged for An in the land group
    result = await session.execute(
        select(col(AccessEntry.attribute_group), col(AccessEntry.attributes))
    )
    assert ("land:read", "landParcel") in set(result.all())


async def test_parcel_lookups_are_refused_without_scope_or_to_other_citizens(
    session: AsyncSession, world: World
) -> None:
    # Given the parcel, and callers without the land scope or not holding it
    key = {"commune": "26740", "sheet": 5, "number": 12}
    # When they look it up, or give a half key
    no_scope = await run(session, BY_KEY, client({Scope.PERSON_IDENTITY_READ}), key)
    other_citizen = await run(session, BY_KEY, citizen(world.alice, LAND), key)
    half_key = await run(session, BY_KEY, client(LAND), {"commune": "26740"})
    # Then each is refused
    assert codes(no_scope) == ["FORBIDDEN"]
    assert codes(other_citizen) == ["FORBIDDEN"]
    assert codes(half_key) == ["BAD_USER_INPUT"]


async def test_officials_of_an_organization_are_listed_and_logged(
    session: AsyncSession, world: World
) -> None:
    # Given An's appointment in the land department
    # When an agency lists its officials by the other code form, and before he started
    now = await run(session, OFFICIALS, client(CADRE), {"code": "000.00.18.G12"})
    before = await run(session, OFFICIALS, client(CADRE), {"code": "G12.18", "asOf": "2020-01-01"})
    as_citizen = await run(session, OFFICIALS, citizen(world.alice, CADRE), {"code": "G12.18"})
    # Then An is listed with his position and name; no one before 2024
    assert "errors" not in now, now
    assert now["data"]["officials"]["edges"] == [
        {
            "node": {
                "appointment": {
                    "position": "Phó Trưởng phòng",
                    "validFrom": "2024-03-01",
                    "organization": {"name": "Cục Quản lý đất đai"},
                },
                "person": {"fullName": "Nguyễn Văn An"},
            }
        }
    ]
    assert before["data"]["officials"]["totalCount"] == 0
    assert codes(as_citizen) == ["FORBIDDEN"]
    # And the listing is logged in the cadre group
    result = await session.execute(
        select(col(AccessEntry.attribute_group), col(AccessEntry.attributes))
    )
    assert ("cadre:read", "officials") in set(result.all())


LIST = """
query Parcels($commune: String, $first: Int) {
  landParcels(communeCode: $commune, first: $first) {
    totalCount
    edges { node { parcel { legacyKey } holders { share } } }
  }
}
"""


async def test_parcels_of_a_commune_are_listed_and_logged(
    session: AsyncSession, world: World
) -> None:
    # Given the parcel of commune 26740
    # When an agency with the land scope lists the commune's parcels, and another commune's
    listed = await run(session, LIST, client(LAND), {"commune": "26740"})
    elsewhere = await run(session, LIST, client(LAND), {"commune": "00004"})
    # Then it gets the parcel with its holders' shares, and nothing elsewhere
    assert "errors" not in listed, listed
    page = listed["data"]["landParcels"]
    assert page["totalCount"] == 1
    assert page["edges"][0]["node"] == {
        "parcel": {"legacyKey": "26740-5-12"},
        "holders": [{"share": "1/2"}, {"share": "1/2"}],
    }
    assert elsewhere["data"]["landParcels"]["totalCount"] == 0
    # And the read is logged for the known holder in the land group
    result = await session.execute(
        select(col(AccessEntry.attribute_group), col(AccessEntry.attributes))
    )
    assert ("land:read", "landParcels") in set(result.all())


async def test_parcel_lists_are_for_agency_clients_with_scope_and_valid_paging(
    session: AsyncSession, world: World
) -> None:
    # Given callers without the land scope, a citizen, and bad arguments
    no_scope = await run(session, LIST, client({Scope.PERSON_IDENTITY_READ}), {})
    a_citizen = await run(session, LIST, citizen(world.alice, LAND), {})
    bad_commune = await run(session, LIST, client(LAND), {"commune": "26x40"})
    too_many = await run(session, LIST, client(LAND), {"first": 101})
    # Then each is refused with its own code
    assert codes(no_scope) == ["FORBIDDEN"]
    assert codes(a_citizen) == ["FORBIDDEN"]
    assert codes(bad_commune) == ["BAD_USER_INPUT"]
    assert codes(too_many) == ["BAD_USER_INPUT"]
