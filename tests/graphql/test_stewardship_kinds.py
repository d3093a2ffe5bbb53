"""Stewardship of organizations, land parcels and enrolments through GraphQL: the queues by
kind, mergeMasters / unmergeMaster / overrideAttribute / clearOverride on any master id, the
figures, and who may do it.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from hub.graphql.types.steward_masters import STEWARD_MASTER_TYPES, TYPE_NAMES, EntityType
from hub.principals.scopes import Scope
from hub.registry.ingestion import ingest
from hub.registry.kinds import KINDS
from hub.registry.kinds.land_parcel import reads as land
from tests.access_fixtures import World, build_world, client, codes, run
from tests.registry.master_inputs import AN_CITIZEN_ID, an_from_health
from tests.registry.stewardship.kind_inputs import (
    BINH_CITIZEN_ID,
    JAN,
    an_card,
    an_parcel,
    binh,
    binh_parcel,
    enrollment,
    land_department,
    land_department_in_hr,
    survey_department,
)

STEWARD = client({Scope.REGISTRY_STEWARD}, purpose=None)
ORGANIZATIONS = client({Scope.ORGANIZATION_READ}, purpose=None)
LAND = client({Scope.LAND_READ})
READER = client({Scope.ORGANIZATION_READ, Scope.LAND_READ})

QUEUE = """
query Queue($type: EntityType!) {
  matchTasks(entityType: $type) {
    totalCount
    edges { node {
      id entityType rule version recordPerson { id }
      recordMaster { __typename id version entityType }
      candidateMaster { __typename id version sourceRecords { system sourceId } }
    } }
  }
}
"""
DECIDE = """
mutation Decide($id: ID!, $decision: MatchDecision!, $version: Int!) {
  decideMatchTask(id: $id, decision: $decision, expectedVersion: $version,
                  reason: "same agency, checked with the ministry") { status version }
}
"""
HANDLE = """
query Handle($id: ID!) {
  stewardMaster(id: $id) {
    __typename id version mergedIntoId sourceRecords { id system sourceId }
  }
}
"""
MERGE = """
mutation Merge($survivor: ID!, $loser: ID!, $sv: Int!, $lv: Int!) {
  mergeMasters(survivorId: $survivor, loserId: $loser, survivorVersion: $sv, loserVersion: $lv,
               reason: "one and the same") {
    __typename id version entityType sourceRecords { id sourceId }
  }
}
"""
UNMERGE = """
mutation Unmerge($id: ID!, $records: [ID!]!, $version: Int!) {
  unmergeMaster(id: $id, sourceRecordIds: $records, expectedVersion: $version,
                reason: "two after all") { __typename id version mergedIntoId }
}
"""
OVERRIDE = """
mutation Override($id: ID!, $attribute: String!, $value: String, $version: Int!) {
  overrideAttribute(id: $id, attribute: $attribute, value: $value, expectedVersion: $version,
                    reason: "decision 12/QD of the ministry") { __typename id version }
}
"""
CLEAR = """
mutation Clear($id: ID!, $attribute: String!, $version: Int!) {
  clearOverride(id: $id, attribute: $attribute, expectedVersion: $version,
                reason: "decision withdrawn") { id version }
}
"""
ORGANIZATION = """
query Organization($code: String!) {
  organization(code: $code) { id name provenance { attribute system } }
}
"""
PARCEL = """
query Parcel($number: Int!) {
  landParcel(communeCode: "26740", mapSheet: 5, parcelNumber: $number) {
    parcel { id area holderCount provenance { attribute system } }
  }
}
"""
BOTH_IDS = """
mutation Both($id: ID!) {
  overrideAttribute(id: $id, personId: $id, attribute: "name", expectedVersion: 1, reason: "x") {
    id
  }
}
"""
FIGURES = """
query Figures {
  qualityIssues(entityType: HEALTH_INSURANCE_ENROLLMENT) {
    totalCount edges { node { entityType kind attribute systems person { id }
                              master { __typename id } } }
  }
  sourceQuality(entityType: HEALTH_INSURANCE_ENROLLMENT) { system records completeness }
  persons: sourceQuality { system }
}
"""


@pytest.fixture
async def world(session: AsyncSession) -> World:
    return await build_world(session)


async def _ok(session: AsyncSession, document: str, variables: dict[str, Any]) -> Any:
    body = await run(session, document, STEWARD, variables)
    assert "errors" not in body, body
    return body["data"]


async def _organization(session: AsyncSession, code: str) -> dict[str, Any]:
    body = await run(session, ORGANIZATION, ORGANIZATIONS, {"code": code})
    found: dict[str, Any] = body["data"]["organization"]
    return found


async def _parcel_id(session: AsyncSession, number: int) -> str:
    found = await land.find_parcel_by_key(session, "26740", 5, number)
    assert found is not None
    return found.id


async def test_the_organization_queue_is_listed_by_kind_and_a_task_linked(
    session: AsyncSession, world: World
) -> None:
    # Given an agency and an HR record with its code but another tax code
    await ingest(session, [land_department()])
    await ingest(session, [land_department_in_hr()])
    # When the steward lists the organization queue, and the person queue
    queue = await _ok(session, QUEUE, {"type": "ORGANIZATION"})
    persons = await _ok(session, QUEUE, {"type": "PERSON"})
    # Then the pair waits among organizations, with steward handles of that kind
    assert persons["matchTasks"]["totalCount"] == 0
    (edge,) = queue["matchTasks"]["edges"]
    task = edge["node"]
    assert (task["entityType"], task["rule"], task["recordPerson"]) == (
        "ORGANIZATION",
        "identifier_mixed",
        None,
    )
    assert task["recordMaster"]["__typename"] == "StewardOrganization"
    agency = await _organization(session, "G12.18")
    assert task["candidateMaster"]["id"] == agency["id"]
    # When the steward links it
    decided = await _ok(
        session, DECIDE, {"id": task["id"], "decision": "LINK", "version": task["version"]}
    )
    # Then the HR master redirects to the agency, which holds both records
    assert decided["decideMatchTask"]["status"] == "LINKED"
    handle = await _ok(session, HANDLE, {"id": task["recordMaster"]["id"]})
    assert handle["stewardMaster"]["mergedIntoId"] == agency["id"]
    survivor = await _ok(session, HANDLE, {"id": agency["id"]})
    assert len(survivor["stewardMaster"]["sourceRecords"]) == 2


async def test_organizations_are_merged_unmerged_and_overridden(
    session: AsyncSession, world: World
) -> None:
    # Given two agencies
    await ingest(session, [land_department(), survey_department()])
    first = await _organization(session, "G12.18")
    second = await _organization(session, "G12.19")
    seen = await _ok(session, HANDLE, {"id": first["id"]})
    version = seen["stewardMaster"]["version"]
    # When a steward renames the first, and an organization reader reads it
    override = await _ok(
        session,
        OVERRIDE,
        {
            "id": first["id"],
            "attribute": "name",
            "value": "Cục Quản lý đất đai (mới)",
            "version": 1,
        },
    )
    read = await _organization(session, "G12.18")
    # Then the steward's name stands, named as such
    assert override["overrideAttribute"]["__typename"] == "StewardOrganization"
    assert read["name"] == "Cục Quản lý đất đai (mới)"
    assert {"attribute": "name", "system": "steward"} in read["provenance"]
    # When the override is cleared, and a second steward clears it from the old version
    now = override["overrideAttribute"]["version"]
    cleared = await _ok(session, CLEAR, {"id": first["id"], "attribute": "name", "version": now})
    stale = await run(
        session, CLEAR, STEWARD, {"id": first["id"], "attribute": "name", "version": version}
    )
    # Then the directory's name is back, and the stale action conflicts
    assert cleared["clearOverride"]["version"] > now
    assert (await _organization(session, "G12.18"))["name"] == "Cục Quản lý đất đai"
    assert codes(stale) == ["CONFLICT"]
    # When the steward merges the second into the first, then splits its record off again
    handles = [
        (await _ok(session, HANDLE, {"id": o["id"]}))["stewardMaster"] for o in (first, second)
    ]
    merged = await _ok(
        session,
        MERGE,
        {
            "survivor": first["id"],
            "loser": second["id"],
            "sv": handles[0]["version"],
            "lv": handles[1]["version"],
        },
    )
    survivor = merged["mergeMasters"]
    assert (survivor["__typename"], survivor["entityType"]) == (
        "StewardOrganization",
        "ORGANIZATION",
    )
    split = [r["id"] for r in survivor["sourceRecords"] if r["sourceId"] == "AD-19"]
    assert len(survivor["sourceRecords"]) == 2 and len(split) == 1
    loser = await _ok(session, HANDLE, {"id": second["id"]})
    assert loser["stewardMaster"]["mergedIntoId"] == first["id"]
    restored = await _ok(
        session, UNMERGE, {"id": first["id"], "records": split, "version": survivor["version"]}
    )
    # Then the second agency is back under its own id and code
    assert restored["unmergeMaster"]["id"] == second["id"]
    assert restored["unmergeMaster"]["mergedIntoId"] is None
    assert (await _organization(session, "G12.19"))["id"] == second["id"]


async def test_parcels_are_merged_unmerged_and_overridden(
    session: AsyncSession, world: World
) -> None:
    # Given An's parcel and Bình's, as a land reader finds them
    await ingest(session, [an_from_health(), binh()])
    await ingest(session, [an_parcel(), binh_parcel()])
    found = [(await run(session, PARCEL, LAND, {"number": n}))["data"] for n in (12, 13)]
    first, second = (f["landParcel"]["parcel"]["id"] for f in found)
    ids = [await _parcel_id(session, n) for n in (12, 13)]
    # When a steward corrects the first's area, written with a decimal comma
    override = await _ok(
        session, OVERRIDE, {"id": first, "attribute": "area", "value": "130,5", "version": 1}
    )
    # Then the reader sees the steward's area
    assert override["overrideAttribute"]["__typename"] == "StewardLandParcel"
    parcel = (await run(session, PARCEL, LAND, {"number": 12}))["data"]["landParcel"]["parcel"]
    assert parcel["area"] == "130.5"
    assert {"attribute": "area", "system": "steward"} in parcel["provenance"]
    # When the steward merges Bình's parcel into An's, and splits it off again
    merged = await _ok(
        session,
        MERGE,
        {
            "survivor": first,
            "loser": second,
            "sv": override["overrideAttribute"]["version"],
            "lv": 1,
        },
    )
    survivor = merged["mergeMasters"]
    holders = await land.right_holders(session, ids)
    assert [r.citizen_id for r in holders[ids[0]]] == [BINH_CITIZEN_ID] and holders[ids[1]] == []
    split = [r["id"] for r in survivor["sourceRecords"] if r["sourceId"] == "GCN-13"]
    restored = await _ok(
        session, UNMERGE, {"id": first, "records": split, "version": survivor["version"]}
    )
    # Then both parcels are back with their own holders and the override still stands
    assert restored["unmergeMaster"] == {
        "__typename": "StewardLandParcel",
        "id": second,
        "version": restored["unmergeMaster"]["version"],
        "mergedIntoId": None,
    }
    holders = await land.right_holders(session, ids)
    assert [r.citizen_id for r in holders[ids[0]]] == [AN_CITIZEN_ID]
    assert [r.citizen_id for r in holders[ids[1]]] == [BINH_CITIZEN_ID]
    parcel = (await run(session, PARCEL, LAND, {"number": 12}))["data"]["landParcel"]["parcel"]
    assert parcel["area"] == "130.5"


async def test_enrollment_issues_and_figures_are_listed_by_kind(
    session: AsyncSession, world: World
) -> None:
    # Given an enrolment two systems disagree on
    await ingest(
        session,
        [
            an_card(),
            enrollment(
                "hospital_records",
                "KCB-5",
                JAN,
                social_insurance_number="7912345678",
                valid_from="2026-01-01",
                clinic_code="79-025",
            ),
        ],
    )
    # When the steward asks for the enrolment issues and figures
    data = await _ok(session, FIGURES, {})
    # Then the conflict names its master as an enrolment, and each system is counted
    (edge,) = data["qualityIssues"]["edges"]
    issue = edge["node"]
    assert (issue["entityType"], issue["kind"], issue["attribute"], issue["person"]) == (
        "HEALTH_INSURANCE_ENROLLMENT",
        "CONFLICT",
        "clinic_code",
        None,
    )
    assert issue["systems"] == ["health_insurance", "hospital_records"]
    assert issue["master"]["__typename"] == "StewardHealthInsuranceEnrollment"
    figures = {f["system"]: f for f in data["sourceQuality"]}
    assert {s: f["records"] for s, f in figures.items()} == {
        "health_insurance": 1,
        "hospital_records": 1,
    }
    assert figures["hospital_records"]["completeness"] == round(4 / 12, 4)
    assert data["persons"] == []


async def test_bad_ids_mixed_kinds_and_non_stewards_are_refused(
    session: AsyncSession, world: World
) -> None:
    # Given two agencies and a parcel
    await ingest(session, [land_department(), survey_department(), an_parcel()])
    agency = (await _organization(session, "G12.18"))["id"]
    parcel = (await run(session, PARCEL, LAND, {"number": 12}))["data"]["landParcel"]["parcel"]
    merge = {"survivor": agency, "loser": parcel["id"], "sv": 1, "lv": 1}
    override = {"id": agency, "attribute": "name", "value": "X", "version": 1}
    # When a steward merges masters of two kinds, names a parcel attribute on an agency, gives
    # a task id as a master id, or both ids; and an organization and land reader merges
    mixed = await run(session, MERGE, STEWARD, merge)
    wrong_attribute = await run(session, OVERRIDE, STEWARD, {**override, "attribute": "area"})
    not_a_master = await run(session, HANDLE, STEWARD, {"id": "TWF0Y2hUYXNrOng="})
    both = await run(session, BOTH_IDS, STEWARD, {"id": agency})
    reader = await run(session, OVERRIDE, READER, override)
    # Then each has its code, and nothing changed
    assert codes(mixed) == ["BAD_USER_INPUT"]
    assert codes(wrong_attribute) == ["BAD_USER_INPUT"]
    assert codes(not_a_master) == ["BAD_USER_INPUT"]
    assert codes(both) == ["BAD_USER_INPUT"]
    assert codes(reader) == ["FORBIDDEN"]
    assert (await _organization(session, "G12.18"))["name"] == "Cục Quản lý đất đai"


def test_every_kind_of_master_has_an_entity_type_and_a_steward_view() -> None:
    # Given the kinds ingestion handles
    # When the GraphQL layer names them
    # Then each has its enum value, its global id type and its steward view
    assert {e.entity for e in EntityType} == set(KINDS)
    assert set(TYPE_NAMES) == set(KINDS)
    assert {view.ENTITY for view in STEWARD_MASTER_TYPES} == set(KINDS)
