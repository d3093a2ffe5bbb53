"""Validation of a person source record: what survives into golden values, and what is
flagged. Nothing is dropped: the payload is kept as sent whatever this finds.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from hub.kit.clock import today
from hub.registry.identifiers import (
    AdminUnitDirectory,
    check_citizen_id_plausibility,
    validate_citizen_id,
    validate_social_insurance_number,
)
from hub.registry.matching import parse_birth_date
from hub.registry.matching.normalise import normalize_commune_code, normalize_sex
from hub.registry.pipeline.reference import Communes
from hub.registry.pipeline.validated import WARNING, Validated, text_value

PERSON_ATTRIBUTES = (
    "citizen_id",
    "social_insurance_number",
    "full_name",
    "birth_date",
    "sex",
    "phone",
    "email",
    "address_commune_code",
    "address_street",
    "ethnic_group",
)
"""Golden attributes of a person, also the payload keys a source sends (an ethnic group is
validated by ``hub.registry.kinds.person.ethnic_groups``, with the ``ethnic_group_list`` key)."""

_PHONE = re.compile(r"\+?[0-9]{9,12}")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_SEXES = {"M": "MALE", "F": "FEMALE"}


async def validate_person(
    payload: Mapping[str, Any], communes: Communes, directory: AdminUnitDirectory
) -> Validated:
    """Validate a person payload. Invalid identifiers, dates and unknown codes are flagged and
    left out of ``attributes``, so no golden value is ever built from them.
    """
    out = Validated()
    name = text_value(payload.get("full_name"))
    if name is None:
        out.flag("full_name", "MISSING", "the record has no name")
    else:
        out.attributes["full_name"] = name
        if name.isascii():
            # Vietnamese names are written with diacritics; a bare-ASCII spelling is usually a
            # system that drops them, so any accented spelling of the same person wins.
            out.demoted.append("full_name")
    born = _birth_date(payload.get("birth_date"), out)
    sex = text_value(payload.get("sex"))
    if sex is not None:
        normalised = normalize_sex(sex)
        if normalised is None:
            out.flag("sex", "UNKNOWN_CODE", f"unknown sex code {sex!r}, kept as sent")
        else:
            out.attributes["sex"] = _SEXES[normalised]
    await _citizen_id(text_value(payload.get("citizen_id")), born, out, directory)
    insurance = text_value(payload.get("social_insurance_number"))
    if insurance is not None:
        result = validate_social_insurance_number(insurance)
        if result.valid and result.normalized:
            out.attributes["social_insurance_number"] = result.normalized
        else:
            message = "; ".join(e.message for e in result.errors)
            out.flag("social_insurance_number", "INVALID_IDENTIFIER", message)
    _commune(text_value(payload.get("address_commune_code")), out, communes)
    for attribute, pattern in (("phone", _PHONE), ("email", _EMAIL)):
        value = text_value(payload.get(attribute))
        if value is None:
            continue
        compacted = value.replace(" ", "").replace(".", "") if attribute == "phone" else value
        if pattern.fullmatch(compacted):
            out.attributes[attribute] = compacted
        else:
            out.flag(attribute, "INVALID_FORMAT", f"not a valid {attribute}: {value!r}")
    street = text_value(payload.get("address_street"))
    if street is not None:
        out.attributes["address_street"] = street
        if street.isascii() and any(ch.isalpha() for ch in street):
            out.demoted.append("address_street")
    return out


def _birth_date(raw: Any, out: Validated) -> date | None:
    if raw is None or raw == "":
        return None
    born = raw if isinstance(raw, date) else parse_birth_date(str(raw))
    if born is None:
        out.flag("birth_date", "INVALID_DATE", f"not a date: {raw!r}")
        return None
    if born > today():
        out.flag("birth_date", "INVALID_DATE", f"birth date {born.isoformat()} is in the future")
        return None
    out.attributes["birth_date"] = born.isoformat()
    return born


async def _citizen_id(
    value: str | None, born: date | None, out: Validated, directory: AdminUnitDirectory
) -> None:
    if value is None:
        return
    result = await validate_citizen_id(value, as_of=today(), directory=directory)
    if not result.valid or result.normalized is None:
        message = "; ".join(e.message for e in result.errors)
        out.flag("citizen_id", "INVALID_IDENTIFIER", message)
        return
    out.attributes["citizen_id"] = result.normalized
    sex = out.attributes.get("sex")
    for error in check_citizen_id_plausibility(result.normalized, born, sex):
        # The ID is well formed, so it still links records; which side is wrong is unknown.
        out.flag("citizen_id", error.code, error.message, WARNING)


def _commune(code: str | None, out: Validated, communes: Communes) -> None:
    if code is None:
        return
    normalised = normalize_commune_code(code)
    if normalised is None or not communes.known(normalised):
        out.flag("address_commune_code", "UNKNOWN_CODE", f"unknown commune code {code!r}")
        return
    out.attributes["address_commune_code"] = normalised
    if communes.superseded(normalised):
        out.demoted.append("address_commune_code")
        out.flag(
            "address_commune_code",
            "SUPERSEDED_CODE",
            f"commune {normalised} was replaced in the 2025 reform",
            WARNING,
        )
