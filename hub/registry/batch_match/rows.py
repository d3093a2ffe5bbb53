"""Spreadsheet rows as match records: columns mapped to ``MatchRecord`` attributes, values
checked and normalised.

Reading is forgiving row by row (a row that cannot be parsed is reported and skipped) but strict
about the file as a whole: an unknown column or attribute, or an id column that is not a key,
raises ``Invalid`` before anything is matched.
"""

from __future__ import annotations

import codecs
import csv
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date

from hub.errors import Invalid
from hub.registry.matching import MatchRecord, parse_birth_date
from hub.registry.matching.normalise import normalize_commune_code, normalize_sex

NAME_PARTS = ("family_name", "middle_name", "given_name")
ATTRIBUTES = (
    "citizen_id",
    "social_insurance_number",
    "full_name",
    "birth_date",
    "sex",
    "commune_code",
    "street",
    *NAME_PARTS,
)
# Vietnamese statistical forms code sex as 1 (nam) and 2 (nữ).
_NUMERIC_SEXES = {"1": "M", "2": "F"}


@dataclass(frozen=True, slots=True)
class ColumnMap:
    """Which column holds the row id and which columns feed which ``MatchRecord`` attribute."""

    id_column: str
    columns: tuple[tuple[str, str], ...]
    """``(column, attribute)`` pairs."""


@dataclass(frozen=True, slots=True)
class RowProblem:
    """A row that could not be read, by its line number in the file (the header is line 1)."""

    line: int
    message: str


@dataclass(slots=True)
class FileRecords:
    """The records read from a file, the rows skipped and how many data rows there were."""

    records: list[MatchRecord] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    rows: int = 0


def parse_map(specs: Sequence[str], id_column: str) -> ColumnMap:
    """Read ``column=attribute`` specs into a ``ColumnMap``; ``Invalid`` names a bad spec."""
    columns: list[tuple[str, str]] = []
    for spec in specs:
        column, equals, attribute = spec.partition("=")
        column, attribute = column.strip(), attribute.strip()
        if not equals or not column or not attribute:
            raise Invalid(f"mapping {spec!r} is not of the form column=attribute", argument="map")
        if attribute not in ATTRIBUTES:
            raise Invalid(
                f"unknown attribute {attribute!r} in mapping {spec!r}; "
                f"known attributes: {', '.join(ATTRIBUTES)}",
                argument="map",
            )
        if any(attribute == mapped for _, mapped in columns):
            raise Invalid(f"attribute {attribute!r} is mapped twice", argument="map")
        columns.append((column, attribute))
    attributes = {attribute for _, attribute in columns}
    if "full_name" in attributes and attributes & set(NAME_PARTS):
        raise Invalid("map either full_name or the name parts, not both", argument="map")
    if not columns:
        raise Invalid("map at least one column to an attribute", argument="map")
    return ColumnMap(id_column, tuple(columns))


def read_records(
    lines: Iterable[bytes], columns: ColumnMap, *, encoding: str = "utf-8", delimiter: str = ","
) -> FileRecords:
    """Read CSV ``lines`` (raw bytes, header first) into match records.

    UTF-8 may start with a byte-order mark. Values are trimmed and NFC-normalised (cp1258 writes
    tone marks as combining characters). Raises ``Invalid`` for a missing header or column, an
    unknown encoding, or a duplicate id (naming the first); other bad rows are skipped and listed.
    """
    try:
        codec = codecs.lookup(encoding).name
    except LookupError:
        raise Invalid(f"unknown encoding {encoding!r}", argument="encoding") from None
    if len(delimiter) != 1:
        raise Invalid("the delimiter must be one character", argument="delimiter")
    undecodable: dict[int, str] = {}
    reader = csv.reader(_decoded(lines, codec, undecodable), delimiter=delimiter)
    header = _header(reader, undecodable)
    positions = _positions(header, columns)
    result = FileRecords()
    first_line: dict[str, int] = {}
    while True:
        try:
            row = next(reader, None)
        except csv.Error as error:
            result.problems.append(RowProblem(reader.line_num, f"unreadable CSV: {error}"))
            continue
        if row is None:
            return result
        line = reader.line_num
        if line in undecodable:
            result.rows += 1
            result.problems.append(RowProblem(line, undecodable[line]))
            continue
        if not row:
            continue
        result.rows += 1
        if len(row) != len(header):
            message = f"expected {len(header)} fields, found {len(row)}"
            result.problems.append(RowProblem(line, message))
            continue
        values = {name: _clean(row[index]) for name, index in positions.items()}
        row_id = values[columns.id_column]
        if row_id is None:
            result.problems.append(RowProblem(line, f"no id in column {columns.id_column!r}"))
            continue
        if row_id in first_line:
            raise Invalid(
                f"duplicate id {row_id!r} on line {line} (first on line {first_line[row_id]})",
                argument="id_column",
            )
        first_line[row_id] = line
        try:
            result.records.append(_record(row_id, values, columns))
        except ValueError as error:
            result.problems.append(RowProblem(line, str(error)))


