"""Organisations without strong identifiers are matched on their folded name and commune
through ``ingest``; identifiers still decide whenever both records carry one.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from hub.registry.ingestion import ingest
from hub.registry.kinds.organization import ORGANIZATION
from hub.registry.kinds.organization.reads import get_organization
from hub.registry.pipeline.inputs import SourceRecordInput
from hub.registry.pipeline.match_task_models import MatchTask
from hub.registry.pipeline.source_models import Xref

JAN = datetime(2026, 1, 5, tzinfo=UTC)
FEB = datetime(2026, 2, 5, tzinfo=UTC)
# Phường Quán Thánh (00013) became part of Phường Ba Đình (00004, Hà Nội) on 2025-07-01, and
# its code was retired; Phường Sài Gòn (26740) is in Hồ Chí Minh City.
BA_DINH = "00004"
QUAN_THANH = "00013"
SAI_GON = "26740"
TAX_A = "0100109106"
TAX_B = "0100112437"


def organization(
    system: str, source_id: str, updated: datetime = JAN, **payload: str
) -> SourceRecordInput:
    """Return an organization source record."""
    return SourceRecordInput(system, source_id, payload, updated, entity_type=ORGANIZATION)


def minh_phat_from_commune() -> SourceRecordInput:
    """A household-scale enterprise as the commune's business list has it: no codes."""
    return organization(
        "commune_business_list",
        "CB-17",
        JAN,
        name="Công ty TNHH Thương mại và Dịch vụ Minh Phát",
        commune_code=BA_DINH,
    )


async def _open_tasks(session: AsyncSession) -> list[MatchTask]:
    result = await session.execute(
        select(MatchTask)
        .where(col(MatchTask.entity_type) == ORGANIZATION, col(MatchTask.status) == "OPEN")
        .order_by(col(MatchTask.score).desc())
    )
    return list(result.scalars())


async def test_one_enterprise_seen_by_two_systems_without_codes_becomes_one_master(
    session: AsyncSession,
) -> None:
    # given the commune's record, and a land record of the same enterprise sent later:
    # unaccented, abbreviated, and with the pre-2025 commune code
    first = await ingest(session, [minh_phat_from_commune()])
    land = organization(
        "land_records", "LR-ORG-9", FEB, name="CTY TNHH TM-DV MINH PHAT", commune_code=QUAN_THANH
    )

    # when the land record is ingested
    report = await ingest(session, [land])

    # then it joins the commune's master on the probabilistic rule
    master_id = first.master_ids[("commune_business_list", "CB-17")]
    assert (report.masters_created, report.linked, report.review_tasks) == (0, 1, 0)
    assert report.master_ids[("land_records", "LR-ORG-9")] == master_id
    xref = (
        await session.execute(select(Xref).where(col(Xref.source_id) == "LR-ORG-9"))
    ).scalar_one()
    assert xref.match_rule == "probabilistic"
    assert xref.match_score is not None and xref.match_score >= 0.95
    levels = {c["field"]: c["level"] for c in xref.match_comparisons}
    assert (levels["name"], levels["commune_code"]) == ("exact", "exact")
    # and the golden record keeps the accented name and the 2025 commune code
    golden = await get_organization(session, master_id)
    assert golden is not None
    assert (golden.name, golden.commune_code) == (
        "Công ty TNHH Thương mại và Dịch vụ Minh Phát",
        BA_DINH,
    )


async def test_both_views_in_one_batch_also_become_one_master(session: AsyncSession) -> None:
    # given both views of the enterprise in one call
    land = organization(
        "land_records", "LR-ORG-9", FEB, name="C.ty TNHH TM & DV Minh Phat", commune_code=QUAN_THANH
    )

    # when they are ingested together, and again unchanged
    report = await ingest(session, [minh_phat_from_commune(), land])
    again = await ingest(session, [minh_phat_from_commune(), land])

    # then one master holds both, and the second call changes nothing
    assert (report.masters_created, report.linked) == (1, 1)
    assert len(set(report.master_ids.values())) == 1
    assert again.unchanged == 2 and again.golden_changed == 0


