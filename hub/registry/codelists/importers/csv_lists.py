"""Read the code lists shipped with the hub as CSV files with a JSON sidecar.

Each list is ``hub/registry/codelists/data/<name>.csv`` (header
``code,name,name_en,parent_code,valid_from,valid_to``) and ``<name>.json`` (id, names, version,
source); ``data/README.md`` names the source of every list.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from importlib.resources import files
from importlib.resources.abc import Traversable

from hub.registry.codelists.imported import ImportedCode, ImportedList, ImportedVersion

EXPECTED_HEADER = ["code", "name", "name_en", "parent_code", "valid_from", "valid_to"]


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
    return imported


def _date(value: object, where: str, column: str) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"{where}: {column} {value!r} is not an ISO date") from None
