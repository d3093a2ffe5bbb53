"""End to end through the real HTTP stack: an agency gets a token, reads a person for a purpose,
the read lands in the hash-chained access log, and the citizen reads "who read my data"."""

from __future__ import annotations

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from hub.audit import verify
from hub.auth.eid.session import CITIZEN_SESSION_COOKIE, CitizenSession, encode_citizen_session
from hub.auth.keys import ensure_signing_key
from hub.kit.clock import utcnow
from hub.principals.principal import AssuranceLevel
from hub.settings import Settings
from tests.access_fixtures import AGENCY_CODE, CASE, CLIENT_ID, PURPOSE, World, build_world

PERSON = """query ReadPerson($pin: String!) { person(pin: $pin) { fullName citizenId } }"""
WHO_READ_MY_DATA = """query WhoReadMyData {
  me { accessLog(first: 10) { totalCount edges { node {
    agency { code } purpose { code } case attributes operationName } } } } }"""


async def _client_token(client: httpx.AsyncClient) -> str:
    response = await client.post(
        "/oauth2/token",
        auth=(CLIENT_ID, "test-secret-not-used"),
        data={"grant_type": "client_credentials", "scope": "person.identity:read"},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["token_type"].lower() == "bearer"
    return str(body["access_token"])


async def test_agency_read_is_shown_to_the_citizen(
    session: AsyncSession, client: httpx.AsyncClient, settings: Settings
) -> None:
    # Given an agency client, a citizen, and the hub's signing key
    world: World = await build_world(session)
    await ensure_signing_key(session)
    await session.commit()
    token = await _client_token(client)
    bearer = {"authorization": f"Bearer {token}"}

    # When the agency reads the person without a purpose, then with one
    refused = await client.post(
        "/graphql",
        json={"query": PERSON, "variables": {"pin": world.alice.citizen_id}},
        headers=bearer,
    )
    read = await client.post(
        "/graphql",
        json={"query": PERSON, "variables": {"pin": world.alice.citizen_id}},
        headers={**bearer, "hub-purpose": PURPOSE, "hub-case": CASE},
    )

    # Then the first is refused for want of a purpose and the second answers
    assert refused.json()["errors"][0]["extensions"]["code"] == "PURPOSE_REQUIRED"
    assert refused.json()["data"]["person"] is None
    assert read.json() == {
        "data": {"person": {"fullName": world.alice.full_name, "citizenId": world.alice.citizen_id}}
    }

    # And the citizen, signed in, sees who read which attribute group, why and for which case
    cookie = encode_citizen_session(
        CitizenSession(
            person_id=world.alice.id,
            citizen_id=world.alice.citizen_id or "",
            assurance=AssuranceLevel.LEVEL_2,
            auth_time=utcnow(),
            acr="urn:vneid:loa:2",
        ),
        settings,
    )
    client.cookies.set(CITIZEN_SESSION_COOKIE, cookie)
    log = await client.post("/graphql", json={"query": WHO_READ_MY_DATA})
    entries = log.json()["data"]["me"]["accessLog"]
    assert entries["totalCount"] == 1
    assert entries["edges"][0]["node"] == {
        "agency": {"code": AGENCY_CODE},
        "purpose": {"code": PURPOSE},
        "case": CASE,
        "attributes": ["citizenId", "fullName"],
        "operationName": "ReadPerson",
    }

    # And the chain verifies
    report = await verify(session)
    assert report.ok and report.entries >= 1
