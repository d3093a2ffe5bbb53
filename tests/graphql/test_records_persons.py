"""Golden persons through GraphQL: provenance, history, asOf, merge redirects and search."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from hub.audit.models import AccessEntry
from hub.graphql.types.global_ids import encode_global_id
from hub.kit import clock
from hub.principals.scopes import Scope
from hub.registry.ingestion import ingest
from hub.registry.kinds.land_parcel import LAND_PARCEL
from hub.registry.pipeline.inputs import SourceRecordInput
from hub.registry.stewardship.merge import merge_persons
from tests.access_fixtures import World, build_world, citizen, client, codes, run
from tests.registry.master_inputs import (
    AN_CITIZEN_ID,
    MAR,
    an_from_health,
    an_from_land,
    an_near_match,
    record,
)
from tests.registry.stewardship.stewards import STEWARD

IDENTITY = frozenset({Scope.PERSON_IDENTITY_READ})
ALL = frozenset({Scope.PERSON_IDENTITY_READ, Scope.PERSON_CONTACT_READ, Scope.PERSON_ADDRESS_READ})
YESTERDAY = datetime(2026, 3, 9, 9, 0, tzinfo=UTC)
TODAY = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)

GOLDEN = """
query Golden($pin: String) {
  person(pin: $pin) {
    fullName birthDate sex identifiers { scheme value } address { communeCode street }
    provenance { attribute system sourceRecordId sourceUpdatedAt }
  }
}
"""
AS_OF = """
query AsOf($pin: String, $asOf: DateTime) {
  person(pin: $pin, asOf: $asOf) {
    phone fullName
    provenance { attribute system }
    history { totalCount edges { node { version change changedAttributes } } }
  }
}
"""
HISTORY = """
query History($pin: String, $first: Int, $after: String) {
  person(pin: $pin) {
    history(first: $first, after: $after) {
      totalCount pageInfo { hasNextPage endCursor }
      edges { node { version change validFrom recordedAt changedAttributes } }
    }
  }
}
"""
BY_ID = """
query ById($id: ID) { person(id: $id) { id fullName wasMerged mergedFrom } }
"""
ID_OF = "query IdOf($pin: String) { person(pin: $pin) { id } }"
SEARCH = """
query Search($filter: PersonFilter!, $first: Int, $after: String) {
  persons(filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { fullName address { communeCode } } }
  }
}
"""


@pytest.fixture
async def world(session: AsyncSession) -> World:
    return await build_world(session)


async def test_two_systems_make_one_golden_person_whose_values_name_their_source(
    session: AsyncSession, world: World
) -> None:
    # Given the same man from health insurance and from the land records, the latter without
    # diacritics and with the pre-2025 commune code
    await ingest(session, [an_from_health(), an_from_land()])
    # When an agency with every person scope reads him
    body = await run(session, GOLDEN, client(ALL), {"pin": AN_CITIZEN_ID})
    # Then one golden person answers, accented name and 2025 commune surviving
    assert "errors" not in body
    person = body["data"]["person"]
    assert person["fullName"] == "Nguyễn Văn An"
    assert person["birthDate"] == "1990-03-15"
    assert person["address"] == {"communeCode": "26740", "street": "Số 12 Lê Lợi"}
    assert person["identifiers"] == [
        {"scheme": "CITIZEN_ID", "value": AN_CITIZEN_ID},
        {"scheme": "SOCIAL_INSURANCE_NUMBER", "value": "7912345678"},
    ]
    # And every attribute names the system and source record it came from
    sources = {p["attribute"]: p["system"] for p in person["provenance"]}
    assert sources == {
        "addressCommuneCode": "health_insurance",
        "addressStreet": "land_records",
        "birthDate": "health_insurance",
        "citizenId": "health_insurance",
        "fullName": "health_insurance",
        "sex": "health_insurance",
        "socialInsuranceNumber": "health_insurance",
    }
    assert all(p["sourceRecordId"] for p in person["provenance"])
    street = next(p for p in person["provenance"] if p["attribute"] == "addressStreet")
    assert street["sourceUpdatedAt"] == "2026-02-01T00:00:00+00:00"


async def test_provenance_shows_and_logs_only_the_groups_the_caller_may_read(
    session: AsyncSession, world: World
) -> None:
    # Given the golden man
    report = await ingest(session, [an_from_health(), an_from_land()])
    an_id = report.master_ids[("health_insurance", "HI-1")]
    # When an agency holding only the identity scope asks for his provenance
    body = await run(
        session,
        "query P($pin: String) { person(pin: $pin) { provenance { attribute } } }",
        client(IDENTITY),
        {"pin": AN_CITIZEN_ID},
    )
    # Then it sees no address provenance
    attributes = {p["attribute"] for p in body["data"]["person"]["provenance"]}
    assert attributes == {"birthDate", "citizenId", "fullName", "sex", "socialInsuranceNumber"}
    # And the read is logged in the identity group only
    result = await session.execute(select(AccessEntry).where(col(AccessEntry.person_id) == an_id))
    entries = [(e.attribute_group, e.attributes) for e in result.scalars()]
    assert entries == [
        (
            "person.identity:read",
            "provenance.birthDate provenance.citizenId provenance.fullName provenance.sex "
            "provenance.socialInsuranceNumber",
        )
    ]


async def test_as_of_shows_yesterdays_view(
    session: AsyncSession, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a man the hub learnt of yesterday, whose phone it learnt today
    monkeypatch.setattr(clock, "utcnow", lambda: YESTERDAY)
    await ingest(session, [an_from_health()])
    monkeypatch.setattr(clock, "utcnow", lambda: TODAY)
    seen = an_from_health()
    await ingest(
        session, [record(seen.system, seen.source_id, MAR, **seen.payload, phone="0912345678")]
    )
    evening = (YESTERDAY + timedelta(hours=10)).isoformat()
    # When he is read as of yesterday evening, today, and before the hub knew him
    yesterday = await run(session, AS_OF, client(ALL), {"pin": AN_CITIZEN_ID, "asOf": evening})
    today = await run(
        session, AS_OF, client(ALL), {"pin": AN_CITIZEN_ID, "asOf": TODAY.isoformat()}
    )
    before = await run(
        session,
        AS_OF,
        client(ALL),
        {"pin": AN_CITIZEN_ID, "asOf": (YESTERDAY - timedelta(days=1)).isoformat()},
    )
    # Then each answer is what the hub knew then
    then = yesterday["data"]["person"]
    assert then["phone"] is None and then["fullName"] == "Nguyễn Văn An"
    assert then["history"]["totalCount"] == 1
    assert "phone" not in {p["attribute"] for p in then["provenance"]}
    now = today["data"]["person"]
    assert now["phone"] == "0912345678"
    assert {"attribute": "phone", "system": "health_insurance"} in now["provenance"]
    assert now["history"]["edges"][0]["node"]["changedAttributes"] == ["phone"]
    assert before == {"data": {"person": None}}


async def test_as_of_needs_an_offset(session: AsyncSession, world: World) -> None:
    # Given the golden man
    await ingest(session, [an_from_health()])
    # When asked as of a time without offset
    body = await run(
        session, AS_OF, client(ALL), {"pin": AN_CITIZEN_ID, "asOf": "2026-03-09T10:00:00"}
    )
    # Then the input is refused
    assert codes(body) == ["BAD_USER_INPUT"]


async def test_history_is_newest_first_with_valid_and_record_time(
    session: AsyncSession, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a man created yesterday and given a phone today
    monkeypatch.setattr(clock, "utcnow", lambda: YESTERDAY)
    await ingest(session, [an_from_health()])
    monkeypatch.setattr(clock, "utcnow", lambda: TODAY)
    seen = an_from_health()
    await ingest(
        session, [record(seen.system, seen.source_id, MAR, **seen.payload, phone="0912345678")]
    )
    # When an agency with the identity scope only pages through his history, one at a time
    first = await run(session, HISTORY, client(IDENTITY), {"pin": AN_CITIZEN_ID, "first": 1})
    page = first["data"]["person"]["history"]
    second = await run(
        session,
        HISTORY,
        client(IDENTITY),
        {"pin": AN_CITIZEN_ID, "first": 1, "after": page["pageInfo"]["endCursor"]},
    )
    # Then the newest comes first with its source time and hub time
    newest = page["edges"][0]["node"]
    assert page["totalCount"] == 2 and page["pageInfo"]["hasNextPage"] is True
    assert newest["version"] == 2 and newest["change"] == "UPDATED"
    assert newest["validFrom"] == MAR.isoformat() and newest["recordedAt"] == TODAY.isoformat()
    # And the phone, a contact attribute, is not named to a caller without the contact scope
    assert newest["changedAttributes"] == []
    oldest = second["data"]["person"]["history"]["edges"][0]["node"]
    assert oldest["version"] == 1 and oldest["change"] == "CREATED"
    assert "fullName" in oldest["changedAttributes"]
    assert "addressCommuneCode" not in oldest["changedAttributes"]


async def test_the_id_of_a_merged_person_resolves_to_the_survivor(
    session: AsyncSession, world: World
) -> None:
    # Given two masters a steward merged
    report = await ingest(session, [an_from_health(), an_near_match()])
    an_id = report.master_ids[("health_insurance", "HI-1")]
    near_id = report.master_ids[("cadre_management", "CM-7")]
    found = await run(session, ID_OF, client(IDENTITY), {"pin": AN_CITIZEN_ID})
    survivor_gid = found["data"]["person"]["id"]
    await merge_persons(
        session, STEWARD, an_id, near_id, survivor_version=1, loser_version=1, reason="same"
    )
    loser_gid = encode_global_id("Person", near_id)
    # When the loser's id is looked up, and the survivor's
    via_loser = await run(session, BY_ID, client(IDENTITY), {"id": loser_gid})
    direct = await run(session, BY_ID, client(IDENTITY), {"id": survivor_gid})
    # Then both answer the survivor; the first says it was merged
    assert via_loser["data"]["person"] == {
        "id": survivor_gid,
        "fullName": "Nguyễn Văn An",
        "wasMerged": True,
        "mergedFrom": [loser_gid],
    }
    assert direct["data"]["person"]["wasMerged"] is False


async def test_persons_are_found_by_folded_name_and_either_commune_code(
    session: AsyncSession, world: World
) -> None:
    # Given the golden man, living in commune 26740 (26746 before the 2025 reform)
    await ingest(session, [an_from_health(), an_from_land()])
    # When an agency searches without diacritics, and by the old commune code
    by_name = await run(session, SEARCH, client(ALL), {"filter": {"name": "nguyen  VAN an"}})
    by_commune = await run(
        session, SEARCH, client(ALL), {"filter": {"communeCode": "26746", "name": "An"}}
    )
    by_birth = await run(session, SEARCH, client(ALL), {"filter": {"birthDate": "1990-03-15"}})
    # Then he is found each time
    expected = {"fullName": "Nguyễn Văn An", "address": {"communeCode": "26740"}}
    for body in (by_name, by_commune, by_birth):
        assert "errors" not in body, body
        assert body["data"]["persons"]["totalCount"] == 1
        assert body["data"]["persons"]["edges"][0]["node"] == expected


async def test_every_person_a_search_returns_is_access_logged(
    session: AsyncSession, world: World
) -> None:
    # Given Alice and Bob, both in commune 26740, and the golden man there too
    await ingest(session, [an_from_health()])
    # When an agency lists the commune two at a time
    first = await run(
        session, SEARCH, client(ALL), {"filter": {"communeCode": "26740"}, "first": 2}
    )
    cursor = first["data"]["persons"]["pageInfo"]["endCursor"]
    second = await run(
        session,
        SEARCH,
        client(ALL),
        {"filter": {"communeCode": "26740"}, "first": 2, "after": cursor},
    )
    # Then the pages together hold the three, without overlap
    names = [
        e["node"]["fullName"] for body in (first, second) for e in body["data"]["persons"]["edges"]
    ]
    assert sorted(names) == sorted(["Nguyễn Thị Lan", "Trần Văn Bình", "Nguyễn Văn An"])
    assert first["data"]["persons"]["pageInfo"]["hasNextPage"] is True
    assert second["data"]["persons"]["pageInfo"]["hasNextPage"] is False
    # And each of them has an access-log entry for the identity and address groups
    result = await session.execute(
        select(col(AccessEntry.person_id), col(AccessEntry.attribute_group))
    )
    logged = sorted(result.all())
    assert len({person for person, _ in logged}) == 3
    assert {group for _, group in logged} == {"person.identity:read", "person.address:read"}
    assert len(logged) == 6


async def test_searching_persons_needs_a_filter_and_an_agency_client(
    session: AsyncSession, world: World
) -> None:
    # Given callers of several kinds
    # When they search without a filter, as a citizen, or with a malformed code
    empty = await run(session, SEARCH, client(ALL), {"filter": {}})
    as_citizen = await run(session, SEARCH, citizen(world.alice, ALL), {"filter": {"name": "Lan"}})
    malformed = await run(session, SEARCH, client(ALL), {"filter": {"citizenId": "12"}})
    without_scope = await run(
        session, SEARCH, client({Scope.PERSON_CONTACT_READ}), {"filter": {"name": "Lan"}}
    )
    # Then each is refused with its code and nothing is returned
    assert codes(empty) == ["BAD_USER_INPUT"]
    assert codes(as_citizen) == ["FORBIDDEN"]
    assert codes(malformed) == ["BAD_USER_INPUT"]
    assert codes(without_scope) == ["FORBIDDEN"]
    assert all(b["data"] is None for b in (empty, as_citizen, malformed, without_scope))


HOLDINGS = """
query Holdings($pin: String) {
  person(pin: $pin) {
    landParcels { nationalId legacyKey area share holderCount provenance { attribute system } }
    appointments { position agencyCode }
  }
}
"""


async def test_parcels_show_the_persons_share_and_nothing_of_the_other_holders(
    session: AsyncSession, world: World
) -> None:
    # Given An, and a parcel he holds half of with a woman the registry does not know
    await ingest(
        session,
        [
            an_from_health(),
            SourceRecordInput(
                "land_registration",
                "GCN-77",
                {
                    "commune_code": "26740",
                    "map_sheet": 5,
                    "parcel_number": 12,
                    "area": "121",
                    "right_holders": [
                        {"citizen_id": AN_CITIZEN_ID, "name": "Nguyễn Văn An", "share": "1/2"},
                        {"citizen_id": "001085012345", "name": "Trần Thị Bình", "share": "1/2"},
                    ],
                },
                MAR,
                entity_type=LAND_PARCEL,
            ),
        ],
    )
    # When an agency with the land scope reads his parcels, and one without it tries
    body = await run(
        session, HOLDINGS, client({*IDENTITY, Scope.LAND_READ}), {"pin": AN_CITIZEN_ID}
    )
    refused = await run(session, HOLDINGS, client(IDENTITY), {"pin": AN_CITIZEN_ID})
    # Then the parcel shows his share and the number of holders, not who the others are
    (parcel,) = body["data"]["person"]["landParcels"]
    assert (parcel["legacyKey"], parcel["area"], parcel["share"]) == ("26740-5-12", "121.0", "1/2")
    assert parcel["holderCount"] == 2
    assert {"attribute": "area", "system": "land_registration"} in parcel["provenance"]
    assert "Bình" not in str(body) and "001085012345" not in str(body)
    assert body["data"]["person"]["appointments"] is None
    assert [e["path"] for e in body["errors"]] == [["person", "appointments"]]
    # And without the land scope the parcels are refused
    assert refused["data"]["person"]["landParcels"] is None
    assert set(codes(refused)) == {"FORBIDDEN"}
    # And the read is logged in the land group
    result = await session.execute(
        select(col(AccessEntry.attribute_group), col(AccessEntry.attributes))
    )
    assert ("land:read", "landParcels") in set(result.all())
