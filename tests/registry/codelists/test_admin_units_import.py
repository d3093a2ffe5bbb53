"""Reading the real administrative-unit data files (no database)."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter, defaultdict
from datetime import date

import pytest

from hub.kit.text import fold
from hub.registry.codelists.imported import ImportedList
from hub.registry.codelists.importers.admin_units import (
    LEGACY_VERSION,
    REFORM_VERSION,
    package_data_dir,
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


def test_every_old_commune_has_exactly_one_default_successor(imported: ImportedList) -> None:
    # Given every legacy commune / When its crosswalk links are counted
    defaults = Counter(x.old_code for x in imported.crosswalks if x.is_default)
    legacy = [
        c.code
        for c in imported.codes
        if c.version == LEGACY_VERSION and c.level is AdminLevel.COMMUNE
    ]
    # Then each has one and only one default successor
    assert len(legacy) == 10035
    assert {code: defaults[code] for code in legacy if defaults[code] != 1} == {}


def test_the_crosswalk_has_as_many_links_as_the_source() -> None:
    # Given the source's converter file, counted link by link
    converter = json.loads((package_data_dir() / "converter_2025.json").read_text(encoding="utf-8"))
    provinces = sum(len(olds) for olds in converter["DICT_PROVINCE"].values())
    merged = sum(
        len(paths)
        for wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].values()
        for paths in wards.values()
    )
    split = sum(
        len(targets)
        for splits in converter["DICT_PROVINCE_WARD_DIVIDED"].values()
        for targets in splits.values()
    )
    # When the importer reads it / Then no link is lost or merged with another
    assert len(read_admin_units().crosswalks) == provinces + merged + split == 10665


def test_every_unit_has_as_many_links_as_the_source_gives_its_key(
    imported: ImportedList,
) -> None:
    # Given the source's links counted per unit key, the keys resolved to codes exactly as the
    # source's own tables spell them (names differing only by diacritics have distinct keys)
    folder = package_data_dir()
    converter = json.loads((folder / "converter_2025.json").read_text(encoding="utf-8"))
    connection = sqlite3.connect(f"file:{folder / 'dataset.db'}?mode=ro", uri=True)
    try:
        old_codes = {
            f"{p}_{d}_{w or ''}": w_code or d_code
            for p, d, w, w_code, d_code in connection.execute(
                "SELECT provinceKey, districtKey, wardKey, wardCode, districtCode"
                " FROM admin_units_legacy"
            )
        }
        new_codes = dict(
            ((p, w), code)
            for p, w, code in connection.execute(
                "SELECT provinceKey, wardKey, wardCode FROM admin_units"
            )
        )
    finally:
        connection.close()
    expected_successors: Counter[str] = Counter()
    expected_predecessors: Counter[str] = Counter()
    for province, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for ward, paths in wards.items():
            expected_predecessors[new_codes[(province, ward)]] += len(paths)
            expected_successors.update(old_codes[path] for path in paths)
    for province, splits in converter["DICT_PROVINCE_WARD_DIVIDED"].items():
        for path, targets in splits.items():
            expected_successors[old_codes[path]] += len(targets)
            expected_predecessors.update(new_codes[(province, t["newWardKey"])] for t in targets)
    # When the importer's commune links are counted per unit
    communes = [x for x in imported.crosswalks if len(x.old_code) > 2]
    # Then every old unit has its successors and every new commune its predecessors
    assert Counter(x.old_code for x in communes) == expected_successors
    assert Counter(x.new_code for x in communes) == expected_predecessors
    assert len(expected_successors) == 10040  # 10,035 communes and 5 district-only units


def test_names_alike_but_for_diacritics_exist_in_both_structures(imported: ImportedList) -> None:
    # Given the communes of one parent whose names fold to the same text / Then there are such
    # twins (Văn Lang / Văn Lăng, Minh Quán / Minh Quân), so the tests above cover them
    groups: Counter[tuple[str, str, str | None]] = Counter(
        (c.version, fold(c.name), c.parent_code)
        for c in imported.codes
        if c.level is AdminLevel.COMMUNE
    )
    twins = Counter(version for (version, _, _), n in groups.items() if n > 1)
    assert twins[LEGACY_VERSION] >= 20
    assert twins[REFORM_VERSION] >= 7


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("02143", "02143"),  # Lương Thượng → Văn Lang, not Văn Lăng 05665
        ("02140", "02143"),  # Văn Lang → Văn Lang
        ("05665", "05665"),  # Văn Lăng → Văn Lăng
        ("04516", "04498"),  # Minh Quán → Trấn Yên (Minh Quân 04567 goes elsewhere)
        ("04567", "04543"),  # Minh Quân → Âu Lâu
        ("10888", "10888"),  # Cẩm Giang (town) → Cẩm Giang, not Cẩm Giàng 10903
        ("10897", "10888"),  # Cẩm Hoàng → Cẩm Giang
        ("10903", "10903"),  # Ngọc Liên → Cẩm Giàng
    ],
)
def test_default_successor_of_a_commune_with_a_diacritic_twin(
    imported: ImportedList, old: str, new: str
) -> None:
    defaults = [x.new_code for x in imported.crosswalks if x.old_code == old and x.is_default]
    assert defaults == [new]
