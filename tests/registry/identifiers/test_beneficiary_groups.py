"""The bundled list of health-insurance beneficiary groups and its loader."""

from __future__ import annotations

import csv
import io
import json
from importlib.resources import files

from hub.registry.identifiers.beneficiary_groups import (
    CODE_LIST_FILE,
    CODE_LIST_PACKAGE,
    beneficiary_groups,
    find_beneficiary_group,
)

HEADER = ["code", "name", "name_en", "parent_code", "valid_from", "valid_to"]


def _rows() -> list[dict[str, str]]:
    text = (files(CODE_LIST_PACKAGE) / "data" / CODE_LIST_FILE).read_text(encoding="utf-8")
    reader = csv.DictReader(io.StringIO(text))
    assert reader.fieldnames == HEADER
    return list(reader)


def test_csv_rows_are_complete_two_letter_codes() -> None:
    # Given the bundled CSV
    rows = _rows()
    # When its rows are read
    codes = [row["code"] for row in rows]
    # Then every code is two upper-case letters, unique, named in both languages and dated
    assert len(codes) == len(set(codes))
    for row in rows:
        assert len(row["code"]) == 2
        assert row["code"].isascii()
        assert row["code"].isupper()
        assert row["name"]
        assert row["name_en"]
        assert row["parent_code"] == ""
        assert row["valid_from"] == "2015-11-16"
        assert row["valid_to"] == ""


def test_the_common_groups_are_present() -> None:
    # Given the groups named in the domain notes
    expected = {"DN", "HC", "HT", "HS", "TE", "QN", "CA", "GD", "CN", "SV", "BT", "HN"}
    # When the list is loaded
    # Then each of them is there
    assert expected <= set(beneficiary_groups())


def test_names_carry_vietnamese_diacritics() -> None:
    # Given the group of children under six
    # When it is looked up
    group = find_beneficiary_group("TE")
    # Then its name is written with diacritics and glossed in English
    assert group is not None
    assert group.name == "Trẻ em dưới 6 tuổi"
    assert group.name_en == "Children under 6"


def test_unknown_code_is_not_found() -> None:
    # Given a code that is not a beneficiary group
    # When it is looked up
    # Then nothing is found
    assert find_beneficiary_group("ZZ") is None
    assert find_beneficiary_group("te") is None


def test_the_list_is_read_once() -> None:
    # Given the list already loaded
    # When it is asked for twice
    # Then the same mapping is returned
    assert beneficiary_groups() is beneficiary_groups()


def test_sidecar_describes_the_list() -> None:
    # Given the JSON sidecar of the list
    folder = files(CODE_LIST_PACKAGE) / "data"
    meta = json.loads((folder / CODE_LIST_FILE.replace(".csv", ".json")).read_text("utf-8"))
    # When it is read
    # Then it names the list, its version and its legal source, and says what is unverified
    assert meta["id"] == "health-insurance-beneficiary-groups"
    assert meta["name"] == "Mã đối tượng tham gia BHYT"
    assert meta["name_en"] == "Health-insurance beneficiary groups"
    assert meta["version"] == "1351/2015"
    assert "1351/QĐ-BHXH" in meta["source"]
    assert meta["notes"]
