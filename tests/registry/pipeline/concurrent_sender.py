"""A source system sending a set of new persons, run as its own process by
``test_concurrent_systems`` (``python -c`` imports ``send`` and runs it)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from hub.db import Database
from hub.registry.ingestion import ingest_in_transaction
from hub.registry.kinds.person import PERSON
from hub.registry.pipeline.inputs import SourceRecordInput

SENT_AT = datetime(2026, 3, 1, tzinfo=UTC)


def people(count: int) -> list[dict[str, str]]:
    """``count`` distinct persons with valid citizen IDs (Hà Nội, born 1990)."""
    return [
        {
            "citizen_id": f"00109{index:07d}",
            "full_name": f"Nguyễn Văn Số {index}",
            "birth_date": "1990-01-01",
            "sex": "MALE",
        }
        for index in range(count)
    ]


def send(url: str, system: str, count: int, start: float) -> None:
    """Ingest ``count`` persons as ``system`` sends them, all in one batch, from ``start``
    (a ``time.time()`` all senders share, so that their transactions overlap)."""
    asyncio.run(_send(url, system, count, start))


async def _send(url: str, system: str, count: int, start: float) -> None:
    database = Database.from_url(url)
    records = [
        SourceRecordInput(system, f"{system}-{i}", payload, SENT_AT, PERSON)
        for i, payload in enumerate(people(count))
    ]
    try:
        await asyncio.sleep(max(0.0, start - asyncio.get_running_loop().time()))
        await ingest_in_transaction(database, records, attempts=8)
    finally:
        await database.dispose()
