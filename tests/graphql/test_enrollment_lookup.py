"""``healthInsuranceEnrollment(cardCode, asOf)``: the enrolment behind a card, on a day; scope,
purpose and assurance as ``Person.healthInsurance``; logged for the enrolled person; unknown
cards refused to citizens exactly as someone else's.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from hub.audit.models import AccessEntry
from hub.principals.principal import ANONYMOUS, AssuranceLevel
from hub.principals.scopes import Scope
from hub.registry.ingestion import ingest
from hub.registry.kinds.health_enrollment import HEALTH_INSURANCE_ENROLLMENT
from hub.registry.kinds.person import service as records
from hub.registry.kinds.person.models import Person
from hub.registry.pipeline.inputs import SourceRecordInput
from tests.access_fixtures import World, build_world, citizen, client, codes, delegated, run
from tests.registry.master_inputs import AN_CITIZEN_ID, an_from_health

CARD = "DN4797912345678"
UNKNOWN_CARD = "DN4790000000001"
JAN = datetime(2026, 1, 10, tzinfo=UTC)
HEALTH = frozenset({Scope.HEALTH_READ})

LOOKUP = """
query Card($card: String!, $asOf: Date) {
  healthInsuranceEnrollment(cardCode: $card, asOf: $asOf) {
    cardCode socialInsuranceNumber beneficiaryGroup benefitLevel validFrom validTo clinicName
  }
}
"""


def card(source_id: str, valid_from: str, valid_to: str, clinic: str) -> SourceRecordInput:
    """One validity period of An's card as the social-security agency issued it."""
    return SourceRecordInput(
        "health_insurance",
        source_id,
        {
            "card_code": CARD,
            "valid_from": valid_from,
            "valid_to": valid_to,
            "clinic_code": "79-024",
            "clinic_name": clinic,
        },
        JAN,
        entity_type=HEALTH_INSURANCE_ENROLLMENT,
    )


@pytest.fixture
async def world(session: AsyncSession) -> World:
    """Alice, Bob, and An with his card valid through 2025 and renewed for 2026."""
    world = await build_world(session)
    await ingest(
        session,
        [
            an_from_health(),
            card("THE-2025", "2025-01-01", "2026-01-01", "Trạm y tế Phường Sài Gòn"),
            card("THE-2026", "2026-01-01", "2027-01-01", "Bệnh viện Quận 1"),
        ],
    )
    return world


async def _an(session: AsyncSession) -> Person:
    found = await records.find_by_citizen_id(session, AN_CITIZEN_ID)
    assert found is not None
    return found


def _period(body: dict[str, Any]) -> tuple[str, str, str] | None:
    found = body["data"]["healthInsuranceEnrollment"]
    return None if found is None else (found["validFrom"], found["validTo"], found["clinicName"])


async def test_a_card_gives_the_enrolment_in_force_on_the_day_asked(
    session: AsyncSession, world: World
) -> None:
    # Given An's card, valid in 2025 and renewed for 2026
    # When an agency looks it up, typed loosely, on days in each period, after both, and
    # without a day
    in_2025 = await run(
        session, LOOKUP, client(HEALTH), {"card": "dn4-79 7912345678", "asOf": "2025-06-30"}
    )
    on_renewal = await run(session, LOOKUP, client(HEALTH), {"card": CARD, "asOf": "2026-01-01"})
    expired = await run(session, LOOKUP, client(HEALTH), {"card": CARD, "asOf": "2027-01-01"})
    latest = await run(session, LOOKUP, client(HEALTH), {"card": CARD})
    # Then each day gets its own period, none after the card ran out, the latest without a day
    for body in (in_2025, on_renewal, expired, latest):
        assert "errors" not in body, body
    assert _period(in_2025) == ("2025-01-01", "2026-01-01", "Trạm y tế Phường Sài Gòn")
    assert _period(on_renewal) == ("2026-01-01", "2027-01-01", "Bệnh viện Quận 1")
    assert _period(expired) is None
    assert latest == on_renewal
    # And the card's boxes are read back from the code
    assert latest["data"]["healthInsuranceEnrollment"] == {
        "cardCode": CARD,
        "socialInsuranceNumber": "7912345678",
        "beneficiaryGroup": "DN",
        "benefitLevel": "4",
        "validFrom": "2026-01-01",
        "validTo": "2027-01-01",
        "clinicName": "Bệnh viện Quận 1",
    }