def _decoded(lines: Iterable[bytes], codec: str, undecodable: dict[int, str]) -> Iterator[str]:
    # Decoded line by line so that one bad byte costs one row, not the file; a bad line is
    # replaced by an empty one (which the CSV reader skips) and remembered by its number.
    for number, raw in enumerate(lines, start=1):
        if number == 1 and codec == "utf-8" and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8) :]
        try:
            yield raw.decode(codec)
        except UnicodeDecodeError as error:
            undecodable[number] = (
                f"not valid {codec} at byte {error.start + 1}; is the encoding right?"
            )
            yield "\n"


def _header(reader: Iterator[list[str]], undecodable: dict[int, str]) -> list[str]:
    for row in reader:
        if undecodable:
            raise Invalid(f"the header {next(iter(undecodable.values()))}", argument="encoding")
        if row:
            return [unicodedata.normalize("NFC", name.strip()) for name in row]
    raise Invalid("the file is empty: it has no header row", argument="file")


def _positions(header: list[str], columns: ColumnMap) -> dict[str, int]:
    known = ", ".join(header)
    if columns.id_column not in header:
        raise Invalid(
            f"id column {columns.id_column!r} is not in the file; its columns are: {known}",
            argument="id_column",
        )
    for column, _ in columns.columns:
        if column not in header:
            raise Invalid(
                f"column {column!r} is not in the file; its columns are: {known}", argument="map"
            )
    names = [columns.id_column, *(column for column, _ in columns.columns)]
    return {name: header.index(name) for name in names}


def _clean(value: str) -> str | None:
    text = unicodedata.normalize("NFC", value.strip())
    return text or None


def _record(row_id: str, values: dict[str, str | None], columns: ColumnMap) -> MatchRecord:
    attributes = {attribute: values[column] for column, attribute in columns.columns}
    parts = [attributes.pop(part, None) for part in NAME_PARTS]
    if any(parts):
        attributes["full_name"] = " ".join(part for part in parts if part)
    return MatchRecord(
        row_id,
        citizen_id=attributes.get("citizen_id"),
        social_insurance_number=attributes.get("social_insurance_number"),
        full_name=attributes.get("full_name"),
        birth_date=_birth_date(attributes.get("birth_date")),
        sex=_sex(attributes.get("sex")),
        commune_code=_commune_code(attributes.get("commune_code")),
        street=attributes.get("street"),
    )


def _birth_date(text: str | None) -> date | None:
    if text is None:
        return None
    parsed = parse_birth_date(text)
    if parsed is None:
        raise ValueError(f"birth date {text!r} is not a date (YYYY-MM-DD or DD/MM/YYYY)")
    return parsed


def _sex(text: str | None) -> str | None:
    if text is None:
        return None
    sex = _NUMERIC_SEXES.get(text) or normalize_sex(text)
    if sex is None:
        raise ValueError(f"sex {text!r} is not one of M, F, Nam, Nữ, male, female, 1, 2")
    return sex


def _commune_code(text: str | None) -> str | None:
    if text is None:
        return None
    if normalize_commune_code(text) is None:
        raise ValueError(f"commune code {text!r} is not five digits")
    return text
