"""One item of ``GET /api/v1/nguoi-tham-gia`` as the registry's inputs: the insured person,
and their enrolment when the item carries a card.

Field names are translated to the payload keys of the person and enrolment kinds; values are
passed as sent (validation normalises and flags them). What cannot become an input at all (no
social insurance number to key it, no usable update time) is a ``RecordError`` naming the
field, what was found and what was expected.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from hub.adapters.protocol import RecordError
from hub.registry.kinds.health_enrollment import HEALTH_INSURANCE_ENROLLMENT
from hub.registry.kinds.person import PERSON
from hub.registry.pipeline.inputs import SourceRecordInput

SYSTEM = "health_insurance"
_SEXES = {1: "MALE", 2: "FEMALE"}


def parse_item(raw: Mapping[str, Any]) -> list[SourceRecordInput]:
    """Return the person and enrolment inputs of one item; for a tombstone (``da_xoa``),
    retirements of the person and of the card it names."""
    number = raw.get("ma_so_bhxh")
    if not isinstance(number, str) or not number.strip():
        raise RecordError(
            f"ma_so_bhxh: found {number!r}; expected the social insurance number (text), "
            "which keys the record"
        )
    number = number.strip()
    updated = _updated_at(raw.get("cap_nhat_luc"))
    if raw.get("da_xoa") is True:
        # A tombstone: the person (and the card it names) deleted at the source.
        return _tombstones(raw, number, updated)
    name = raw.get("ho_ten")
    if name is not None and not isinstance(name, str):
        raise RecordError(f"ho_ten: found {name!r}; expected the full name as text")
    address = _object(raw, "dia_chi")
    sex = raw.get("gioi_tinh")
    person = {
        "social_insurance_number": number,
        "full_name": name,
        "birth_date": raw.get("ngay_sinh"),
        # 1 and 2 are the sex code list's; anything else is passed on for validation to flag.
        "sex": _SEXES.get(sex, str(sex)) if isinstance(sex, int) else sex,
        "citizen_id": raw.get("so_cccd"),
        "address_commune_code": address.get("ma_xa"),
        "address_street": address.get("chi_tiet"),
    }
    inputs = [SourceRecordInput(SYSTEM, number, _present(person), updated, PERSON)]
    card = _object(raw, "the")
    if card:
        enrollment = {
            "card_code": card.get("ma_the"),
            "social_insurance_number": number,
            "citizen_id": raw.get("so_cccd"),
            "beneficiary_group": card.get("ma_doi_tuong"),
            "benefit_level": None if card.get("muc_huong") is None else str(card["muc_huong"]),
            "issuing_province": card.get("ma_tinh"),
            "valid_from": card.get("tu_ngay"),
            "valid_to": card.get("den_ngay"),
            "clinic_code": card.get("noi_dkkcb"),
        }
        source_id = f"THE-{number}-{card.get('tu_ngay') or 'unknown'}"
        inputs.append(
            SourceRecordInput(
                SYSTEM, source_id, _present(enrollment), updated, HEALTH_INSURANCE_ENROLLMENT
            )
        )
    return inputs


def _tombstones(raw: Mapping[str, Any], number: str, updated: datetime) -> list[SourceRecordInput]:
    gone = {"ma_so_bhxh": number, "da_xoa": True}
    inputs = [SourceRecordInput(SYSTEM, number, gone, updated, PERSON, retired=True)]
    card = _object(raw, "the")
    if card.get("tu_ngay"):
        source_id = f"THE-{number}-{card['tu_ngay']}"
        inputs.append(
            SourceRecordInput(
                SYSTEM, source_id, gone, updated, HEALTH_INSURANCE_ENROLLMENT, retired=True
            )
        )
    return inputs


def updated_at(raw: Mapping[str, Any]) -> datetime | None:
    """The item's ``cap_nhat_luc`` as a time, or None when it has no usable one."""
    try:
        return _updated_at(raw.get("cap_nhat_luc"))
    except RecordError:
        return None


def _updated_at(value: object) -> datetime:
    expected = "expected an ISO 8601 time with a zone, e.g. 2025-08-01T02:15:00Z"
    if not isinstance(value, str):
        raise RecordError(f"cap_nhat_luc: found {value!r}; {expected}")
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise RecordError(f"cap_nhat_luc: found {value!r}; {expected}") from None
    if parsed.tzinfo is None:
        raise RecordError(f"cap_nhat_luc: found {value!r} without a zone; {expected}")
    return parsed


def _object(raw: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    value = raw.get(name)
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise RecordError(f"{name}: found {value!r}; expected an object")
    return value


def _present(payload: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in payload.items() if value is not None}
