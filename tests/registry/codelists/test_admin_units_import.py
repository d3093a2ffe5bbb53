"""Reading the real administrative-unit data files (no database)."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date

import pytest

from hub.registry.codelists.imported import ImportedList
from hub.registry.codelists.importers.admin_units import (
    LEGACY_VERSION,
    REFORM_VERSION,
    read_admin_units,
)
from hub.registry.codelists.models import AdminLevel, CrosswalkRelation


@pytest.fixture(scope="module")
def imported() -> ImportedList:
    """The list as read from the installed package."""
    return read_admin_units()


def test_both_structures_have_the_official_counts(imported: ImportedList) -> None:
    # Given the package's data files / When read / Then the counts match the two structures
    counts = Counter((c.version, c.level) for c in imported.codes)
    assert counts[(LEGACY_VERSION, AdminLevel.PROVINCE)] == 63
    assert counts[(LEGACY_VERSION, AdminLevel.DISTRICT)] == 696
    assert counts[(LEGACY_VERSION, AdminLevel.COMMUNE)] == 10035
    assert counts[(REFORM_VERSION, AdminLevel.PROVINCE)] == 34
    assert counts[(REFORM_VERSION, AdminLevel.COMMUNE)] == 3321


def test_legacy_units_end_and_new_units_start_on_1_july_2025(imported: ImportedList) -> None:
    for code in imported.codes:
        if code.version == LEGACY_VERSION:
            assert (code.valid_from, code.valid_to) == (None, date(2025, 7, 1))
        else:
            assert (code.valid_from, code.valid_to) == (date(2025, 7, 1), None)


def test_every_crosswalk_key_resolves_to_codes(imported: ImportedList) -> None:
    assert imported.warnings == []


def test_every_old_province_has_exactly_one_successor(imported: ImportedList) -> None:
    successors = defaultdict(set)
    for link in imported.crosswalks:
        if len(link.old_code) == 2:
            successors[link.old_code].add(link.new_code)
    assert len(successors) == 63
    assert all(len(new) == 1 for new in successors.values())
    assert len({code for new in successors.values() for code in new}) == 34


def test_new_bac_ninh_absorbs_old_bac_giang_and_old_bac_ninh(imported: ImportedList) -> None:
    predecessors = {x.old_code for x in imported.crosswalks if x.new_code == "24"}
    assert predecessors == {"24", "27"}


def test_every_split_commune_has_exactly_one_default_successor(imported: ImportedList) -> None:
    defaults: dict[str, list[bool]] = defaultdict(list)
    for link in imported.crosswalks:
        if link.relation is CrosswalkRelation.SPLIT_INTO:
            defaults[link.old_code].append(link.is_default)
    assert len(defaults) > 400  # several hundred old communes were split
    assert all(flags.count(True) == 1 and len(flags) >= 2 for flags in defaults.values())


def test_ben_nghe_became_part_of_phuong_sai_gon(imported: ImportedList) -> None:
    links = [x for x in imported.crosswalks if x.old_code == "26740"]
    assert [x.new_code for x in links] == ["26740"]
    names = {(c.code, c.version): c.name for c in imported.codes}
    assert names[("26740", LEGACY_VERSION)] == "Phường Bến Nghé"
    assert names[("26740", REFORM_VERSION)] == "Phường Sài Gòn"
