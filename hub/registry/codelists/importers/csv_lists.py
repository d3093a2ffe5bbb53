"""Read the code lists shipped with the hub as CSV files with a JSON sidecar.

Each list is ``hub/registry/codelists/data/<name>.csv`` (header
``code,name,name_en,parent_code,valid_from,valid_to``; a code may have several rows for the
periods it had different names) and ``<name>.json`` (id, names, version, source), plus, for a
list whose codes were merged into others, ``<name>_crosswalk.csv`` (header
``old_code,new_code,effective_date,relation,is_default``); ``data/README.md`` names the source of
every list.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from importlib.resources import files
from importlib.resources.abc import Traversable

from hub.registry.codelists.imported import (
    ImportedCode,
    ImportedCrosswalk,
    ImportedList,
    ImportedVersion,
)
from hub.registry.codelists.importers.consistency import check_periods
from hub.registry.codelists.models import CrosswalkRelation

EXPECTED_HEADER = ["code", "name", "name_en", "parent_code", "valid_from", "valid_to"]
CROSSWALK_HEADER = ["old_code", "new_code", "effective_date", "relation", "is_default"]


def data_folder() -> Traversable:
    """Return the folder of the bundled code lists."""
    return files("hub.registry.codelists") / "data"


def bundled_list_ids() -> dict[str, str]:
    """Return ``{list id: file stem}`` for every bundled CSV list."""
    found: dict[str, str] = {}
    for entry in data_folder().iterdir():
        if entry.name.endswith(".json"):
            meta = json.loads(entry.read_text(encoding="utf-8"))
            found[str(meta["id"])] = entry.name.removesuffix(".json")
    return dict(sorted(found.items()))


def read_csv_list(stem: str) -> ImportedList:
    """Read ``<stem>.csv`` and ``<stem>.json`` into an ``ImportedList``.

    Raises ``ValueError`` naming the file and line of the first malformed row.
    """
    folder = data_folder()
    meta = json.loads((folder / f"{stem}.json").read_text(encoding="utf-8"))
    version = str(meta.get("version") or "1")
    valid_from = _date(meta.get("valid_from"), f"{stem}.json", "valid_from")
    imported = ImportedList(
        id=str(meta["id"]),
        name=str(meta["name"]),
        name_en=str(meta["name_en"]),
        source=str(meta["source"]),
        source_url=meta.get("source_url"),
        licence=meta.get("licence"),
        notes=meta.get("notes"),
        versions=[ImportedVersion(version, str(meta["source"]), valid_from=valid_from)],
    )
    text = (folder / f"{stem}.csv").read_text(encoding="utf-8-sig")
    reader = csv.DictReader(io.StringIO(text))
    if reader.fieldnames != EXPECTED_HEADER:
        raise ValueError(f"{stem}.csv: header must be {','.join(EXPECTED_HEADER)}")
    for line, row in enumerate(reader, start=2):
        where = f"{stem}.csv line {line}"
        if not row["code"] or not row["name"]:
            raise ValueError(f"{where}: code and name are required")
        imported.codes.append(
            ImportedCode(
                code=row["code"].strip(),
                name=row["name"].strip(),
                name_en=row["name_en"].strip() or None,
                parent_code=row["parent_code"].strip() or None,
                valid_from=_date(row["valid_from"], where, "valid_from"),
                valid_to=_date(row["valid_to"], where, "valid_to"),
                version=version,
            )
        )
    crosswalk = folder / f"{stem}_crosswalk.csv"
    if crosswalk.is_file():
        imported.crosswalks.extend(
            _crosswalks(f"{stem}_crosswalk.csv", crosswalk.read_text("utf-8"))
        )
    check_periods(imported, stem)
    return imported


def _crosswalks(name: str, text: str) -> list[ImportedCrosswalk]:
    reader = csv.DictReader(io.StringIO(text))
    if reader.fieldnames != CROSSWALK_HEADER:
        raise ValueError(f"{name}: header must be {','.join(CROSSWALK_HEADER)}")
    links = []
    for line, row in enumerate(reader, start=2):
        where = f"{name} line {line}"
        effective = _date(row["effective_date"], where, "effective_date")
        if effective is None or not row["old_code"] or not row["new_code"]:
            raise ValueError(f"{where}: old_code, new_code and effective_date are required")
        if row["relation"] not in CrosswalkRelation.__members__:
            raise ValueError(f"{where}: relation must be one of {', '.join(CrosswalkRelation)}")
        if row["is_default"] not in ("true", "false"):
            raise ValueError(f"{where}: is_default must be true or false")
        links.append(
            ImportedCrosswalk(
                row["old_code"].strip(),
                row["new_code"].strip(),
                effective,
                CrosswalkRelation[row["relation"]],
                is_default=row["is_default"] == "true",
            )
        )
    return links


def _date(value: object, where: str, column: str) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"{where}: {column} {value!r} is not an ISO date") from None
