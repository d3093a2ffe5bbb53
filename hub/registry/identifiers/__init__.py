"""Identifier schemes of Vietnamese public data: validation, normalisation, format conversion.

Standard library only (the registry's layering rule). ``service.validate`` is the entry point;
each scheme has its own module and validator.
"""

from __future__ import annotations

from hub.registry.identifiers.admin_unit import validate_admin_unit
from hub.registry.identifiers.agency_code import (
    to_decision20,
    to_qcvn102,
    validate_agency_code,
)
from hub.registry.identifiers.citizen_id import (
    check_citizen_id_plausibility,
    validate_citizen_id,
)
from hub.registry.identifiers.health_insurance_card import validate_health_insurance_card
from hub.registry.identifiers.land_parcel import validate_land_parcel
from hub.registry.identifiers.models import (
    AdminUnitDirectory,
    AdminUnitRef,
    IdentifierError,
    IdentifierPart,
    IdentifierScheme,
    IdentifierValidation,
)
from hub.registry.identifiers.service import validate
from hub.registry.identifiers.social_insurance import validate_social_insurance_number
from hub.registry.identifiers.tax_code import tax_check_digit, validate_tax_code

__all__ = [
    "AdminUnitDirectory",
    "AdminUnitRef",
    "IdentifierError",
    "IdentifierPart",
    "IdentifierScheme",
    "IdentifierValidation",
    "check_citizen_id_plausibility",
    "tax_check_digit",
    "to_decision20",
    "to_qcvn102",
    "validate",
    "validate_admin_unit",
    "validate_agency_code",
    "validate_citizen_id",
    "validate_health_insurance_card",
    "validate_land_parcel",
    "validate_social_insurance_number",
    "validate_tax_code",
]