async def test_the_same_name_in_another_commune_is_another_organization(
    session: AsyncSession,
) -> None:
    # given the enterprise in Ba Đình (Hà Nội), and one of the same name in Sài Gòn
    saigon = organization(
        "hcmc_business_list",
        "HCM-3",
        FEB,
        name="Công ty TNHH TM DV Minh Phát",
        commune_code=SAI_GON,
    )

    # when both are ingested
    report = await ingest(session, [minh_phat_from_commune(), saigon])

    # then each has its own master and no steward is asked
    assert (report.masters_created, report.linked, report.review_tasks) == (2, 0, 0)
    assert await _open_tasks(session) == []


async def test_a_near_match_waits_for_a_steward(session: AsyncSession) -> None:
    # given the enterprise, and a record of the same name as a joint-stock company, same place
    first = await ingest(session, [minh_phat_from_commune()])
    near = organization(
        "tax_portal_export",
        "TP-44",
        FEB,
        name="Công ty Cổ phần Minh Phát",
        commune_code=QUAN_THANH,
    )

    # when it is ingested
    report = await ingest(session, [near])

    # then it gets a master of its own and a task proposes the enterprise to a steward
    near_id = report.master_ids[("tax_portal_export", "TP-44")]
    known_id = first.master_ids[("commune_business_list", "CB-17")]
    assert (report.masters_created, report.linked, report.review_tasks) == (1, 0, 1)
    (task,) = await _open_tasks(session)
    assert (task.record_master_id, task.candidate_master_id) == (near_id, known_id)
    assert task.rule == "probabilistic" and 0.5 <= task.score < 0.95
    levels = {c["field"]: c["level"] for c in task.comparisons}
    assert (levels["name"], levels["commune_code"]) == ("close", "exact")


async def test_different_tax_codes_never_link_even_with_equal_names(
    session: AsyncSession,
) -> None:
    # given two enterprises with the same name and place but different tax codes
    records = [
        organization(
            "business_registry",
            "BR-1",
            JAN,
            tax_code=TAX_A,
            name="Công ty TNHH Minh Phát",
            commune_code=BA_DINH,
        ),
        organization(
            "land_records",
            "LR-ORG-2",
            FEB,
            tax_code=TAX_B,
            name="CONG TY TNHH MINH PHAT",
            commune_code=QUAN_THANH,
        ),
    ]

    # when both are ingested
    report = await ingest(session, records)

    # then they are two organizations, and no steward is asked
    assert (report.masters_created, report.linked, report.review_tasks) == (2, 0, 0)
    assert await _open_tasks(session) == []


async def test_a_record_without_a_code_is_proposed_not_linked_to_records_with_codes(
    session: AsyncSession,
) -> None:
    # given the two enterprises with different tax codes
    await test_different_tax_codes_never_link_even_with_equal_names(session)
    commune = organization(
        "commune_business_list", "CB-5", FEB, name="Cty TNHH Minh Phát", commune_code=BA_DINH
    )

    # when a record of the same name and place without a code arrives
    report = await ingest(session, [commune])

    # then it links to neither (it could join them through itself) and a steward sees both
    assert (report.masters_created, report.linked, report.review_tasks) == (1, 0, 2)
    tasks = await _open_tasks(session)
    assert len({t.candidate_master_id for t in tasks}) == 2
    assert all(0.5 <= t.score < 0.95 for t in tasks)


async def test_a_demoted_code_leaves_the_name_and_commune_to_a_steward(
    session: AsyncSession,
) -> None:
    # given an enterprise with its tax code, and a land record whose tax code has a wrong
    # check digit (flagged and left out of matching) but the same name and commune
    registry = organization(
        "business_registry",
        "BR-1",
        JAN,
        tax_code=TAX_A,
        name="Công ty TNHH Minh Phát",
        commune_code=BA_DINH,
    )
    land = organization(
        "land_records",
        "LR-ORG-3",
        FEB,
        tax_code="0100109107",
        name="Cong ty TNHH Minh Phat",
        commune_code=QUAN_THANH,
    )

    # when both are ingested
    report = await ingest(session, [registry, land])

    # then the land record is flagged and proposed to a steward, not linked
    assert report.flagged == 1
    assert (report.masters_created, report.linked, report.review_tasks) == (2, 0, 1)
    (task,) = await _open_tasks(session)
    assert task.candidate_master_id == report.master_ids[("business_registry", "BR-1")]
