"""Validation of a health-insurance enrolment source record.

Payload keys: ``card_code`` (15 characters, or the bare 10-digit number), ``social_insurance_number``,
``citizen_id`` (used to find the person when the number does not), ``beneficiary_group``,
``benefit_level``, ``issuing_province``, ``valid_from``, ``valid_to``, ``clinic_code``,
``clinic_name``. Boxes of a valid card fill the group, level, province and number the payload
leaves out.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hub.registry.identifiers import (
    AdminUnitDirectory,
    validate_health_insurance_card,
    validate_social_insurance_number,
)
from hub.registry.pipeline.lookups import DatedLookups, dated
from hub.registry.pipeline.payload_fields import citizen_field, code_field, date_field, text_field
from hub.registry.pipeline.reference import Communes
from hub.registry.pipeline.validated import Validated

HEALTH_ENROLLMENT_ATTRIBUTES = (
    "enrollment_key",
    "social_insurance_number",
    "card_code",
    "person_id",
    "citizen_id",
    "beneficiary_group",
    "benefit_level",
    "issuing_province",
    "valid_from",
    "valid_to",
    "clinic_code",
    "clinic_name",
)
"""Golden attributes of an enrolment."""


BENEFICIARY_GROUPS = "health-insurance-beneficiary-groups"
_CARD_PARTS = {
    "beneficiaryGroup": "beneficiary_group",
    "benefitLevel": "benefit_level",
    "issuingProvinceCode": "issuing_province",
}


async def validate_enrollment(
    payload: Mapping[str, Any], communes: Communes, directory: AdminUnitDirectory
) -> Validated:
    """Validate an enrolment payload and link it to its person: by social insurance number,
    else by citizen ID. An invalid card or number is flagged and kept out of golden values.
    """
    lookups = dated(directory)
    out = Validated()
    filled = _card(out, payload)
    number = text_field(payload, ("social_insurance_number",)) or filled.get(
        "social_insurance_number"
    )
    if number is not None:
        checked = validate_social_insurance_number(number)
        if checked.valid and checked.normalized:
            out.attributes["social_insurance_number"] = checked.normalized
        else:
            message = "; ".join(e.message for e in checked.errors)
            out.flag("social_insurance_number", "INVALID_IDENTIFIER", message)
    payload = {**filled, **{k: v for k, v in payload.items() if v is not None}}
    await code_field(
        out, payload, "beneficiary_group", ("beneficiary_group",), lookups, BENEFICIARY_GROUPS
    )
    _level(out, payload)
    province = text_field(payload, ("issuing_province",))
    if province is not None:
        out.attributes["issuing_province"] = province
    start = date_field(out, payload, "valid_from", ("valid_from",))
    end = date_field(out, payload, "valid_to", ("valid_to",))
    if start is not None and end is not None and end <= start:
        out.flag("valid_to", "INVALID_PERIOD", f"validity ends {end}, not after {start}")
        del out.attributes["valid_to"]
    for attribute in ("clinic_code", "clinic_name"):
        value = text_field(payload, (attribute,))
        if value is not None:
            out.attributes[attribute] = value
    await _person(out, payload, lookups)
    sin = out.attributes.get("social_insurance_number")
    card = out.attributes.get("card_code")
    if sin is not None and start is not None:
        out.attributes["enrollment_key"] = f"{sin}:{start}"
    elif card is not None:
        out.attributes["enrollment_key"] = f"card:{card}"
    else:
        out.flag("enrollment_key", "MISSING", "neither a number with a start date nor a card")
    return out


def _card(out: Validated, payload: Mapping[str, Any]) -> dict[str, str]:
    card = text_field(payload, ("card_code",))
    if card is None:
        return {}
    checked = validate_health_insurance_card(card)
    if not checked.valid or checked.normalized is None:
        out.flag("card_code", "INVALID_IDENTIFIER", "; ".join(e.message for e in checked.errors))
        return {}
    out.attributes["card_code"] = checked.normalized
    parts = {p.name: p.value for p in checked.parts}
    filled = {a: parts[n] for n, a in _CARD_PARTS.items() if n in parts}
    if "socialInsuranceNumber" in parts:
        filled["social_insurance_number"] = parts["socialInsuranceNumber"]
    return filled


def _level(out: Validated, payload: Mapping[str, Any]) -> None:
    level = text_field(payload, ("benefit_level",))
    if level is None:
        return
    if level in ("1", "2", "3", "4", "5"):
        out.attributes["benefit_level"] = level
    else:
        out.flag("benefit_level", "INVALID_CODE", f"expected a benefit level 1-5, found {level!r}")


async def _person(out: Validated, payload: Mapping[str, Any], lookups: DatedLookups) -> None:
    citizen_id, person_id = None, None
    if payload.get("citizen_id") is not None:
        citizen_id, person_id = await citizen_field(
            out, payload.get("citizen_id"), "citizen_id", lookups
        )
    if citizen_id is not None:
        out.attributes["citizen_id"] = citizen_id
    sin = out.attributes.get("social_insurance_number")
    by_number = (
        None if sin is None else await lookups.lookups.master("social_insurance_number", sin)
    )
    if by_number is not None or person_id is not None:
        out.attributes["person_id"] = by_number or person_id
