"""Read both structures of Vietnam's administrative units and the 2025 crosswalk.

Source: the data files of the PyPI package ``vietnamadminunits`` (MIT), which carry the national
statistics office's lists: ``dataset.db`` (table ``admin_units_legacy``: 63 provinces, districts
and communes as they stood on 2025-06-30; table ``admin_units``: the 34 provinces and 3,321
communes of Decision 19/2025/QĐ-TTg, in force from 2025-07-01) and ``converter_2025.json`` (old →
new, keyed by the source's unit keys). Only the data files are read: the package's converter calls an
online geocoder for split communes, which the hub must never do at run time.
"""

from __future__ import annotations

import importlib.util
import json
import sqlite3
import unicodedata
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from hub.registry.codelists.imported import (
    ImportedCode,
    ImportedCrosswalk,
    ImportedList,
    ImportedVersion,
)
from hub.registry.codelists.models import ADMIN_UNITS_LIST_ID, AdminLevel, CrosswalkRelation

REFORM_DATE = date(2025, 7, 1)
LEGACY_VERSION = "legacy-2025-06-30"
REFORM_VERSION = "2025-07-01"


def package_data_dir() -> Path:
    """Return the ``data`` folder of the installed ``vietnamadminunits`` package.

    Found through the import system without importing the package, whose own imports pull in
    a geocoder client.
    """
    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the package 'vietnamadminunits' is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def read_admin_units(data_dir: Path | None = None) -> ImportedList:
    """Read both structures and the crosswalk into an ``ImportedList``."""
    folder = data_dir or package_data_dir()
    imported = ImportedList(
        id=ADMIN_UNITS_LIST_ID,
        name="Danh mục đơn vị hành chính",
        name_en="Administrative units",
        source=(
            "National statistics office list (danhmuchanhchinh.nso.gov.vn) as shipped in the "
            "data files of the PyPI package vietnamadminunits (MIT)"
        ),
        source_url="https://pypi.org/project/vietnamadminunits/",
        licence="MIT (package); the list itself is public sector information",
        notes=(
            "Legacy structure: the list in force on 2025-06-30 (earlier changes are not in the "
            "source, so legacy units have no start date). 2025 structure: Decision "
            "19/2025/QĐ-TTg, in force from 2025-07-01."
        ),
        versions=[
            ImportedVersion(LEGACY_VERSION, "admin_units_legacy of vietnamadminunits"),
            ImportedVersion(
                REFORM_VERSION,
                "admin_units of vietnamadminunits (Decision 19/2025/QĐ-TTg)",
                valid_from=REFORM_DATE,
            ),
        ],
    )
    connection = sqlite3.connect(f"file:{folder / 'dataset.db'}?mode=ro", uri=True)
    try:
        legacy_rows = _rows(connection, "admin_units_legacy")
        new_rows = _rows(connection, "admin_units")
    finally:
        connection.close()
    imported.codes.extend(_legacy_codes(legacy_rows))
    imported.codes.extend(_new_codes(new_rows))
    converter = json.loads((folder / "converter_2025.json").read_text(encoding="utf-8"))
    imported.crosswalks.extend(_crosswalks(converter, legacy_rows, new_rows, imported.warnings))
    return imported


def _rows(connection: sqlite3.Connection, table: str) -> list[dict[str, Any]]:
    connection.row_factory = sqlite3.Row
    return [dict(row) for row in connection.execute(f"SELECT * FROM {table}")]


def _province_kind(name: str) -> str:
    return "Thành phố" if name.startswith("Thành phố") else "Tỉnh"


def _legacy_codes(rows: Iterable[dict[str, Any]]) -> Iterable[ImportedCode]:
    seen: set[str] = set()
    end = REFORM_DATE
    for row in rows:
        province, district, ward = row["provinceCode"], row["districtCode"], row["wardCode"]
        if province not in seen:
            seen.add(province)
            yield ImportedCode(
                code=province,
                name=row["province"],
                version=LEGACY_VERSION,
                level=AdminLevel.PROVINCE,
                kind=_province_kind(row["province"]),
                valid_to=end,
            )
        if district and district not in seen:
            seen.add(district)
            yield ImportedCode(
                code=district,
                name=row["district"],
                version=LEGACY_VERSION,
                level=AdminLevel.DISTRICT,
                kind=row["districtType"],
                parent_code=province,
                valid_to=end,
            )
        if ward and ward not in seen:
            seen.add(ward)
            yield ImportedCode(
                code=ward,
                name=row["ward"],
                version=LEGACY_VERSION,
                level=AdminLevel.COMMUNE,
                kind=row["wardType"],
                parent_code=district,
                valid_to=end,
            )


