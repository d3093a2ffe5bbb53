"""Stewardship through GraphQL: the match queue, link and reject, merge and unmerge,
overrides, quality figures, and who may do it."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from hub.audit.models import AccessEntry
from hub.auth.clients import ClientRegistration, create_client
from hub.auth.keys import ensure_signing_key
from hub.principals.principal import ANONYMOUS
from hub.principals.scopes import Scope
from hub.registry.ingestion import ingest
from hub.registry.stewardship.models import StewardAction
from tests.access_fixtures import AGENCY_CODE, World, build_world, client, codes, run
from tests.registry.master_inputs import (
    AN_CITIZEN_ID,
    an_from_health,
    an_from_land,
    an_near_match,
    record,
)

STEWARD = client({Scope.REGISTRY_STEWARD}, purpose=None)
READER = client({Scope.PERSON_IDENTITY_READ})
SYSTEMS = ["health_insurance", "land_records"]
STEWARD_CLIENT_ID = "registry-stewards"
SECRET = "steward-secret-for-tests"

QUEUE = """
query Queue($status: MatchTaskStatus) {
  matchTasks(status: $status) {
    totalCount
    edges { node {
      id score rule status version sourceRecordId
      recordPerson { id version } candidatePerson { id version }
      comparisons { field level weight }
    } }
  }
}
"""
DECIDE = """
mutation Decide($id: ID!, $decision: MatchDecision!, $version: Int!, $reason: String!) {
  decideMatchTask(id: $id, decision: $decision, expectedVersion: $version, reason: $reason) {
    status version decidedBy
  }
}
"""
MERGE = """
mutation Merge($survivor: ID!, $loser: ID!, $sv: Int!, $lv: Int!, $reason: String!) {
  mergePersons(survivorId: $survivor, loserId: $loser, survivorVersion: $sv, loserVersion: $lv,
               reason: $reason) { id version }
}
"""
STEWARD_PERSON = """
query Handle($id: ID!) {
  stewardPerson(id: $id) { id version mergedIntoId sourceRecords { id system sourceId } }
}
"""
UNMERGE = """
mutation Unmerge($person: ID!, $records: [ID!]!, $version: Int!, $reason: String!) {
  unmergePerson(personId: $person, sourceRecordIds: $records, expectedVersion: $version,
                reason: $reason) { id version mergedIntoId }
}
"""
OVERRIDE = """
mutation Override($person: ID!, $attribute: String!, $value: String, $version: Int!) {
  overrideAttribute(personId: $person, attribute: $attribute, value: $value,
                    expectedVersion: $version, reason: "registry letter 12/2026") { version }
}
"""
CLEAR = """
mutation Clear($person: ID!, $attribute: String!, $version: Int!) {
  clearOverride(personId: $person, attribute: $attribute, expectedVersion: $version,
                reason: "letter withdrawn") { version }
}
"""
NAME_AND_SOURCE = """
query NameAndSource($id: ID) {
  person(id: $id) { fullName provenance { attribute system } }
}
"""
QUALITY = """
query Quality {
  qualityIssues(includeResolved: true) { totalCount edges { node { kind attribute systems } } }
  sourceQuality { system records flagged completeness validity conflicts }
}
"""


@pytest.fixture
async def world(session: AsyncSession) -> World:
    return await build_world(session)


async def _queue(session: AsyncSession) -> dict[str, Any]:
    await ingest(session, [an_from_health(), an_from_land()])
    await ingest(session, [an_near_match()])
    body = await run(session, QUEUE, STEWARD)
    assert "errors" not in body, body
    (edge,) = body["data"]["matchTasks"]["edges"]
    node: dict[str, Any] = edge["node"]
    return node


async def test_a_near_match_waits_with_its_score_and_can_be_linked(
    session: AsyncSession, world: World
) -> None:
    # Given the golden man and a cadre record that is probably him
    task = await _queue(session)
    # Then the task shows the score, the two masters and the field comparisons, no values
    assert 0.5 <= task["score"] < 0.95 and task["status"] == "OPEN"
    assert task["recordPerson"]["id"] != task["candidatePerson"]["id"]
    levels = {c["field"]: c["level"] for c in task["comparisons"]}
    assert levels["given_name"] == "exact" and levels["commune_code"] == "different"
    # When the steward links it
    body = await run(
        session,
        DECIDE,
        STEWARD,
        {"id": task["id"], "decision": "LINK", "version": task["version"], "reason": "same man"},
    )
    # Then the task is linked, the queue is empty, and the record's master redirects
    assert body["data"]["decideMatchTask"]["status"] == "LINKED"
    assert (await run(session, QUEUE, STEWARD))["data"]["matchTasks"]["totalCount"] == 0
    linked = await run(session, QUEUE, STEWARD, {"status": "LINKED"})
    assert linked["data"]["matchTasks"]["totalCount"] == 1
    handle = await run(session, STEWARD_PERSON, STEWARD, {"id": task["recordPerson"]["id"]})
    assert handle["data"]["stewardPerson"]["mergedIntoId"] == task["candidatePerson"]["id"]
    # And the action is logged with its reason
    actions = (await session.execute(select(StewardAction))).scalars().all()
    assert [(a.action, a.reason) for a in actions] == [("LINK", "same man")]


async def test_a_rejected_near_match_leaves_the_queue_and_a_stale_decision_conflicts(
    session: AsyncSession, world: World
) -> None:
    # Given a near match in the queue
    task = await _queue(session)
    variables = {"id": task["id"], "version": task["version"], "reason": "different father"}
    # When the steward rejects it, and then decides again on the version it saw
    rejected = await run(session, DECIDE, STEWARD, {**variables, "decision": "NOT_A_MATCH"})
    again = await run(session, DECIDE, STEWARD, {**variables, "decision": "LINK"})
    # Then the first is recorded and the second conflicts
    assert rejected["data"]["decideMatchTask"]["status"] == "REJECTED"
    assert codes(again) == ["CONFLICT"]
    assert (await run(session, QUEUE, STEWARD))["data"]["matchTasks"]["totalCount"] == 0


async def test_merge_then_unmerge_restores_the_two_persons(
    session: AsyncSession, world: World
) -> None:
    # Given the near match as a master of its own
    task = await _queue(session)
    survivor, loser = task["candidatePerson"], task["recordPerson"]
    # When the steward merges it into the golden man
    merged = await run(
        session,
        MERGE,
        STEWARD,
        {
            "survivor": survivor["id"],
            "loser": loser["id"],
            "sv": survivor["version"],
            "lv": loser["version"],
            "reason": "same man",
        },
    )
    # Then the survivor holds the three records and the loser redirects to it
    assert merged["data"]["mergePersons"]["id"] == survivor["id"]
    handle = await run(session, STEWARD_PERSON, STEWARD, {"id": survivor["id"]})
    records = handle["data"]["stewardPerson"]["sourceRecords"]
    assert sorted(r["system"] for r in records) == [
        "cadre_management",
        "health_insurance",
        "land_records",
    ]
    # When the steward splits the cadre record off again
    cadre = [r["id"] for r in records if r["system"] == "cadre_management"]
    split = await run(
        session,
        UNMERGE,
        STEWARD,
        {
            "person": survivor["id"],
            "records": cadre,
            "version": handle["data"]["stewardPerson"]["version"],
            "reason": "not him after all",
        },
    )
    # Then the loser is restored under its own id, no longer a redirect
    assert "errors" not in split, split
    assert split["data"]["unmergePerson"]["id"] == loser["id"]
    assert split["data"]["unmergePerson"]["mergedIntoId"] is None
    restored = await run(session, STEWARD_PERSON, STEWARD, {"id": loser["id"]})
    assert [r["system"] for r in restored["data"]["stewardPerson"]["sourceRecords"]] == [
        "cadre_management"
    ]


async def test_an_override_wins_until_cleared_and_names_the_steward(
    session: AsyncSession, world: World
) -> None:
    # Given the golden man and his steward handle
    task = await _queue(session)
    man = task["candidatePerson"]
    # When a steward overrides his name, and an identity reader reads it
    override = await run(
        session,
        OVERRIDE,
        STEWARD,
        {"person": man["id"], "attribute": "fullName", "value": "Nguyễn Văn Ân", "version": 1},
    )
    read = await run(session, NAME_AND_SOURCE, READER, {"id": man["id"]})
    # Then the override wins and its provenance is the steward
    version = override["data"]["overrideAttribute"]["version"]
    assert version > man["version"]
    person = read["data"]["person"]
    assert person["fullName"] == "Nguyễn Văn Ân"
    assert {"attribute": "fullName", "system": "steward"} in person["provenance"]
    # When the override is cleared
    cleared = await run(
        session, CLEAR, STEWARD, {"person": man["id"], "attribute": "fullName", "version": version}
    )
    # Then survivorship decides again
    assert "errors" not in cleared, cleared
    again = await run(session, NAME_AND_SOURCE, READER, {"id": man["id"]})
    assert again["data"]["person"]["fullName"] == "Nguyễn Văn An"


async def test_bad_steward_input_is_refused_with_its_code(
    session: AsyncSession, world: World
) -> None:
    # Given the golden man
    task = await _queue(session)
    man = task["candidatePerson"]["id"]
    # When a steward names an unknown attribute, a stale version, or gives an empty reason
    unknown = await run(
        session, OVERRIDE, STEWARD, {"person": man, "attribute": "shoeSize", "version": 1}
    )
    stale = await run(
        session,
        OVERRIDE,
        STEWARD,
        {"person": man, "attribute": "fullName", "value": "X", "version": 99},
    )
    no_reason = await run(
        session,
        DECIDE,
        STEWARD,
        {"id": task["id"], "decision": "LINK", "version": task["version"], "reason": "  "},
    )
    # Then each has its code
    assert codes(unknown) == ["BAD_USER_INPUT"]
    assert codes(stale) == ["CONFLICT"]
    assert codes(no_reason) == ["BAD_USER_INPUT"]


async def test_quality_issues_and_source_figures(session: AsyncSession, world: World) -> None:
    # Given two systems that disagree on the man's birth date
    land = an_from_land()
    await ingest(
        session,
        [
            an_from_health(),
            record(
                land.system,
                land.source_id,
                land.source_updated_at,
                **{**land.payload, "birth_date": "16/03/1990"},
            ),
        ],
    )
    # When the steward asks for the issues and the quality figures
    body = await run(session, QUALITY, STEWARD)
    # Then the conflict is listed with the systems taking part, and counted for both
    assert "errors" not in body, body
    issues = [e["node"] for e in body["data"]["qualityIssues"]["edges"]]
    assert {"kind": "CONFLICT", "attribute": "birth_date", "systems": SYSTEMS} in issues
    assert body["data"]["qualityIssues"]["totalCount"] == len(issues)
    figures = {f["system"]: f for f in body["data"]["sourceQuality"]}
    assert set(figures) == set(SYSTEMS)
    assert figures["health_insurance"]["records"] == 1
    assert figures["health_insurance"]["validity"] == 1.0
    assert [f["conflicts"] for f in figures.values()] == [1, 1]
    # And the values in conflict are not shown
    assert "1990-03-16" not in str(body) and "1990-03-15" not in str(body)


async def test_only_stewards_may_curate(session: AsyncSession, world: World) -> None:
    # Given a near match in the queue
    task = await _queue(session)
    decide = {"id": task["id"], "decision": "LINK", "version": 1, "reason": "same"}
    # When a person reader and an anonymous caller try the queue and a decision
    reader_queue = await run(session, QUEUE, READER)
    anonymous_queue = await run(session, QUEUE, ANONYMOUS)
    reader_decide = await run(session, DECIDE, READER, decide)
    anonymous_quality = await run(session, QUALITY, ANONYMOUS)
    # Then they are refused
    assert codes(reader_queue) == ["FORBIDDEN"]
    assert codes(anonymous_queue) == ["UNAUTHENTICATED"]
    assert codes(reader_decide) == ["FORBIDDEN"]
    assert set(codes(anonymous_quality)) == {"UNAUTHENTICATED"}


async def test_a_steward_reading_the_task_persons_is_access_logged(
    session: AsyncSession, world: World
) -> None:
    # Given a steward who may also read identities, and a task in the queue
    task = await _queue(session)
    steward_reader = client({Scope.REGISTRY_STEWARD, Scope.PERSON_IDENTITY_READ})
    # When the steward reads the two persons of the task
    for side in ("recordPerson", "candidatePerson"):
        body = await run(session, NAME_AND_SOURCE, steward_reader, {"id": task[side]["id"]})
        assert body["data"]["person"]["fullName"] == "Nguyễn Văn An"
    # Then both reads are in the access log; the queue itself logged none
    result = await session.execute(
        select(col(AccessEntry.person_id), col(AccessEntry.attribute_group))
    )
    assert len({person for person, _ in result.all()}) == 2


async def test_a_steward_links_a_near_match_over_http(
    session: AsyncSession, world: World, client: httpx.AsyncClient
) -> None:
    # Given a steward client registered with the hub, and a near match in the queue
    await create_client(
        session,
        ClientRegistration(
            name="Registry stewards",
            agency_code=AGENCY_CODE,
            scopes="registry:steward",
            grant_types=["client_credentials"],
            client_id=STEWARD_CLIENT_ID,
            secret=SECRET,
        ),
    )
    await ensure_signing_key(session)
    await ingest(session, [an_from_health(), an_from_land()])
    await ingest(session, [an_near_match()])
    await session.commit()
    token = await client.post(
        "/oauth2/token",
        auth=(STEWARD_CLIENT_ID, SECRET),
        data={"grant_type": "client_credentials", "scope": "registry:steward"},
    )
    bearer = {"authorization": f"Bearer {token.json()['access_token']}"}
    # When it lists the queue and links the task
    queue = await client.post("/graphql", json={"query": QUEUE}, headers=bearer)
    (edge,) = queue.json()["data"]["matchTasks"]["edges"]
    decided = await client.post(
        "/graphql",
        json={
            "query": DECIDE,
            "variables": {
                "id": edge["node"]["id"],
                "decision": "LINK",
                "version": edge["node"]["version"],
                "reason": "same man, checked at the commune",
            },
        },
        headers=bearer,
    )
    # Then the decision is committed at the request edge
    outcome = decided.json()["data"]["decideMatchTask"]
    assert (outcome["status"], outcome["decidedBy"]) == ("LINKED", STEWARD_CLIENT_ID)
    assert outcome["version"] > edge["node"]["version"]
    again = await client.post("/graphql", json={"query": QUEUE}, headers=bearer)
    assert again.json()["data"]["matchTasks"]["totalCount"] == 0
    assert AN_CITIZEN_ID  # the golden man's citizen ID is never sent to the steward queue
    assert AN_CITIZEN_ID not in queue.text