async def test_each_read_is_logged_for_the_enrolled_person(
    session: AsyncSession, world: World
) -> None:
    # Given An's card
    an = await _an(session)
    # When an agency looks it up, once with an enrolment found and once for a day without one
    await run(session, LOOKUP, client(HEALTH), {"card": CARD, "asOf": "2026-06-01"})
    await run(session, LOOKUP, client(HEALTH), {"card": CARD, "asOf": "2030-06-01"})
    # Then the read that returned his enrolment is in his log, in the health group
    result = await session.execute(
        select(
            col(AccessEntry.person_id),
            col(AccessEntry.attribute_group),
            col(AccessEntry.attributes),
        )
    )
    assert result.all() == [(an.id, "health:read", "healthInsuranceEnrollment")]


@pytest.mark.parametrize(
    "value",
    ["DN47979123", "DN4797912345678X", "ZZ4797912345678", "DN9797912345678", "   ", "DN4\x0079"],
)
async def test_a_malformed_card_code_is_bad_input_naming_the_argument(
    session: AsyncSession, world: World, value: str
) -> None:
    # Given a card code of the wrong length, an unknown group or level, blank or with NUL
    # When an agency looks it up
    body = await run(session, LOOKUP, client(HEALTH), {"card": value})
    # Then it is refused as bad input naming cardCode, and nothing is returned (a control
    # character fails the whole request before anything runs, so it has no data at all)
    assert codes(body) == ["BAD_USER_INPUT"]
    assert "cardCode" in body["errors"][0]["message"]
    assert body["data"] in ({"healthInsuranceEnrollment": None}, None)


async def test_an_unknown_card_is_null_to_an_agency_and_refused_like_anothers_to_a_citizen(
    session: AsyncSession, world: World
) -> None:
    # Given An's card and a well-formed card nobody holds
    # When an agency looks the unknown card up, and Alice looks up both
    agency = await run(session, LOOKUP, client(HEALTH), {"card": UNKNOWN_CARD})
    unknown = await run(session, LOOKUP, citizen(world.alice, HEALTH), {"card": UNKNOWN_CARD})
    anothers = await run(session, LOOKUP, citizen(world.alice, HEALTH), {"card": CARD})
    for_alice = await run(session, LOOKUP, delegated(world.alice, HEALTH), {"card": CARD})
    # Then the agency gets null, and Alice the same refusal byte for byte, nothing of An's
    assert agency == {"data": {"healthInsuranceEnrollment": None}}
    assert codes(unknown) == ["FORBIDDEN"]
    assert unknown == anothers
    assert codes(for_alice) == ["FORBIDDEN"]
    assert "7912345678" not in str(anothers) + str(for_alice)


async def test_a_citizen_reads_their_own_card_at_assurance_level_2(
    session: AsyncSession, world: World
) -> None:
    # Given An signed in
    an = await _an(session)
    # When he looks up his card at level 2, on a day it was not valid, and at level 1
    own = await run(session, LOOKUP, citizen(an, HEALTH), {"card": CARD, "asOf": "2026-03-01"})
    not_valid = await run(
        session, LOOKUP, citizen(an, HEALTH), {"card": CARD, "asOf": "2024-03-01"}
    )
    low = await run(
        session,
        LOOKUP,
        citizen(an, HEALTH, assurance=AssuranceLevel.LEVEL_1),
        {"card": CARD},
    )
    # Then he reads it, learns it was not valid that day, and is refused below level 2
    assert _period(own) == ("2026-01-01", "2027-01-01", "Bệnh viện Quận 1")
    assert not_valid == {"data": {"healthInsuranceEnrollment": None}}
    assert codes(low) == ["FORBIDDEN"]


async def test_the_lookup_needs_a_caller_the_scope_and_a_purpose(
    session: AsyncSession, world: World
) -> None:
    # Given An's card
    variables = {"card": CARD}
    # When it is looked up anonymously, without the health scope, and without a purpose
    anonymous = await run(session, LOOKUP, ANONYMOUS, variables)
    no_scope = await run(session, LOOKUP, client({Scope.PERSON_IDENTITY_READ}), variables)
    no_purpose = await run(session, LOOKUP, client(HEALTH, purpose=None), variables)
    # Then each is refused with its own code, and nothing is logged
    assert codes(anonymous) == ["UNAUTHENTICATED"]
    assert codes(no_scope) == ["FORBIDDEN"]
    assert codes(no_purpose) == ["PURPOSE_REQUIRED"]
    refused = {"healthInsuranceEnrollment": None}
    assert all(b["data"] == refused for b in (anonymous, no_scope, no_purpose))
    assert (await session.execute(select(col(AccessEntry.id)))).all() == []
