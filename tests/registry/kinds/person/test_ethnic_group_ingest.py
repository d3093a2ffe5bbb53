"""Ethnic groups through ingestion: sources in either list, one golden 2008 code with its
provenance and history, conflicts only where the groups differ."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from hub.kit import clock
from hub.registry.ingestion import ingest
from hub.registry.kinds.person import service
from hub.registry.kinds.person.ethnic_groups import LIST_1979, LIST_2008
from hub.registry.kinds.person.history import person_as_of, person_history
from hub.registry.kinds.person.provenance import person_provenance
from hub.registry.pipeline.golden_models import QualityIssue
from hub.registry.pipeline.inputs import SourceRecordInput
from hub.registry.pipeline.source_models import SourceRecord
from tests.registry.master_inputs import AN_CITIZEN_ID, FEB, JAN, MAR, record

YESTERDAY = datetime(2026, 3, 9, 9, 0, tzinfo=UTC)
TODAY = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


def _health(code: str, listed: str | None = LIST_1979) -> SourceRecordInput:
    """Nguyễn Văn An from health insurance, whose ethnic groups are 1979 codes."""
    named = {} if listed is None else {"ethnic_group_list": listed}
    return record(
        "health_insurance",
        "HI-1",
        JAN,
        citizen_id=AN_CITIZEN_ID,
        full_name="Nguyễn Văn An",
        birth_date="1990-03-15",
        ethnic_group=code,
        **named,
    )


def _cadre(code: str, listed: str | None = LIST_2008) -> SourceRecordInput:
    """The same man in the cadre system, whose ethnic groups are 2008 codes."""
    named = {} if listed is None else {"ethnic_group_list": listed}
    return record(
        "cadre_management",
        "CM-1",
        FEB,
        citizen_id=AN_CITIZEN_ID,
        full_name="Nguyễn Văn An",
        birth_date="15/03/1990",
        ethnic_group=code,
        **named,
    )


async def _issues(session: AsyncSession) -> list[tuple[str, str | None, str | None]]:
    rows = (await session.execute(select(QualityIssue))).scalars().all()
    return sorted((i.kind, i.attribute, i.system) for i in rows)


async def test_the_same_group_in_two_lists_is_one_golden_2008_code(
    session: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given health insurance sending Hoa as 1979 code 04 and the cadre system as 2008 code 06
    monkeypatch.setattr(clock, "utcnow", lambda: YESTERDAY)
    report = await ingest(session, [_health("04"), _cadre("06")])

    # When the golden person is read
    person = await service.find_by_citizen_id(session, AN_CITIZEN_ID)

    # Then the two records agree: no conflict, the golden code is 06 (Hoa in the 2008 list)
    assert report.flagged == 0 and report.masters_created == 1
    assert person is not None and person.ethnic_group == "06"
    assert await _issues(session) == []
    # And provenance names the source that won: health insurance, first in the person ranking
    provenance = await person_provenance(session, person.id)
    assert provenance["ethnic_group"].system == "health_insurance"
    source = await session.get(SourceRecord, provenance["ethnic_group"].source_record_id)
    assert source is not None and source.payload["ethnic_group"] == "04"
    assert source.attributes["ethnic_group"] == "06"
    # And the version history holds it, with its provenance
    (created,) = await person_history(session, person.id)
    assert created.ethnic_group == "06"
    assert created.provenance["ethnic_group"]["system"] == "health_insurance"

    # When, the next day, health insurance sends the man without an ethnic group and the
    # cadre system corrects his group to Mường (2008 code 04)
    monkeypatch.setattr(clock, "utcnow", lambda: TODAY)
    health = _health("04")
    without = {k: v for k, v in health.payload.items() if not k.startswith("ethnic")}
    await ingest(
        session,
        [
            record(health.system, health.source_id, MAR, **without),
            record("cadre_management", "CM-1", MAR, **_cadre("04").payload),
        ],
    )

    # Then today's golden code is 04 from the cadre system, and yesterday's view still 06
    today = await person_as_of(session, person.id, TODAY)
    yesterday = await person_as_of(session, person.id, YESTERDAY + timedelta(hours=1))
    assert today is not None and today.ethnic_group == "04" and today.version == 2
    assert today.provenance["ethnic_group"]["system"] == "cadre_management"
    assert yesterday is not None and yesterday.ethnic_group == "06"


async def test_the_same_code_for_different_groups_is_a_conflict(session: AsyncSession) -> None:
    # Given code 06 from both systems: Mường in the 1979 list, Hoa in the 2008 list
    # When both are ingested
    await ingest(session, [_health("06"), _cadre("06")])

    # Then the registry sees two groups: a conflict, and the trusted source's group survives
    assert await _issues(session) == [("CONFLICT", "ethnic_group", None)]
    issue = (await session.execute(select(QualityIssue))).scalars().one()
    assert sorted((v["system"], v["value"]) for v in issue.detail["values"]) == [
        ("cadre_management", "06"),
        ("health_insurance", "04"),
    ]
    person = await service.find_by_citizen_id(session, AN_CITIZEN_ID)
    assert person is not None and person.ethnic_group == "04"


async def test_a_code_without_its_list_is_kept_as_sent_and_flagged(session: AsyncSession) -> None:
    # Given a record with 2008 code 06 that does not say which list it is from, and one
    # with Kinh (01, the same in both lists) that does not either
    unnamed = _cadre("06", listed=None)
    kinh = record("land_records", "LR-5", JAN, full_name="Trần Thị Mai", ethnic_group="01")

    # When they are ingested
    report = await ingest(session, [unnamed, kinh])

    # Then the first is stored as sent and flagged, and its person gets no ethnic group
    assert report.flagged == 1
    stored = (
        await session.execute(select(SourceRecord).where(col(SourceRecord.source_id) == "CM-1"))
    ).scalar_one()
    assert stored.payload["ethnic_group"] == "06" and "ethnic_group_list" not in stored.payload
    assert stored.validation_status == "FLAGGED"
    assert "ethnic_group" not in stored.attributes
    assert await _issues(session) == [("CODE_LIST_REQUIRED", "ethnic_group", "cadre_management")]
    person = await service.get(session, report.master_ids[("cadre_management", "CM-1")])
    assert person is not None and person.ethnic_group is None
    # And Kinh is accepted without a list
    mai = await service.get(session, report.master_ids[("land_records", "LR-5")])
    assert mai is not None and mai.ethnic_group == "01"