def _new_codes(rows: Iterable[dict[str, Any]]) -> Iterable[ImportedCode]:
    seen: set[str] = set()
    for row in rows:
        province = row["provinceCode"]
        if province not in seen:
            seen.add(province)
            yield ImportedCode(
                code=province,
                name=row["province"],
                version=REFORM_VERSION,
                level=AdminLevel.PROVINCE,
                kind=_province_kind(row["province"]),
                valid_from=REFORM_DATE,
            )
        yield ImportedCode(
            code=row["wardCode"],
            name=row["ward"],
            version=REFORM_VERSION,
            level=AdminLevel.COMMUNE,
            kind=row["wardType"],
            parent_code=province,
            valid_from=REFORM_DATE,
        )


def _key(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _crosswalks(
    converter: dict[str, Any],
    legacy_rows: list[dict[str, Any]],
    new_rows: list[dict[str, Any]],
    warnings: list[str],
) -> Iterable[ImportedCrosswalk]:
    # The converter names units by the source's own keys, not codes. The keys are folded names,
    # except where folding would make two units of one province alike: there they keep their
    # diacritics ("xãvănlang" / "xãvănlăng"), so they must be compared exactly (NFC), never
    # re-folded.
    old_provinces = {_key(r["provinceKey"]): r["provinceCode"] for r in legacy_rows}
    old_units: dict[tuple[str, str, str], str] = {}
    for r in legacy_rows:
        key = (_key(r["provinceKey"]), _key(r["districtKey"] or ""), _key(r["wardKey"] or ""))
        old_units[key] = r["wardCode"] or r["districtCode"]
    new_provinces = {_key(r["provinceKey"]): r["provinceCode"] for r in new_rows}
    new_wards = {(_key(r["provinceKey"]), _key(r["wardKey"])): r["wardCode"] for r in new_rows}

    def old_code(path: str) -> str | None:
        parts = path.split("_")
        if len(parts) != 3:
            return None
        return old_units.get((_key(parts[0]), _key(parts[1]), _key(parts[2])))

    for new_key, old_keys in converter["DICT_PROVINCE"].items():
        new = new_provinces.get(_key(new_key))
        for old_key in old_keys:
            old = old_provinces.get(_key(old_key))
            if new is None or old is None:
                warnings.append(f"province crosswalk {old_key} -> {new_key} not resolved")
                continue
            yield ImportedCrosswalk(old, new, REFORM_DATE, CrosswalkRelation.MERGED_INTO)

    emitted: set[tuple[str, str]] = set()
    for province_key, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for ward_key, old_paths in wards.items():
            new = new_wards.get((_key(province_key), _key(ward_key)))
            for path in old_paths:
                old = old_code(path)
                if new is None or old is None:
                    warnings.append(f"commune crosswalk {path} -> {ward_key} not resolved")
                    continue
                if (old, new) not in emitted:
                    emitted.add((old, new))
                    yield ImportedCrosswalk(old, new, REFORM_DATE, CrosswalkRelation.MERGED_INTO)

    for province_key, splits in converter["DICT_PROVINCE_WARD_DIVIDED"].items():
        for path, targets in splits.items():
            old = old_code(path)
            for target in targets:
                new = new_wards.get((_key(province_key), _key(target["newWardKey"])))
                if new is None or old is None:
                    warnings.append(f"split {path} -> {target['newWardKey']} not resolved")
                    continue
                if (old, new) not in emitted:
                    emitted.add((old, new))
                    yield ImportedCrosswalk(
                        old,
                        new,
                        REFORM_DATE,
                        CrosswalkRelation.SPLIT_INTO,
                        is_default=bool(target["isDefaultNewWard"]),
                    )
