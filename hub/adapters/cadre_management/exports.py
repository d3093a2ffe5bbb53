"""Reading one HR export (CSV or XLSX) into rows keyed by the format's column headers.

The header row is the first whose cells include ``Họ và tên`` and ``Ngày sinh`` (compared
case-, space- and diacritic-insensitively). A CSV's encoding is the configured one, else the
first of UTF-8, Windows-1258, VNI and TCVN3 whose text holds those two headers exactly: the
wrong decodings of them never do. A file no encoding fits is refused whole.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

from openpyxl import load_workbook

from hub.adapters.cadre_management.legacy_encodings import DECODERS
from hub.adapters.protocol import RecordError
from hub.kit.text import fold

HEADERS = (
    "STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Số sổ BHXH", "Mã cơ quan",
    "Tên cơ quan", "Chức vụ", "Mã ngạch", "Ngày bổ nhiệm", "Ngày kết thúc", "Mã nhân sự",
)  # fmt: skip
_FOLDED = {fold(h): h for h in HEADERS}
_REQUIRED = (fold("Họ và tên"), fold("Ngày sinh"))


def decode_csv(data: bytes, encoding: str | None) -> tuple[str, str]:
    """Return ``(encoding, text)``: the configured encoding or the first that fits."""
    tried = [encoding] if encoding else list(DECODERS)
    for name in tried:
        try:
            text = DECODERS[name](data)
        except (UnicodeDecodeError, KeyError):
            continue
        head = text[:4000].lower()
        if "họ và tên" in head and "ngày sinh" in head:
            return name, text
    raise RecordError(
        "refused whole: no encoding gives the header row ('Họ và tên', 'Ngày sinh'); "
        f"tried {', '.join(tried)}"
    )


def read_rows(path: Path, encoding: str | None) -> tuple[str, list[dict[str, str]]]:
    """Return the file's encoding (``xlsx`` for a workbook) and its data rows, each with its
    row number under ``_row``; ``RecordError`` when the file is refused whole."""
    if path.suffix.lower() == ".xlsx":
        return "xlsx", _rows(_workbook_cells(path))
    name, text = decode_csv(path.read_bytes(), encoding)
    first_lines = text[:4000]
    delimiter = ";" if first_lines.count(";") > first_lines.count(",") else ","
    return name, _rows(list(csv.reader(io.StringIO(text), delimiter=delimiter)))


def _workbook_cells(path: Path) -> list[list[str]]:
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise RecordError(f"refused whole: not a readable workbook ({error})") from error
    try:
        sheet = book.worksheets[0]
        return [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _rows(cells: list[list[str]]) -> list[dict[str, str]]:
    for index, row in enumerate(cells[:10]):
        folded = [fold(c) for c in row]
        if all(r in folded for r in _REQUIRED):
            columns = {i: _FOLDED[f] for i, f in enumerate(folded) if f in _FOLDED}
            return list(_data(cells[index + 1 :], columns, index + 2))
    raise RecordError("refused whole: no header row with 'Họ và tên' and 'Ngày sinh'")


def _data(cells: list[list[str]], columns: dict[int, str], first: int) -> Iterator[dict[str, str]]:
    for number, row in enumerate(cells, start=first):
        values = {columns[i]: v.strip() for i, v in enumerate(row) if i in columns}
        if any(v for k, v in values.items() if k != "STT"):
            yield {**values, "_row": str(number)}
