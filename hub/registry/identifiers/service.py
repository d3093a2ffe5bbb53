"""One entry point that validates a value against any scheme."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from datetime import date
from types import MappingProxyType
from typing import Protocol

from hub.registry.identifiers.admin_unit import validate_admin_unit
from hub.registry.identifiers.agency_code import validate_agency_code
from hub.registry.identifiers.citizen_id import validate_citizen_id
from hub.registry.identifiers.health_insurance_card import validate_health_insurance_card
from hub.registry.identifiers.land_parcel import validate_land_parcel
from hub.registry.identifiers.models import (
    AdminUnitDirectory,
    IdentifierScheme,
    IdentifierValidation,
)
from hub.registry.identifiers.social_insurance import validate_social_insurance_number
from hub.registry.identifiers.tax_code import validate_tax_code

Validator = Callable[[str, date, AdminUnitDirectory], Awaitable[IdentifierValidation]]
"""A scheme's validator as the service calls it: ``(value, as_of, directory)``."""

SyncValidator = Callable[[str], IdentifierValidation]


class DirectoryValidator(Protocol):
    """A validator that looks administrative units up as of a date."""

    async def __call__(
        self, value: str, *, as_of: date, directory: AdminUnitDirectory
    ) -> IdentifierValidation:
        """Validate ``value`` as of ``as_of``."""
        ...


def without_directory(validate_value: SyncValidator) -> Validator:
    """Adapt a validator that needs neither date nor directory to the service's signature."""

    async def run(value: str, as_of: date, directory: AdminUnitDirectory) -> IdentifierValidation:
        return validate_value(value)

    return run


def with_directory(validate_value: DirectoryValidator) -> Validator:
    """Adapt a validator taking ``as_of`` and ``directory`` keywords to the service's signature."""

    async def run(value: str, as_of: date, directory: AdminUnitDirectory) -> IdentifierValidation:
        return await validate_value(value, as_of=as_of, directory=directory)

    return run


VALIDATORS: Mapping[IdentifierScheme, Validator] = MappingProxyType(
    {
        IdentifierScheme.CITIZEN_ID: with_directory(validate_citizen_id),
        IdentifierScheme.SOCIAL_INSURANCE_NUMBER: without_directory(
            validate_social_insurance_number
        ),
        IdentifierScheme.HEALTH_INSURANCE_CARD: without_directory(validate_health_insurance_card),
        IdentifierScheme.TAX_CODE: without_directory(validate_tax_code),
        IdentifierScheme.AGENCY_CODE: without_directory(validate_agency_code),
        IdentifierScheme.ADMINISTRATIVE_UNIT: with_directory(validate_admin_unit),
        IdentifierScheme.LAND_PARCEL: with_directory(validate_land_parcel),
    }
)


async def validate(
    scheme: IdentifierScheme, value: str, *, as_of: date, directory: AdminUnitDirectory
) -> IdentifierValidation:
    """Validate ``value`` as an identifier of ``scheme``, as of ``as_of``.

    Never raises for bad input: an invalid value gives ``valid=False`` with its errors. Schemes
    that refer to administrative units consult ``directory`` with the date that matters to them.
    """
    return await VALIDATORS[scheme](value, as_of, directory)
