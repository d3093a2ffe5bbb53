"""Data-quality issues and per-source quality figures for stewards."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from hub.errors import Forbidden
from hub.registry.ingestion import ingest
from hub.registry.kinds.person import PERSON
from hub.registry.stewardship.quality import list_quality_issues, source_quality
from tests.registry.master_inputs import AN_CITIZEN_ID, an_from_health, an_from_land, record
from tests.registry.stewardship.stewards import READER, STEWARD


async def test_stewards_list_issues_and_per_source_figures(session: AsyncSession) -> None:
    # given one man from two systems, a third disagreeing on his birth date, and a bad record
    await ingest(
        session,
        [
            an_from_health(),
            an_from_land(),
            record(
                "cadre_management",
                "CM-1",
                full_name="Nguyễn Văn An",
                citizen_id=AN_CITIZEN_ID,
                birth_date="1990-03-16",
            ),
            record("cadre_management", "CM-2", full_name="Lê Hoa", citizen_id="12345"),
        ],
    )

    # when a steward lists the issues and the figures
    issues = await list_quality_issues(session, STEWARD, entity_type=PERSON)
    figures = {f.system: f for f in await source_quality(session, STEWARD, entity_type=PERSON)}

    # then the conflict and the invalid identifier are listed, and the figures add up
    assert sorted((i.kind, i.attribute) for i in issues) == [
        ("CONFLICT", "birth_date"),
        ("INVALID_IDENTIFIER", "citizen_id"),
    ]
    conflicts = await list_quality_issues(session, STEWARD, kind="CONFLICT", entity_type=PERSON)
    assert len(conflicts) == 1
    cadre = figures["cadre_management"]
    assert (cadre.records, cadre.flagged, cadre.validity, cadre.conflicts) == (2, 1, 0.5, 1)
    health = figures["health_insurance"]
    assert (health.records, health.flagged, health.conflicts) == (1, 0, 1)
    # health insurance sent 6 of the 10 person attributes (no ethnic group)
    assert health.completeness == round(6 / 10, 4)


async def test_only_stewards_see_quality_figures(session: AsyncSession) -> None:
    # given a caller without the steward scope
    # when they ask for quality figures
    # then they are refused
    with pytest.raises(Forbidden):
        await source_quality(session, READER, entity_type=PERSON)
