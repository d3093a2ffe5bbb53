"""History: every golden change is versioned; ``person_as_of`` answers from record time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from hub.kit import clock
from hub.registry.ingestion import ingest
from hub.registry.kinds.person.history import person_as_of, person_history
from tests.registry.master_inputs import MAR, an_from_health, record

YESTERDAY = datetime(2026, 3, 9, 9, 0, tzinfo=UTC)
TODAY = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


async def test_as_of_shows_yesterdays_view(
    session: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given a person the hub learnt of yesterday, whose phone it learnt today
    monkeypatch.setattr(clock, "utcnow", lambda: YESTERDAY)
    report = await ingest(session, [an_from_health()])
    person_id = report.master_ids[("health_insurance", "HI-1")]
    monkeypatch.setattr(clock, "utcnow", lambda: TODAY)
    seen = an_from_health()
    await ingest(
        session, [record(seen.system, seen.source_id, MAR, **seen.payload, phone="0912345678")]
    )

    # when the person is asked for as of yesterday evening, today, and the day before
    yesterday = await person_as_of(session, person_id, YESTERDAY + timedelta(hours=10))
    today = await person_as_of(session, person_id, TODAY)
    before = await person_as_of(session, person_id, YESTERDAY - timedelta(days=1))

    # then each answer is what the hub knew then, with valid and record time
    assert yesterday is not None and yesterday.phone is None and yesterday.version == 1
    assert yesterday.full_name == "Nguyễn Văn An"
    assert today is not None and today.phone == "0912345678" and today.version == 2
    assert today.valid_from == MAR and today.recorded_at == TODAY
    assert today.provenance["phone"]["system"] == "health_insurance"
    assert before is None
    assert [s.change for s in await person_history(session, person_id)] == ["CREATED", "UPDATED"]
