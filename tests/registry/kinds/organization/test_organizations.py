"""Organizations go through the same machinery: xref, survivorship, provenance, issues."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from hub.registry.ingestion import ingest
from hub.registry.kinds.organization import ORGANIZATION
from hub.registry.kinds.organization.reads import find_by_agency_code, get_organization
from hub.registry.pipeline.golden_models import GoldenProvenance, QualityIssue
from hub.registry.pipeline.inputs import SourceRecordInput

JAN = datetime(2026, 1, 5, tzinfo=UTC)
FEB = datetime(2026, 2, 5, tzinfo=UTC)


def organization(
    system: str, source_id: str, updated: datetime, **payload: str
) -> SourceRecordInput:
    """Return an organization source record."""
    return SourceRecordInput(system, source_id, payload, updated, entity_type=ORGANIZATION)


async def test_an_agency_in_both_code_forms_becomes_one_golden_organization(
    session: AsyncSession,
) -> None:
    # given the agency directory (Decision 20 form) and an HR system (QCVN 102 form, unaccented)
    records = [
        organization(
            "agency_directory",
            "AD-1",
            JAN,
            agency_code="G12.18",
            name="Cục Quản lý đất đai",
            parent_code="G12",
        ),
        organization(
            "cadre_management",
            "CM-ORG-1",
            FEB,
            agency_code="000.00.18.G12",
            name="Cuc Quan ly dat dai",
        ),
    ]

    # when both are ingested
    report = await ingest(session, records)

    # then one organization holds the directory's name and either form finds it
    assert (report.masters_created, report.linked) == (1, 1)
    found = await find_by_agency_code(session, "000.00.18.G12")
    assert found is not None and found.agency_code == "G12.18"
    assert found.name == "Cục Quản lý đất đai" and found.parent_code == "G12"
    provenance = (
        await session.execute(
            select(GoldenProvenance).where(col(GoldenProvenance.master_id) == found.id)
        )
    ).scalars()
    assert {p.attribute: p.system for p in provenance} == {
        "agency_code": "agency_directory",
        "name": "agency_directory",
        "parent_code": "agency_directory",
    }
    # and a name differing only in diacritics is no conflict
    assert (await session.execute(select(QualityIssue))).scalars().all() == []


async def test_an_enterprise_with_a_bad_check_digit_is_kept_apart_and_flagged(
    session: AsyncSession,
) -> None:
    # given an enterprise, and a land record whose tax code has a wrong check digit
    good = organization(
        "business_registry",
        "BR-1",
        JAN,
        tax_code="0100109106",
        name="Tổng công ty Bưu điện Việt Nam",
    )
    bad = organization(
        "land_records", "LR-ORG-1", FEB, tax_code="0100109107", name="Tong cong ty Buu dien"
    )

    # when both are ingested
    report = await ingest(session, [good, bad])

    # then the bad code links nothing, reaches no golden record, and is an issue
    assert report.masters_created == 2 and report.flagged == 1
    bad_master = await get_organization(session, report.master_ids[("land_records", "LR-ORG-1")])
    assert bad_master is not None and bad_master.tax_code is None
    issues = (await session.execute(select(QualityIssue))).scalars().all()
    assert [(i.kind, i.attribute) for i in issues] == [("INVALID_IDENTIFIER", "tax_code")]


async def test_sources_naming_an_agency_differently_raise_a_conflict(session: AsyncSession) -> None:
    # given one agency code with two different names
    records = [
        organization(
            "agency_directory", "AD-2", JAN, agency_code="H55.242", name="UBND xã Tân Phú"
        ),
        organization(
            "cadre_management", "CM-ORG-2", FEB, agency_code="H55.242", name="UBND xã Tân Lập"
        ),
    ]

    # when they are ingested, twice
    await ingest(session, records)
    again = await ingest(session, records)

    # then a conflict on the name is open once, the directory's name stands, nothing changed again
    issues = (await session.execute(select(QualityIssue))).scalars().all()
    assert [(i.kind, i.attribute) for i in issues] == [("CONFLICT", "name")]
    found = await find_by_agency_code(session, "H55.242")
    assert found is not None and found.name == "UBND xã Tân Phú"
    assert again.unchanged == 2 and again.golden_changed == 0
