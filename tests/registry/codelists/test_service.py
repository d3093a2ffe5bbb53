"""Code-list service on a real database with the real lists."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from hub.errors import Invalid
from hub.kit.pagination import page_request
from hub.registry.codelists import service
from hub.registry.codelists.imported import ImportedCode, ImportedList, ImportedVersion
from hub.registry.codelists.models import ADMIN_UNITS_LIST_ID, AdminLevel

BEFORE = date(2025, 6, 30)
AFTER = date(2025, 7, 1)


async def test_code_24_is_bac_giang_before_and_bac_ninh_after(session: AsyncSession) -> None:
    # Given the real lists / When code 24 is looked up on each side of the reform
    before = await service.find(session, ADMIN_UNITS_LIST_ID, "24", BEFORE)
    after = await service.find(session, ADMIN_UNITS_LIST_ID, "24", AFTER)
    # Then it names two different provinces
    assert before is not None
    assert before.name == "Tỉnh Bắc Giang"
    assert after is not None
    assert after.name == "Tỉnh Bắc Ninh"


async def test_unknown_code_or_date_gives_none(session: AsyncSession) -> None:
    assert await service.find(session, ADMIN_UNITS_LIST_ID, "99", AFTER) is None
    assert (
        await service.find(session, ADMIN_UNITS_LIST_ID, "27", AFTER) is None
    )  # old Bắc Ninh ended


async def test_34_provinces_after_and_63_before(session: AsyncSession) -> None:
    request = page_request(1, None)
    after = await service.page(
        session, ADMIN_UNITS_LIST_ID, AFTER, request, level=AdminLevel.PROVINCE
    )
    before = await service.page(
        session, ADMIN_UNITS_LIST_ID, BEFORE, request, level=AdminLevel.PROVINCE
    )
    communes = await service.page(
        session, ADMIN_UNITS_LIST_ID, AFTER, request, level=AdminLevel.COMMUNE
    )
    assert (after.total_count, before.total_count, communes.total_count) == (34, 63, 3321)


async def test_search_ignores_case_and_diacritics(session: AsyncSession) -> None:
    page = await service.page(
        session,
        ADMIN_UNITS_LIST_ID,
        AFTER,
        page_request(10, None),
        level=AdminLevel.PROVINCE,
        search="BAC NINH",
    )
    assert [c.name for c in page.items] == ["Tỉnh Bắc Ninh"]


async def test_search_escapes_like_wildcards(session: AsyncSession) -> None:
    page = await service.page(
        session, ADMIN_UNITS_LIST_ID, AFTER, page_request(10, None), search="%"
    )
    assert page.total_count == 0


async def test_pages_follow_each_other_without_overlap(session: AsyncSession) -> None:
    # Given the communes of new Bắc Ninh, read 40 at a time
    seen: list[str] = []
    after: str | None = None
    while True:
        page = await service.page(
            session, ADMIN_UNITS_LIST_ID, AFTER, page_request(40, after), parent_code="24"
        )
        seen.extend(c.code for c in page.items)
        if not page.has_next_page:
            break
        after = service.cursor_of(page.items[-1])
    # Then every commune comes once, in order, and the count agrees
    assert seen == sorted(set(seen))
    assert len(seen) == page.total_count > 40


async def test_history_of_a_reused_code(session: AsyncSession) -> None:
    history = await service.history(session, ADMIN_UNITS_LIST_ID, "26740")
    assert [c.name for c in history] == ["Phường Bến Nghé", "Phường Sài Gòn"]


async def test_successor_and_predecessor_links(session: AsyncSession) -> None:
    old = await service.find(session, ADMIN_UNITS_LIST_ID, "27", BEFORE)
    new = await service.find(session, ADMIN_UNITS_LIST_ID, "24", AFTER)
    assert old is not None
    assert new is not None
    successors = await service.successor_links(session, [old])
    predecessors = await service.predecessor_links(session, [new])
    assert [x.new_code for x in successors[("27", AFTER)]] == ["24"]
    assert sorted(x.old_code for x in predecessors[("24", AFTER)]) == ["24", "27"]


async def test_import_refuses_an_inverted_interval(session: AsyncSession) -> None:
    broken = ImportedList(
        id="broken",
        name="x",
        name_en="x",
        source="test",
        versions=[ImportedVersion("1", "test")],
        codes=[ImportedCode("A", "A", "1", valid_from=AFTER, valid_to=BEFORE)],
    )
    with pytest.raises(Invalid, match="valid_to must be after valid_from"):
        await service.import_list(session, broken)


async def test_reimport_replaces_the_list(session: AsyncSession) -> None:
    listed = ImportedList(
        id="colours",
        name="Màu",
        name_en="Colours",
        source="test",
        versions=[ImportedVersion("1", "test")],
        codes=[ImportedCode("R", "Đỏ", "1")],
    )
    await service.import_list(session, listed)
    listed.codes = [ImportedCode("G", "Xanh lá", "1")]
    await service.import_list(session, listed)
    page = await service.page(session, "colours", AFTER, page_request(10, None))
    assert [c.code for c in page.items] == ["G"]
