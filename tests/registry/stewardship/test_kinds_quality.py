"""Quality issues and per-source figures of one kind of master: health-insurance enrolments."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from hub.errors import Forbidden, Invalid
from hub.registry.ingestion import ingest
from hub.registry.kinds.health_enrollment import HEALTH_INSURANCE_ENROLLMENT
from hub.registry.kinds.health_enrollment.validation import HEALTH_ENROLLMENT_ATTRIBUTES
from hub.registry.kinds.person import PERSON
from hub.registry.stewardship.quality import (
    count_quality_issues,
    list_quality_issues,
    source_quality,
)
from tests.registry.stewardship.kind_inputs import JAN, an_card, enrollment
from tests.registry.stewardship.stewards import READER, STEWARD

ENROLLMENT = HEALTH_INSURANCE_ENROLLMENT


async def _cards(session: AsyncSession) -> str:
    report = await ingest(
        session,
        [
            an_card(),
            # The hospital saw the same card period with another clinic code
            enrollment(
                "hospital_records",
                "KCB-5",
                JAN,
                social_insurance_number="7912345678",
                valid_from="01/01/2026",
                clinic_code="79-025",
            ),
            # and sent a card code that is no card code at all
            enrollment("hospital_records", "KCB-6", JAN, card_code="XX123", clinic_name="PK 6"),
        ],
    )
    return report.master_ids[("health_insurance", "THE-1")]


async def test_stewards_list_enrollment_issues_and_per_source_figures(
    session: AsyncSession,
) -> None:
    # given an enrolment two systems disagree on, and a record with a bad card code
    card = await _cards(session)

    # when a steward lists the enrolment issues and figures
    issues = await list_quality_issues(session, STEWARD, entity_type=ENROLLMENT)
    figures = {f.system: f for f in await source_quality(session, STEWARD, entity_type=ENROLLMENT)}

    # then the conflict and the record's errors are listed, and the figures add up over the
    # twelve enrolment attributes
    assert sorted((i.kind, i.attribute) for i in issues) == [
        ("CONFLICT", "clinic_code"),
        ("INVALID_IDENTIFIER", "card_code"),
        ("MISSING", "enrollment_key"),
    ]
    conflicts = await list_quality_issues(
        session, STEWARD, entity_type=ENROLLMENT, kind="CONFLICT", master_id=card
    )
    assert [i.master_id for i in conflicts] == [card]
    assert await count_quality_issues(session, STEWARD, entity_type=ENROLLMENT) == 3
    assert len(HEALTH_ENROLLMENT_ATTRIBUTES) == 12
    agency = figures["health_insurance"]
    # number, start, clinic code and name, and the key built from the first two
    assert (agency.records, agency.flagged, agency.validity, agency.conflicts) == (1, 0, 1.0, 1)
    assert agency.completeness == round(5 / 12, 4)
    hospital = figures["hospital_records"]
    # number, start, clinic code and key; the bad card's clinic name
    assert (hospital.records, hospital.flagged, hospital.validity, hospital.conflicts) == (
        2,
        1,
        0.5,
        1,
    )
    assert hospital.completeness == round(5 / 24, 4)

    # and the person figures are their own
    assert await list_quality_issues(session, STEWARD, entity_type=PERSON) == []
    assert await source_quality(session, STEWARD, entity_type=PERSON) == []


async def test_quality_needs_a_steward_and_a_known_kind(session: AsyncSession) -> None:
    # given enrolments with issues
    await _cards(session)

    # when a reader asks for them, or a steward names no kind of master
    # then both are refused
    with pytest.raises(Forbidden):
        await list_quality_issues(session, READER, entity_type=ENROLLMENT)
    with pytest.raises(Invalid, match="unknown entity type"):
        await source_quality(session, STEWARD, entity_type="enrolment")
