"""Validation of a land parcel source record.

Payload keys (cadastral names accepted as aliases): ``commune_code``/``MaXa``,
``map_sheet``/``SoHieuToBanDo``, ``parcel_number``/``SoThuTuThua``, ``national_id``,
``area``/``DienTich`` (m², rounded to 0.1), ``land_use_purpose``/``KyHieuMucDichSuDung``,
``certificate_number``, ``right_holders`` (``[{citizen_id, name, share: "1/2"}]``),
``split_from``/``merged_from`` (legacy keys ``"26740-5-12"`` of the parent parcels).
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from hub.registry.identifiers import AdminUnitDirectory, validate_land_parcel
from hub.registry.matching.normalise import normalize_commune_code
from hub.registry.pipeline.decimal_text import decimal_text
from hub.registry.pipeline.lookups import DatedLookups, dated
from hub.registry.pipeline.payload_fields import (
    citizen_field,
    code_field,
    int_field,
    raw,
    text_field,
)
from hub.registry.pipeline.reference import Communes
from hub.registry.pipeline.validated import Validated, text_value

LAND_PARCEL_ATTRIBUTES = (
    "legacy_key",
    "commune_code",
    "map_sheet",
    "parcel_number",
    "national_id",
    "area",
    "land_use_purpose",
    "certificate_number",
    "right_holders",
    "split_from",
    "merged_from",
)
"""Golden attributes of a land parcel."""


LAND_USE_PURPOSES = "land-use-purposes"
ALIASES: Mapping[str, tuple[str, ...]] = {
    "commune_code": ("commune_code", "MaXa"),
    "map_sheet": ("map_sheet", "SoHieuToBanDo"),
    "parcel_number": ("parcel_number", "SoThuTuThua"),
    "area": ("area", "DienTich"),
    "land_use_purpose": ("land_use_purpose", "KyHieuMucDichSuDung"),
}
"""Payload names of each attribute: the hub's own, then the cadastral database's."""


def legacy_key(commune_code: str, map_sheet: int, parcel_number: int) -> str:
    """Return the legacy key in its written form, ``26740-5-12``."""
    return f"{commune_code}-{map_sheet}-{parcel_number}"


async def validate_land_parcel_record(
    payload: Mapping[str, Any], communes: Communes, directory: AdminUnitDirectory
) -> Validated:
    """Validate a parcel payload: the legacy key is kept with its commune code as sent (an
    unknown code is flagged, not dropped), an invalid national ID is flagged and kept out of
    golden values, unknown land-use purposes and shares not summing to 1 are flagged and kept.
    """
    lookups = dated(directory)
    out = Validated()
    commune = text_field(payload, ALIASES["commune_code"])
    code = normalize_commune_code(commune)
    if commune is not None and code is None:
        out.flag("commune_code", "INVALID_CODE", f"expected 5 digits, found {commune!r}")
    elif code is not None:
        out.attributes["commune_code"] = code
        if not communes.known(code):
            out.flag("commune_code", "UNKNOWN_CODE", f"unknown commune code {code!r}")
    sheet = int_field(out, payload, "map_sheet", ALIASES["map_sheet"])
    number = int_field(out, payload, "parcel_number", ALIASES["parcel_number"])
    if code is not None and sheet is not None and number is not None:
        out.attributes["legacy_key"] = legacy_key(code, sheet, number)
    else:
        out.flag("legacy_key", "MISSING", "the record has no complete legacy key")
    await _national_id(out, payload, lookups)
    _area(out, payload)
    await code_field(
        out,
        payload,
        "land_use_purpose",
        ALIASES["land_use_purpose"],
        lookups,
        LAND_USE_PURPOSES,
    )
    certificate = text_field(payload, ("certificate_number",))
    if certificate is not None:
        out.attributes["certificate_number"] = certificate.upper()
    await _right_holders(out, payload.get("right_holders"), lookups)
    for attribute in ("split_from", "merged_from"):
        _parents(out, attribute, payload.get(attribute))
    return out


async def _national_id(out: Validated, payload: Mapping[str, Any], lookups: DatedLookups) -> None:
    value = text_field(payload, ("national_id",))
    if value is None:
        return
    checked = await validate_land_parcel(value, as_of=lookups.day, directory=lookups)
    national = any(p.name == "form" and p.value == "NATIONAL_ID" for p in checked.parts)
    if checked.valid and national and checked.normalized:
        out.attributes["national_id"] = checked.normalized
    else:
        message = "; ".join(e.message for e in checked.errors) or "not a national parcel ID"
        out.flag("national_id", "INVALID_IDENTIFIER", message)


def _area(out: Validated, payload: Mapping[str, Any]) -> None:
    value = raw(payload, ALIASES["area"])
    if value is None:
        return
    area = decimal_text(value, 1)
    if area is None or float(area) <= 0:
        out.flag("area", "INVALID_NUMBER", f"expected a positive area in m², found {value!r}")
        return
    out.attributes["area"] = area


async def _right_holders(out: Validated, value: Any, lookups: DatedLookups) -> None:
    if value is None:
        return
    if not isinstance(value, list) or not all(isinstance(h, Mapping) for h in value):
        out.flag("right_holders", "INVALID_VALUE", "expected a list of right holders")
        return
    holders: list[dict[str, Any]] = []
    total = Fraction(0)
    for holder in value:
        citizen_id, person_id = await citizen_field(
            out, holder.get("citizen_id"), "right_holders", lookups
        )
        share = _share(holder.get("share"))
        if share is None:
            out.flag(
                "right_holders", "INVALID_SHARE", f"expected a share like 1/2, found {holder!r}"
            )
            share = Fraction(0)
        total += share
        holders.append(
            {
                "citizen_id": citizen_id,
                "person_id": person_id,
                "name": text_value(holder.get("name")),
                "share": f"{share.numerator}/{share.denominator}",
            }
        )
    out.attributes["right_holders"] = holders
    if total != 1:
        out.flag("right_holders", "SHARES_NOT_ONE", f"the shares sum to {total}, not 1")


def _share(value: Any) -> Fraction | None:
    text = text_value(value)
    if text is None:
        return None
    try:
        share = Fraction(text.replace(",", "."))
    except (ValueError, ZeroDivisionError):
        return None
    return share if 0 < share <= 1 else None


def _parents(out: Validated, attribute: str, value: Any) -> None:
    if value is None:
        return
    keys: list[str] = []
    for item in value if isinstance(value, list) else [value]:
        parsed = _parent_key(item)
        if parsed is None:
            out.flag(attribute, "INVALID_IDENTIFIER", f"expected a legacy key, found {item!r}")
        else:
            keys.append(parsed)
    if keys:
        out.attributes[attribute] = sorted(set(keys))


def _parent_key(item: Any) -> str | None:
    parts: list[str | None]
    if isinstance(item, Mapping):
        parts = [
            text_field(item, ALIASES[n]) for n in ("commune_code", "map_sheet", "parcel_number")
        ]
    else:
        parts = list((text_value(item) or "").replace("/", "-").split("-"))
    if len(parts) != 3 or any(p is None for p in parts):
        return None
    commune, sheet, number = (str(p).strip() for p in parts)
    code = normalize_commune_code(commune)
    if code is None or not (sheet.isdigit() and number.isdigit()):
        return None
    return legacy_key(code, int(sheet), int(number))
