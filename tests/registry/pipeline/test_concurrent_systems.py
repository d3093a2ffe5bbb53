"""Several source systems sending the same new persons at the same moment, each from its own
process, make one golden person each: the batch that loses the race is placed again and links
to the winner's masters instead of making duplicates without their citizen ID.
"""

from __future__ import annotations

import asyncio
import sys
import time

from sqlalchemy import func, select
from sqlmodel import col

from hub.db import Database
from hub.registry.kinds.person.models import Person
from hub.registry.pipeline.golden_models import QualityIssue
from hub.registry.pipeline.source_models import Xref

PERSONS = 120
SYSTEMS = ("health_insurance", "land_records", "cadre_management")
SENDER = (
    "import sys, time; from tests.registry.pipeline.concurrent_sender import send; "
    "send(sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4]))"
)


async def test_systems_sending_the_same_new_persons_at_once_make_one_master_each(
    committed_url: str, committed: Database
) -> None:
    # given three systems, each in its own process, that will send the same 120 new persons
    start = time.monotonic() + 3.0
    # when they all start at the same moment (the event-loop clock is the monotonic clock)
    senders = [
        await asyncio.create_subprocess_exec(
            sys.executable,
            "-c",
            SENDER,
            committed_url,
            system,
            str(PERSONS),
            str(start),
            stderr=asyncio.subprocess.PIPE,
        )
        for system in SYSTEMS
    ]
    errors = [(await sender.communicate())[1].decode() for sender in senders]
    # then every sender succeeded
    assert [s.returncode for s in senders] == [0, 0, 0], errors
    # and there is one golden person per citizen ID, each holding it, linked to three records
    async with committed.session() as session:
        masters = await session.scalar(select(func.count()).select_from(Person))
        holding = await session.scalar(
            select(func.count()).where(col(Person.citizen_id).is_not(None))
        )
        links = await session.execute(
            select(col(Xref.master_id), func.count()).group_by(col(Xref.master_id))
        )
        duplicates = await session.scalar(
            select(func.count()).where(col(QualityIssue.kind) == "DUPLICATE_IDENTIFIER")
        )
    assert (masters, holding, duplicates) == (PERSONS, PERSONS, 0)
    assert {count for _, count in links.all()} == {len(SYSTEMS)}
