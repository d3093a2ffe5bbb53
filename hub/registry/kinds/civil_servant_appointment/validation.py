"""Validation of a civil-servant appointment source record.

Payload keys: ``citizen_id``, ``agency_code`` (either form), ``position``, ``rank_code``,
``salary_grade`` (bậc, a whole number), ``salary_coefficient`` (hệ số, two decimals),
``valid_from``, ``valid_to``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hub.kit.text import fold
from hub.registry.identifiers import AdminUnitDirectory, validate_agency_code
from hub.registry.pipeline.decimal_text import decimal_text
from hub.registry.pipeline.lookups import dated
from hub.registry.pipeline.payload_fields import (
    citizen_field,
    code_field,
    date_field,
    int_field,
    raw,
    text_field,
)
from hub.registry.pipeline.reference import Communes
from hub.registry.pipeline.validated import Validated

APPOINTMENT_ATTRIBUTES = (
    "appointment_key",
    "citizen_id",
    "person_id",
    "agency_code",
    "organization_id",
    "position",
    "rank_code",
    "salary_grade",
    "salary_coefficient",
    "valid_from",
    "valid_to",
)
"""Golden attributes of an appointment."""


CIVIL_SERVICE_RANKS = "civil-service-ranks"


async def validate_appointment(
    payload: Mapping[str, Any], communes: Communes, directory: AdminUnitDirectory
) -> Validated:
    """Validate an appointment payload and resolve its person and organization masters; an
    unknown rank code is kept and flagged.
    """
    lookups = dated(directory)
    out = Validated()
    citizen_id, person_id = await citizen_field(
        out, payload.get("citizen_id"), "citizen_id", lookups
    )
    if citizen_id is not None:
        out.attributes["citizen_id"] = citizen_id
    if person_id is not None:
        out.attributes["person_id"] = person_id
    agency = text_field(payload, ("agency_code",))
    if agency is not None:
        checked = validate_agency_code(agency)
        if checked.valid and checked.normalized:
            out.attributes["agency_code"] = checked.normalized
            organization_id = await lookups.lookups.master("agency_code", checked.normalized)
            if organization_id is None:
                out.flag("agency_code", "UNKNOWN_ORGANIZATION", "no such organization", "warning")
            else:
                out.attributes["organization_id"] = organization_id
        else:
            message = "; ".join(e.message for e in checked.errors)
            out.flag("agency_code", "INVALID_IDENTIFIER", message)
    position = text_field(payload, ("position",))
    if position is None:
        out.flag("position", "MISSING", "the record has no position")
    else:
        out.attributes["position"] = position
    await code_field(out, payload, "rank_code", ("rank_code",), lookups, CIVIL_SERVICE_RANKS)
    int_field(out, payload, "salary_grade", ("salary_grade",))
    coefficient = raw(payload, ("salary_coefficient",))
    if coefficient is not None:
        value = decimal_text(coefficient, 2)
        if value is None or float(value) <= 0:
            out.flag("salary_coefficient", "INVALID_NUMBER", f"found {coefficient!r}")
        else:
            out.attributes["salary_coefficient"] = value
    start = date_field(out, payload, "valid_from", ("valid_from",))
    end = date_field(out, payload, "valid_to", ("valid_to",))
    if start is not None and end is not None and end <= start:
        out.flag("valid_to", "INVALID_PERIOD", f"the appointment ends {end}, not after {start}")
        del out.attributes["valid_to"]
    parts = (citizen_id, out.attributes.get("agency_code"), position, start)
    if all(p is not None for p in parts):
        out.attributes["appointment_key"] = ":".join(
            [str(citizen_id), str(parts[1]), fold(str(position))[:120], str(start)]
        )
    else:
        out.flag("appointment_key", "MISSING", "person, organization, position and start needed")
    return out
