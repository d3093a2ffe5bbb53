"""One ``<Thua>`` of a change batch as a land-parcel input.

The raw record is ``{"maGoi", "maXa", "ngayLap", "Thua": {...}}``: the parcel's elements as
text, its right holders and its origin. The source id is the legacy key
``maXa-SoHieuToBanDo-SoThuTuThua``; the source update time is the batch's ``ngayLap``, so
codes (an old commune code in an old batch) are checked as of the batch's date.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from hub.adapters.protocol import RecordError
from hub.registry.kinds.land_parcel import LAND_PARCEL
from hub.registry.pipeline.inputs import SourceRecordInput

SYSTEM = "land_records"
_ORIGINS = {"TACH": "split_from", "HOP": "merged_from"}


def parse_parcel(raw: Mapping[str, Any]) -> list[SourceRecordInput]:
    """Return the parcel's input (a retirement for a ``<ThuaXoa>``, a parcel that ceased);
    ``RecordError`` when it has no usable legacy key or time."""
    gone = raw.get("ThuaXoa")
    if isinstance(gone, Mapping):
        return _ceased(raw, gone)
    thua = raw.get("Thua")
    if not isinstance(thua, Mapping):
        raise RecordError(str(raw.get("error") or "Thua: expected the parcel's elements"))
    commune = str(raw.get("maXa") or "")
    sheet = _number(thua, "SoHieuToBanDo")
    number = _number(thua, "SoThuTuThua")
    made = _made_at(raw.get("ngayLap"))
    purposes = [p.strip() for p in str(thua.get("MucDichSuDung") or "").split("+") if p.strip()]
    payload: dict[str, Any] = {
        "commune_code": commune,
        "map_sheet": sheet,
        "parcel_number": number,
        "area": (thua.get("DienTich") or "").replace(",", ".") or None,
        "land_use_purpose": purposes[0] if purposes else None,
        "land_use_purposes": purposes or None,
        "national_id": thua.get("MaDinhDanh") or None,
        "certificate_number": thua.get("SoGiayChungNhan") or None,
        "change_date": thua.get("NgayThayDoi") or None,
        "right_holders": _holders(thua.get("ChuSuDung") or []),
        "batch": raw.get("maGoi"),
    }
    origin = thua.get("NguonGoc")
    if isinstance(origin, Mapping):
        kind = _ORIGINS.get(str(origin.get("loai")))
        if kind is None:
            raise RecordError(
                f"NguonGoc/@loai: found {origin.get('loai')!r}; expected TACH (split) or HOP "
                "(merge)"
            )
        payload[kind] = [
            f"{commune}-{g.get('soTo')}-{g.get('soThua')}" for g in origin.get("ThuaGoc", [])
        ]
    source_id = f"{commune}-{sheet}-{number}"
    present = {k: v for k, v in payload.items() if v is not None}
    return [SourceRecordInput(SYSTEM, source_id, present, made, LAND_PARCEL)]


def _ceased(raw: Mapping[str, Any], gone: Mapping[str, Any]) -> list[SourceRecordInput]:
    commune = str(raw.get("maXa") or "")
    sheet, number = _number(gone, "soTo"), _number(gone, "soThua")
    made = _made_at(raw.get("ngayLap"))
    payload = {"batch": raw.get("maGoi"), "ceased": gone.get("ngay")}
    source_id = f"{commune}-{sheet}-{number}"
    return [SourceRecordInput(SYSTEM, source_id, payload, made, LAND_PARCEL, retired=True)]


def _number(thua: Mapping[str, Any], name: str) -> int:
    value = str(thua.get(name) or "")
    if not value.isdigit():
        raise RecordError(
            f"{name}: found {value!r}; expected a positive whole number (part of the legacy key)"
        )
    return int(value)


def _made_at(value: object) -> datetime:
    try:
        made = datetime.fromisoformat(str(value))
    except ValueError:
        made = None
    if made is None or made.tzinfo is None:
        raise RecordError(
            f"ngayLap: found {value!r}; expected a time with its zone, e.g. "
            "2025-08-01T09:30:00+07:00"
        )
    return made


def _holders(holders: list[Mapping[str, str]]) -> list[dict[str, Any]]:
    """The right holders with shares as fractions; absent shares are equal shares."""
    out = []
    for holder in holders:
        share = holder.get("TyLe") or ""
        written = f"{share.replace(',', '.')}/100" if share else f"1/{len(holders)}"
        out.append(
            {
                "name": holder.get("HoTen") or None,
                "citizen_id": holder.get("SoCCCD") or None,
                "birth_year": holder.get("NamSinh") or None,
                "share": written,
            }
        )
    return out
