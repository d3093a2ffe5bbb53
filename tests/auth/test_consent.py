"""Citizens grant and revoke consent; the token exchange asks what was consented."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from hub.auth.consent import consented_scopes
from hub.graphql.types.global_ids import encode_global_id
from hub.principals.principal import ANONYMOUS, AssuranceLevel
from hub.principals.scopes import PERSONAL_SCOPES, Scope
from tests.access_fixtures import (
    AGENCY_CODE,
    AGENCY_NAME,
    CLIENT_ID,
    INVESTIGATION,
    PURPOSE,
    PURPOSE_VI,
    World,
    build_world,
    citizen,
    client,
    codes,
    run,
)

GRANT = """
mutation Grant($clientId: String!, $purpose: String!, $scopes: [String!]!) {
  grantConsent(clientId: $clientId, purpose: $purpose, scopes: $scopes) {
    id client { clientId name agency { code name } } purpose { code descriptionVi }
    scopes grantedAt revokedAt
  }
}
"""
REVOKE = "mutation Revoke($id: ID!) { revokeConsent(id: $id) { id scopes revokedAt } }"
MY_CONSENTS = "{ me { consents { id scopes revokedAt client { clientId } } } }"


@pytest.fixture
async def world(session: AsyncSession) -> World:
    return await build_world(session)


def _grant(scopes: list[str], *, client_id: str = CLIENT_ID, purpose: str = PURPOSE) -> Any:
    return {"clientId": client_id, "purpose": purpose, "scopes": scopes}


async def _granted(session: AsyncSession, world: World, scopes: list[str]) -> dict[str, Any]:
    body = await run(session, GRANT, citizen(world.alice, PERSONAL_SCOPES), _grant(scopes))
    assert "errors" not in body, body
    consent: dict[str, Any] = body["data"]["grantConsent"]
    return consent


async def _scopes(session: AsyncSession, world: World) -> frozenset[Scope]:
    return await consented_scopes(
        session, person_id=world.alice.id, client_id=CLIENT_ID, purpose_code=PURPOSE
    )


async def test_a_citizen_grants_consent(session: AsyncSession, world: World) -> None:
    # When Alice lets the police client read her contact data for a residence check
    consent = await _granted(session, world, ["person.contact:read"])
    # Then the consent names the client, its agency and the purpose, in force
    assert consent["client"] == {
        "clientId": CLIENT_ID,
        "name": f"Client {CLIENT_ID}",
        "agency": {"code": AGENCY_CODE, "name": AGENCY_NAME},
    }
    assert consent["purpose"] == {"code": PURPOSE, "descriptionVi": PURPOSE_VI}
    assert consent["scopes"] == ["person.contact:read"]
    assert consent["grantedAt"] is not None
    assert consent["revokedAt"] is None


async def test_consented_scopes_is_the_union_of_consents_in_force(
    session: AsyncSession, world: World
) -> None:
    # Given two consents for the same client and purpose
    contact = await _granted(session, world, ["person.contact:read"])
    await _granted(session, world, ["person.identity:read", "person.address:read"])
    # Then the token exchange sees their union
    assert await _scopes(session, world) == {
        Scope.PERSON_CONTACT_READ,
        Scope.PERSON_IDENTITY_READ,
        Scope.PERSON_ADDRESS_READ,
    }
    # When one is revoked
    principal = citizen(world.alice, PERSONAL_SCOPES)
    revoked = await run(session, REVOKE, principal, {"id": contact["id"]})
    # Then it is marked revoked and no longer counts, for other purposes neither
    assert revoked["data"]["revokeConsent"]["revokedAt"] is not None
    assert await _scopes(session, world) == {Scope.PERSON_IDENTITY_READ, Scope.PERSON_ADDRESS_READ}
    assert (
        await consented_scopes(
            session, person_id=world.alice.id, client_id=CLIENT_ID, purpose_code=INVESTIGATION
        )
        == frozenset()
    )


async def test_revoked_consents_stay_in_the_history(session: AsyncSession, world: World) -> None:
    # Given a consent granted and revoked twice
    principal = citizen(world.alice, PERSONAL_SCOPES)
    consent = await _granted(session, world, ["person.contact:read"])
    first = await run(session, REVOKE, principal, {"id": consent["id"]})
    again = await run(session, REVOKE, principal, {"id": consent["id"]})
    # When Alice lists her consents
    listed = await run(session, MY_CONSENTS, principal)
    # Then the consent is listed with the first revocation time
    assert (
        again["data"]["revokeConsent"]["revokedAt"] == first["data"]["revokeConsent"]["revokedAt"]
    )
    assert listed["data"]["me"]["consents"] == [
        {
            "id": consent["id"],
            "scopes": ["person.contact:read"],
            "revokedAt": first["data"]["revokeConsent"]["revokedAt"],
            "client": {"clientId": CLIENT_ID},
        }
    ]


async def test_consents_are_private_to_their_citizen(session: AsyncSession, world: World) -> None:
    # Given Alice's consent
    consent = await _granted(session, world, ["person.contact:read"])
    bob = citizen(world.bob, PERSONAL_SCOPES)
    # When Bob lists his consents, and tries to revoke hers and an unknown one
    listed = await run(session, MY_CONSENTS, bob)
    hers = await run(session, REVOKE, bob, {"id": consent["id"]})
    unknown = await run(session, REVOKE, bob, {"id": encode_global_id("Consent", "999999")})
    # Then he sees none, and both revocations fail alike with NOT_FOUND
    assert listed["data"]["me"]["consents"] == []
    assert codes(hers) == ["NOT_FOUND"]
    assert json.dumps(hers, sort_keys=True) == json.dumps(unknown, sort_keys=True)
    assert await _scopes(session, world) == {Scope.PERSON_CONTACT_READ}


@pytest.mark.parametrize(
    ("variables", "argument"),
    [
        (_grant(["person.contact:read"], client_id="no-such-client"), "clientId"),
        (_grant(["person.contact:read"], purpose="no-such-purpose"), "purpose"),
        (_grant(["person.contact:read"], purpose=INVESTIGATION), "purpose"),
        (_grant(["person.everything:read"]), "scopes"),
        (_grant(["audit:read"]), "scopes"),
        (_grant([]), "scopes"),
    ],
)
async def test_bad_consents_are_refused(
    session: AsyncSession, world: World, variables: dict[str, Any], argument: str
) -> None:
    # When Alice grants a consent naming something unknown or not registered
    body = await run(session, GRANT, citizen(world.alice, PERSONAL_SCOPES), variables)
    # Then she is told which argument is wrong, and nothing is granted
    assert codes(body) == ["BAD_USER_INPUT"]
    assert f"'{argument}'" in body["errors"][0]["message"]
    assert await _scopes(session, world) == frozenset()


@pytest.mark.parametrize("scope", ["health:read", "person.sensitive:read"])
async def test_health_and_sensitive_consent_need_assurance_level_2(
    session: AsyncSession, world: World, scope: str
) -> None:
    # Given Alice signed in at level 1, then at level 2
    for assurance, expected in (
        (AssuranceLevel.LEVEL_1, ["FORBIDDEN"]),
        (AssuranceLevel.LEVEL_2, []),
    ):
        principal = citizen(world.alice, PERSONAL_SCOPES, assurance=assurance)
        # When she consents to health or sensitive data
        body = await run(session, GRANT, principal, _grant([scope]))
        # Then only level 2 may
        assert codes(body) == expected
    assert {s.value for s in await _scopes(session, world)} == {scope}


@pytest.mark.parametrize(
    ("who", "code"), [("anonymous", "UNAUTHENTICATED"), ("agency", "FORBIDDEN")]
)
async def test_only_citizens_manage_consents(
    session: AsyncSession, world: World, who: str, code: str
) -> None:
    principal = ANONYMOUS if who == "anonymous" else client(PERSONAL_SCOPES)
    body = await run(session, GRANT, principal, _grant(["person.contact:read"]))
    assert codes(body) == [code]
    assert body["data"] is None
