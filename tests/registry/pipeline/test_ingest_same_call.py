"""Records that meet again within one ``ingest`` call: repeated records, and a changed record
rematched while new records of the same call join its master."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from hub.registry.ingestion import ingest
from hub.registry.kinds.person.models import Person
from hub.registry.pipeline.match_task_models import MatchTask
from hub.registry.pipeline.source_models import SourceRecord, Xref
from tests.registry.master_inputs import FEB, JAN, an_from_health, record


async def test_the_last_copy_of_a_record_sent_twice_wins(session: AsyncSession) -> None:
    # given a stored record, then a call carrying a change and, after it, the old content again
    old = record("s", "X1", JAN, full_name="Trần Thị Bình", birth_date="1985-01-02", sex="FEMALE")
    new = record("s", "X1", JAN, full_name="Trần Thị Bích", birth_date="1985-01-02", sex="FEMALE")
    await ingest(session, [old])

    # when both copies come in one call
    await ingest(session, [new, old])

    # then the record holds what came last
    stored = (
        await session.execute(select(SourceRecord).where(col(SourceRecord.source_id) == "X1"))
    ).scalar_one()
    assert stored.payload["full_name"] == "Trần Thị Bình"


async def test_a_rematch_never_empties_a_master_a_new_record_just_joined(
    session: AsyncSession,
) -> None:
    # given Cường (T) and Dũng (S), each alone on a master
    cuong = dict(full_name="Lê Văn Cường", birth_date="1980-05-05", sex="MALE")
    dung = dict(full_name="Phạm Văn Dũng", birth_date="1970-01-01", sex="MALE")
    t = record("t", "T1", JAN, citizen_id="001085000111", **cuong)
    s = record("s", "S1", JAN, citizen_id="079090009999", **dung)
    await ingest(session, [t, s])

    # when one call brings a new record of Dũng and corrects S to be Cường
    n = record("n", "N1", JAN, citizen_id="079090009999", **dung)
    s2 = record("s", "S1", FEB, citizen_id="001085000111", **cuong)
    report = await ingest(session, [n, s2])

    # then no record points at a master that was merged away (S stays with the new record of
    # Dũng: a record of a master with others keeps its link, a steward unmerges it)
    rows = (
        await session.execute(
            select(col(Xref.source_id), col(Person.merged_into_id)).join(
                Person, col(Person.id) == col(Xref.master_id)
            )
        )
    ).all()
    assert [source_id for source_id, merged in rows if merged is not None] == []
    assert report.master_ids[("n", "N1")] == report.master_ids[("s", "S1")]


async def test_a_changed_record_sent_twice_is_proposed_to_a_steward_once(
    session: AsyncSession,
) -> None:
    # given An, and a near match of him stored earlier
    await ingest(session, [an_from_health()])
    near = dict(sex="MALE", address_commune_code="00004")
    await ingest(
        session,
        [
            record(
                "cadre_management",
                "CM-9",
                FEB,
                full_name="Nguyễn Văn Ann",
                birth_date="1990-03-15",
                **near,
            )
        ],
    )

    # when its correction arrives twice in one call
    fixed = record(
        "cadre_management", "CM-9", FEB, full_name="Nguyễn Văn An", birth_date="15/03/1990", **near
    )
    report = await ingest(session, [fixed, fixed])

    # then it counts once as updated, once as unchanged, and no task is duplicated
    assert (report.updated, report.unchanged) == (1, 1)
    tasks = (
        await session.execute(
            select(col(MatchTask.source_record_id), col(MatchTask.candidate_master_id))
        )
    ).all()
    assert len(tasks) == len(set(tasks))
