"""Validation of an organization source record: agency codes in either form, tax codes with
their check digit, the commune. Failures are flagged and kept out of golden values.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hub.registry.identifiers import AdminUnitDirectory, validate_agency_code, validate_tax_code
from hub.registry.matching.normalise import normalize_commune_code
from hub.registry.pipeline.reference import Communes
from hub.registry.pipeline.validated import Validated, text_value

ORGANIZATION_ATTRIBUTES = ("agency_code", "tax_code", "name", "parent_code", "commune_code")
"""Golden attributes of an organization, also the payload keys a source sends."""


async def validate_organization(
    payload: Mapping[str, Any], communes: Communes, directory: AdminUnitDirectory
) -> Validated:
    """Validate an organization payload; agency codes are kept in the Decision 20 form."""
    out = Validated()
    name = text_value(payload.get("name"))
    if name is None:
        out.flag("name", "MISSING", "the record has no name")
    else:
        out.attributes["name"] = name
        if name.isascii():
            out.demoted.append("name")
    for attribute in ("agency_code", "parent_code"):
        value = text_value(payload.get(attribute))
        if value is None:
            continue
        result = validate_agency_code(value)
        if result.valid and result.normalized:
            out.attributes[attribute] = result.normalized
        else:
            out.flag(attribute, "INVALID_IDENTIFIER", "; ".join(e.message for e in result.errors))
    tax = text_value(payload.get("tax_code"))
    if tax is not None:
        checked = validate_tax_code(tax)
        if checked.valid and checked.normalized:
            out.attributes["tax_code"] = checked.normalized
        else:
            out.flag("tax_code", "INVALID_IDENTIFIER", "; ".join(e.message for e in checked.errors))
    commune = text_value(payload.get("commune_code"))
    if commune is not None:
        code = normalize_commune_code(commune)
        if code is None or not communes.known(code):
            out.flag("commune_code", "UNKNOWN_CODE", f"unknown commune code {commune!r}")
        else:
            out.attributes["commune_code"] = code
            if communes.superseded(code):
                out.demoted.append("commune_code")
    return out
