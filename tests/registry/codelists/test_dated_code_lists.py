"""Bundled code lists whose codes changed: old and new codes and names with their dates, and the
crosswalk from merged codes (the 2024 land-use list), checked before they are stored.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from hub.kit.periods import in_force
from hub.registry.codelists.imported import ImportedCrosswalk, ImportedList
from hub.registry.codelists.importers.consistency import check_periods
from hub.registry.codelists.importers.csv_lists import bundled_list_ids, read_csv_list
from hub.registry.codelists.models import CrosswalkRelation

CHANGE = date(2024, 8, 1)
BEFORE = date(2024, 7, 31)


@pytest.fixture(scope="module")
def purposes() -> ImportedList:
    """The land-use purposes as bundled."""
    return read_csv_list(bundled_list_ids()["land-use-purposes"])


def name_on(imported: ImportedList, code: str, day: date) -> str | None:
    """Return the name ``code`` had on ``day``, or ``None`` when it was not valid."""
    found = [
        c.name for c in imported.codes if c.code == code and in_force(c.valid_from, c.valid_to, day)
    ]
    assert len(found) <= 1
    return found[0] if found else None


def successors(imported: ImportedList, code: str) -> list[str]:
    """Return the codes ``code`` was merged into."""
    return [x.new_code for x in imported.crosswalks if x.old_code == code]


def test_ddt_and_ddl_become_ddd_on_1_august_2024(purposes: ImportedList) -> None:
    # Given the bundled land-use purposes
    # When the relic and landscape codes are looked up either side of the change
    # Then both end the day DDD begins, and the crosswalk leads there
    assert name_on(purposes, "DDT", BEFORE) == "Đất có di tích lịch sử - văn hóa"
    assert name_on(purposes, "DDL", BEFORE) == "Đất danh lam thắng cảnh"
    assert name_on(purposes, "DDT", CHANGE) is None
    assert name_on(purposes, "DDD", BEFORE) is None
    assert name_on(purposes, "DDD", CHANGE) == (
        "Đất có di tích lịch sử - văn hóa, danh lam thắng cảnh, di sản thiên nhiên"
    )
    assert successors(purposes, "DDT") == successors(purposes, "DDL") == ["DDD"]
    link = next(x for x in purposes.crosswalks if x.old_code == "DDT")
    assert (link.effective_date, link.relation) == (CHANGE, CrosswalkRelation.MERGED_INTO)


def test_a_renamed_code_has_its_old_name_before_the_change_and_the_new_after(
    purposes: ImportedList,
) -> None:
    # Given codes the 2024 rules renamed / When their names are read either side of the change
    # Then each date gives its own name
    assert name_on(purposes, "LUC", BEFORE) == "Đất chuyên trồng lúa nước"
    assert name_on(purposes, "LUC", CHANGE) == "Đất chuyên trồng lúa"
    assert name_on(purposes, "DGT", BEFORE) == "Đất giao thông"
    assert name_on(purposes, "DGT", CHANGE) == "Đất công trình giao thông"
    assert successors(purposes, "LUC") == []


def test_every_code_that_ended_goes_on_or_has_a_successor(purposes: ImportedList) -> None:
    # Given every land-use row that ends
    ended = [c for c in purposes.codes if c.valid_to is not None]
    assert len(ended) >= 15
    # When the day it ended is looked at / Then the code goes on under a new name or the
    # crosswalk says what it became, and every successor is valid that day
    for row in ended:
        assert row.valid_to is not None
        goes_on = name_on(purposes, row.code, row.valid_to) is not None
        became = successors(purposes, row.code)
        assert goes_on or became, row.code
        assert all(name_on(purposes, new, row.valid_to) for new in became), row.code


@pytest.mark.parametrize("list_id", sorted(bundled_list_ids()))
def test_every_bundled_list_has_consistent_dates(list_id: str) -> None:
    # Given a bundled list / When it is read / Then its dates and crosswalk hold together
    # (reading runs the check, which raises otherwise), and no code means two things at once
    imported = read_csv_list(bundled_list_ids()[list_id])
    for code in {c.code for c in imported.codes}:
        for day in {c.valid_from for c in imported.codes if c.code == code and c.valid_from}:
            name_on(imported, code, day)


def test_rows_of_one_code_that_overlap_are_refused(purposes: ImportedList) -> None:
    # Given a list where LUC's old name runs past the day its new name starts
    codes = [
        replace(c, valid_to=date(2024, 9, 1)) if c.code == "LUC" and c.valid_to else c
        for c in purposes.codes
    ]
    # When it is checked / Then it is refused, naming the code
    with pytest.raises(ValueError, match="rows of code LUC overlap"):
        check_periods(replace(purposes, codes=codes), "test")


@pytest.mark.parametrize(
    ("link", "message"),
    [
        (
            ImportedCrosswalk("ONT", "DDD", CHANGE, CrosswalkRelation.MERGED_INTO),
            "ONT does not end",
        ),
        (
            ImportedCrosswalk("DDT", "XYZ", CHANGE, CrosswalkRelation.MERGED_INTO),
            "XYZ is not valid",
        ),
        (
            ImportedCrosswalk("DDT", "DDL", CHANGE, CrosswalkRelation.MERGED_INTO),
            "DDL is not valid",
        ),
    ],
)
def test_a_link_that_does_not_fit_the_dates_is_refused(
    purposes: ImportedList, link: ImportedCrosswalk, message: str
) -> None:
    # Given the list with one more link that contradicts the codes' dates
    broken = replace(purposes, crosswalks=[*purposes.crosswalks, link])
    # When it is checked / Then it is refused, saying why
    with pytest.raises(ValueError, match=message):
        check_periods(broken, "test")


def test_a_code_that_ends_without_a_successor_is_refused(purposes: ImportedList) -> None:
    # Given the list without the link that says where DSH went
    crosswalks = [x for x in purposes.crosswalks if x.old_code != "DSH"]
    # When it is checked / Then it is refused
    with pytest.raises(ValueError, match="code DSH ends on 2024-08-01 without a successor"):
        check_periods(replace(purposes, crosswalks=crosswalks), "test")
