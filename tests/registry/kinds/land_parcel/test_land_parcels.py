"""Land parcels go through the master-records machinery: legacy key and national ID
matching, per-attribute survivorship with provenance, flags, right holders and lineage.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from hub.db import Database
from hub.kit import clock
from hub.registry.codelists.importers.csv_lists import bundled_list_ids, read_csv_list
from hub.registry.ingestion import ingest
from hub.registry.kinds.land_parcel import LAND_PARCEL
from hub.registry.kinds.land_parcel import reads as land
from hub.registry.pipeline.golden_models import QualityIssue
from hub.registry.pipeline.history import master_as_of, master_history
from hub.registry.pipeline.inputs import SourceRecordInput
from hub.registry.pipeline.outbox_models import OutboxEvent
from hub.registry.pipeline.provenance import masters_provenance
from hub.registry.pipeline.source_models import SourceRecord
from tests.registry.master_inputs import AN_CITIZEN_ID, an_from_health, record
from tests.statement_counter import counting

BINH_CITIZEN_ID = "001085012345"
NATIONAL_ID = "w7epxsheyytd"
JAN = datetime(2026, 1, 10, tzinfo=UTC)
FEB = datetime(2026, 2, 1, tzinfo=UTC)
MAR = datetime(2026, 3, 1, tzinfo=UTC)
OLD = datetime(2023, 5, 2, tzinfo=UTC)


def parcel(system: str, source_id: str, updated: datetime, **payload: Any) -> SourceRecordInput:
    """Return a land parcel source record."""
    return SourceRecordInput(system, source_id, payload, updated, entity_type=LAND_PARCEL)


def cadastral(**extra: Any) -> SourceRecordInput:
    """Parcel 26740-5-12 as the cadastral database sends it, under its own field names."""
    return parcel(
        "land_records",
        "VBDLIS-12",
        JAN,
        MaXa="26740",
        SoHieuToBanDo="5",
        SoThuTuThua="12",
        DienTich="120,54",
        KyHieuMucDichSuDung="ONT",
        **extra,
    )


def registration(**extra: Any) -> SourceRecordInput:
    """The same parcel at the registration office: national ID, certificate, two holders."""
    payload: dict[str, Any] = {
        "commune_code": "26740",
        "map_sheet": 5,
        "parcel_number": 12,
        "national_id": NATIONAL_ID,
        "area": "121",
        "certificate_number": "cs 01234",
        "right_holders": [
            {"citizen_id": AN_CITIZEN_ID, "name": "Nguyễn Văn An", "share": "1/2"},
            {"citizen_id": BINH_CITIZEN_ID, "name": "Trần Thị Bình", "share": "1/2"},
        ],
    }
    payload.update(extra)
    return parcel("land_registration", "GCN-77", FEB, **payload)


def binh() -> SourceRecordInput:
    """Trần Thị Bình as the health-insurance system has her."""
    return record(
        "health_insurance",
        "HI-2",
        JAN,
        citizen_id=BINH_CITIZEN_ID,
        full_name="Trần Thị Bình",
        birth_date="1985-07-01",
        sex="FEMALE",
    )


async def issues(session: AsyncSession) -> list[tuple[str, str]]:
    """Return the open quality issues of parcels as (kind, attribute), sorted."""
    found = (
        await session.execute(
            select(QualityIssue).where(
                col(QualityIssue.entity_type) == LAND_PARCEL,
                col(QualityIssue.resolved_at).is_(None),
            )
        )
    ).scalars()
    return sorted((i.kind, i.attribute) for i in found)


async def test_two_systems_make_one_golden_parcel_with_provenance_per_attribute(
    session: AsyncSession,
) -> None:
    # given two persons, the cadastral record and the registration office's record of a parcel
    persons = await ingest(session, [an_from_health(), binh()])
    an = persons.master_ids[("health_insurance", "HI-1")]

    # when the parcel records are ingested
    report = await ingest(session, [cadastral(), registration()])

    # then they are one parcel, found by either key, each value from its most trusted source
    assert (report.masters_created, report.linked, report.flagged) == (1, 1, 0)
    by_key = await land.find_parcel_by_key(session, "26740", 5, 12)
    by_id = await land.find_parcel_by_national_id(session, NATIONAL_ID.upper())
    assert by_key is not None and by_id is not None and by_key.id == by_id.id
    assert (by_key.area, by_key.land_use_purpose, by_key.certificate_number) == (
        "120.5",
        "ONT",
        "CS 01234",
    )
    provenance = (await masters_provenance(session, LAND_PARCEL, [by_key.id]))[by_key.id]
    assert {a: p.system for a, p in provenance.items()} == {
        "legacy_key": "land_records",
        "commune_code": "land_records",
        "map_sheet": "land_records",
        "parcel_number": "land_records",
        "national_id": "land_registration",
        "area": "land_records",
        "land_use_purpose": "land_records",
        "certificate_number": "land_registration",
        "right_holders": "land_registration",
    }
    # and the right holders are linked to their person masters
    holders = (await land.right_holders(session, [by_key.id]))[by_key.id]
    assert sorted((h.citizen_id, h.share_numerator, h.share_denominator) for h in holders) == [
        (BINH_CITIZEN_ID, 1, 2),
        (AN_CITIZEN_ID, 1, 2),
    ]
    assert (await land.parcels_of_persons(session, [an]))[an] == [by_key]
    # and the disagreeing areas are a conflict stewards can list
    assert await issues(session) == [("CONFLICT", "area")]


async def test_re_ingesting_the_same_records_changes_nothing(session: AsyncSession) -> None:
    # given a parcel ingested from two systems
    await ingest(session, [cadastral(), registration()])
    events = [
        (e.entity_type, e.event_type)
        for e in (await session.execute(select(OutboxEvent))).scalars()
    ]
    assert events == [(LAND_PARCEL, "CREATED")]

    # when the same records arrive again
    again = await ingest(session, [cadastral(), registration()])

    # then nothing is created, changed or announced
    assert (again.unchanged, again.created, again.updated, again.golden_changed) == (2, 0, 0, 0)
    assert len((await session.execute(select(OutboxEvent))).scalars().all()) == len(events)


async def test_unknown_codes_are_kept_and_flagged_and_bad_ids_reach_no_golden_value(
    session: AsyncSession,
) -> None:
    # given a parcel in an unknown commune, with an unknown purpose and a malformed national
    # ID, and an old record whose purpose code was valid on its date
    strange = parcel(
        "land_records",
        "VBDLIS-99",
        JAN,
        MaXa="99999",
        SoHieuToBanDo="1",
        SoThuTuThua="2",
        KyHieuMucDichSuDung="XYZ",
        national_id="w7epxshe",
    )
    dated = parcel(
        "land_records",
        "VBDLIS-3",
        OLD,
        MaXa="26740",
        SoHieuToBanDo="1",
        SoThuTuThua="3",
        KyHieuMucDichSuDung="BHK",
    )
    late = parcel(
        "land_records",
        "VBDLIS-4",
        JAN,
        MaXa="26740",
        SoHieuToBanDo="1",
        SoThuTuThua="4",
        KyHieuMucDichSuDung="BHK",
    )

    # when they are ingested
    report = await ingest(session, [strange, dated, late])

    # then every record is kept; unknown codes stay as sent, the bad ID reaches no master
    assert report.created == 3 and report.flagged == 2
    found = await land.find_parcel_by_key(session, "99999", 1, 2)
    assert found is not None and found.commune_code == "99999"
    assert found.land_use_purpose == "XYZ" and found.national_id is None
    kept = (
        await session.execute(
            select(SourceRecord).where(col(SourceRecord.source_id) == "VBDLIS-99")
        )
    ).scalar_one()
    assert kept.payload["national_id"] == "w7epxshe"
    # and BHK is flagged only for the record dated after it was withdrawn, as a code of
    # another date
    assert await issues(session) == [
        ("INVALID_IDENTIFIER", "national_id"),
        ("NOT_VALID_ON_DATE", "land_use_purpose"),
        ("UNKNOWN_CODE", "commune_code"),
        ("UNKNOWN_CODE", "land_use_purpose"),
    ]
    old = await land.find_parcel_by_key(session, "26740", 1, 3)
    assert old is not None and old.land_use_purpose == "BHK"


def merged_purposes() -> list[tuple[str, date | None, date, list[str]]]:
    """Every land-use code the bundled list ends without a new name: (code, start, end,
    successors).
    """
    purposes = read_csv_list(bundled_list_ids()["land-use-purposes"])
    goes_on = {(c.code, c.valid_from) for c in purposes.codes}
    return [
        (
            c.code,
            c.valid_from,
            c.valid_to,
            [x.new_code for x in purposes.crosswalks if x.old_code == c.code],
        )
        for c in purposes.codes
        if c.valid_to is not None and (c.code, c.valid_to) not in goes_on
    ]


async def test_a_merged_purpose_is_valid_before_the_change_and_flagged_with_its_successor_after(
    session: AsyncSession,
) -> None:
    # given, for every land-use code that ended (DDT and DDL became DDD on 2024-08-01, ...), a
    # parcel dated the day before the change and one dated on it
    merged = merged_purposes()
    assert {"DDT", "DDL"} <= {code for code, _, _, _ in merged}
    records = []
    for number, (code, _, end, _) in enumerate(merged, start=1):
        for sheet, day in ((1, end - timedelta(days=1)), (2, end)):
            when = datetime(day.year, day.month, day.day, 12, tzinfo=UTC)
            records.append(
                parcel(
                    "land_records",
                    f"VBDLIS-{code}-{sheet}",
                    when,
                    MaXa="26740",
                    SoHieuToBanDo=str(sheet),
                    SoThuTuThua=str(number),
                    KyHieuMucDichSuDung=code,
                )
            )

    # when they are ingested
    await ingest(session, records)

    # then only the records dated on the change are flagged, each naming what its code became,
    # and every record keeps the code it was sent with
    found = (
        await session.execute(
            select(QualityIssue).where(col(QualityIssue.entity_type) == LAND_PARCEL)
        )
    ).scalars()
    flagged = {(i.kind, i.detail["message"]) for i in found}
    expected = set()
    for code, start, end, became in merged:
        assert became and start is not None, code
        message = (
            f"'{code}' of the code list land-use-purposes was valid from {start.isoformat()} to"
            f" {(end - timedelta(days=1)).isoformat()}, not on {end.isoformat()}; from"
            f" {end.isoformat()} it is {' or '.join(map(repr, became))}"
        )
        expected.add(("NOT_VALID_ON_DATE", message))
    assert flagged == expected
    for number, (code, _, _, _) in enumerate(merged, start=1):
        for sheet in (1, 2):
            kept = await land.find_parcel_by_key(session, "26740", sheet, number)
            assert kept is not None and kept.land_use_purpose == code


async def test_the_merged_code_is_not_valid_before_the_change(session: AsyncSession) -> None:
    # given a parcel dated 2023 with DDD, which only exists from 2024-08-01
    early = parcel(
        "land_records",
        "VBDLIS-5",
        OLD,
        MaXa="26740",
        SoHieuToBanDo="1",
        SoThuTuThua="5",
        KyHieuMucDichSuDung="DDD",
    )

    # when it is ingested
    await ingest(session, [early])

    # then it is flagged as a code of another date, with no successor to name
    found = (await session.execute(select(QualityIssue))).scalars().all()
    assert [(i.kind, i.detail["message"]) for i in found] == [
        (
            "NOT_VALID_ON_DATE",
            "'DDD' of the code list land-use-purposes was valid from 2024-08-01, not on 2023-05-02",
        )
    ]


async def test_shares_not_summing_to_one_are_flagged_and_kept(session: AsyncSession) -> None:
    # given holders whose shares sum to 3/4
    holders = [
        {"citizen_id": AN_CITIZEN_ID, "share": "1/2"},
        {"citizen_id": BINH_CITIZEN_ID, "share": "0.25"},
    ]

    # when the record is ingested
    report = await ingest(session, [registration(right_holders=holders)])

    # then the holders are kept as sent and the shares are an issue
    assert report.flagged == 1
    found = await land.find_parcel_by_key(session, "26740", 5, 12)
    assert found is not None and found.right_holders is not None
    assert [h["share"] for h in found.right_holders] == ["1/2", "1/4"]
    assert await issues(session) == [("SHARES_NOT_ONE", "right_holders")]


async def test_a_split_records_its_lineage_with_the_sources_date(session: AsyncSession) -> None:
    # given two parcels split from 26740-5-12, sent before the parent itself
    children = [
        parcel(
            "land_records",
            f"VBDLIS-{n}",
            MAR,
            MaXa="26740",
            SoHieuToBanDo="5",
            SoThuTuThua=str(n),
            split_from=["26740-5-12"],
        )
        for n in (40, 41)
    ]
    await ingest(session, children)

    # when the parent arrives
    await ingest(session, [cadastral()])

    # then both children name it as their parent, dated by the split's source time
    parent = await land.find_parcel_by_key(session, "26740", 5, 12)
    assert parent is not None
    descendants = await land.descendants(session, parent.id)
    assert sorted((d.relation, d.parent_key, d.changed_on) for d in descendants) == [
        ("SPLIT", "26740-5-12", MAR.date()),
        ("SPLIT", "26740-5-12", MAR.date()),
    ]
    child = await land.find_parcel_by_key(session, "26740", 5, 40)
    assert child is not None
    assert [p.parent_id for p in (await land.parents(session, [child.id]))[child.id]] == [parent.id]


async def test_as_of_shows_the_parcel_as_the_hub_knew_it(
    session: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given a parcel learnt yesterday and re-surveyed today
    yesterday = datetime(2026, 3, 9, 9, 0, tzinfo=UTC)
    today = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
    monkeypatch.setattr(clock, "utcnow", lambda: yesterday)
    report = await ingest(session, [cadastral()])
    parcel_id = report.master_ids[("land_records", "VBDLIS-12")]
    monkeypatch.setattr(clock, "utcnow", lambda: today)
    first = cadastral()
    await ingest(
        session,
        [parcel(first.system, first.source_id, MAR, **{**first.payload, "DienTich": "118"})],
    )

    # when it is read as of yesterday evening and now
    before = await master_as_of(session, LAND_PARCEL, parcel_id, yesterday + timedelta(hours=10))
    now = await master_as_of(session, LAND_PARCEL, parcel_id, today)

    # then each shows the area then known, with the source's valid time
    assert before is not None and before.values["area"] == "120.5" and before.version == 1
    assert now is not None and now.values["area"] == "118.0" and now.valid_from == MAR
    history = await master_history(session, LAND_PARCEL, parcel_id)
    assert [h.change for h in history] == ["CREATED", "UPDATED"]


async def test_parcels_of_many_persons_take_one_statement(
    database: Database, session: AsyncSession
) -> None:
    # given two persons holding one parcel together and a third person holding none
    persons = await ingest(session, [an_from_health(), binh()])
    an = persons.master_ids[("health_insurance", "HI-1")]
    binh_id = persons.master_ids[("health_insurance", "HI-2")]
    await ingest(session, [registration()])

    # when their parcels are read in one batch
    with counting(database) as statements:
        found = await land.parcels_of_persons(session, [an, binh_id, "nobody"])

    # then one statement answers for everyone, each person getting their own list
    assert len(statements) == 1
    assert [len(found[p]) for p in (an, binh_id, "nobody")] == [1, 1, 0]
    assert found[an][0].legacy_key == "26740-5-12"


async def test_parcels_are_listed_by_commune_in_pages(session: AsyncSession) -> None:
    # given three parcels in one commune and one in another
    records = [
        parcel("land_records", f"P-{n}", JAN, MaXa="26740", SoHieuToBanDo="2", SoThuTuThua=str(n))
        for n in (1, 2, 3)
    ]
    records.append(
        parcel("land_records", "P-9", JAN, MaXa="00004", SoHieuToBanDo="1", SoThuTuThua="9")
    )
    await ingest(session, records)

    # when the commune's parcels are read two at a time
    first = await land.list_parcels(session, commune_code="26740", first=2, after=None)
    rest = await land.list_parcels(session, commune_code="26740", first=2, after=first.items[-1].id)

    # then the pages cover the three parcels once, in id order
    assert first.total_count == 3 and first.has_next_page and not rest.has_next_page
    assert len({p.id for p in first.items + rest.items}) == 3
