"""Reading one change batch file: streaming, with DTDs and entities refused (defusedxml), so a
commune's 20,000-parcel initial load reads in flat memory and an XML bomb or an external
entity is refused before anything is read from it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from hub.adapters.protocol import RecordError


@dataclass(frozen=True)
class BatchHeader:
    """The root's attributes: the batch id, its commune and when it was made."""

    batch_id: str
    commune: str
    made_at: str


def header(path: Path) -> BatchHeader:
    """Read the root element's attributes only; ``RecordError`` when it is not a batch."""
    try:
        # Opened here, not by iterparse: returning at the root would leave its file open.
        with path.open("rb") as stream:
            return _root(stream)
    except (ParseError, DefusedXmlException, OSError) as error:
        raise RecordError(f"not a readable change batch: {error}") from error


def _root(stream: Any) -> BatchHeader:
    for _, element in iterparse(stream, events=("start",), forbid_dtd=True):
        if element.tag != "GoiThayDoi":
            raise RecordError(f"the root element is <{element.tag}>, expected <GoiThayDoi>")
        values = [element.get(name) for name in ("maGoi", "maXa", "ngayLap")]
        missing = [n for n, v in zip(("maGoi", "maXa", "ngayLap"), values, strict=True) if not v]
        if missing:
            raise RecordError(f"<GoiThayDoi> lacks {', '.join(missing)}")
        return BatchHeader(*(str(v) for v in values))
    raise RecordError("the file is empty")


def verify(path: Path) -> None:
    """Read the whole file once, holding nothing, to refuse a malformed or unsafe one whole
    before any of its parcels is ingested."""
    try:
        with path.open("rb") as stream:
            for _, element in iterparse(stream, events=("end",), forbid_dtd=True):
                if element.tag in ("Thua", "ThuaXoa"):
                    element.clear()
    except (ParseError, DefusedXmlException, OSError) as error:
        raise RecordError(f"refused whole: {type(error).__name__}: {error}") from error


def parcels(path: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    """Yield ``("Thua", fields)`` and ``("ThuaXoa", attributes)`` in file order."""
    with path.open("rb") as stream:
        yield from _parcels(stream)


def _parcels(stream: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    for _, element in iterparse(stream, events=("end",), forbid_dtd=True):
        if element.tag == "Thua":
            yield "Thua", _thua(element)
            element.clear()
        elif element.tag == "ThuaXoa":
            yield "ThuaXoa", dict(element.attrib)
            element.clear()


def _thua(element: Element) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    holders: list[dict[str, str]] = []
    for child in element:
        if child.tag == "ChuSuDung":
            holders.append({c.tag: (c.text or "").strip() for c in child})
        elif child.tag == "NguonGoc":
            fields["NguonGoc"] = {
                "loai": child.get("loai", ""),
                "ThuaGoc": [dict(g.attrib) for g in child if g.tag == "ThuaGoc"],
            }
        else:
            fields[child.tag] = (child.text or "").strip()
    fields["ChuSuDung"] = holders
    return fields
