"""Value types shared by every identifier scheme, and the directory the validators consult."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date
from typing import Protocol


class IdentifierScheme(enum.Enum):
    """The identifier schemes the hub validates; values are the GraphQL enum names."""

    CITIZEN_ID = "CITIZEN_ID"
    SOCIAL_INSURANCE_NUMBER = "SOCIAL_INSURANCE_NUMBER"
    HEALTH_INSURANCE_CARD = "HEALTH_INSURANCE_CARD"
    TAX_CODE = "TAX_CODE"
    AGENCY_CODE = "AGENCY_CODE"
    ADMINISTRATIVE_UNIT = "ADMINISTRATIVE_UNIT"
    LAND_PARCEL = "LAND_PARCEL"


@dataclass(frozen=True)
class IdentifierPart:
    """A part decoded from an identifier; ``name`` is camelCase (``registrationProvinceCode``)."""

    name: str
    value: str


@dataclass(frozen=True)
class IdentifierError:
    """Why a value is not valid: an UPPER_SNAKE ``code`` and an English ``message``.

    The message says what was expected and what was found, so that it can be shown as is.
    """

    code: str
    message: str


@dataclass(frozen=True)
class IdentifierValidation:
    """The outcome of validating one value against one scheme.

    ``normalized`` is the canonical form whenever the value has the right shape, even when a
    semantic check (unknown code, wrong check digit) failed; it is ``None`` when the value cannot
    be brought into the scheme's shape. ``valid`` is true exactly when ``errors`` is empty.
    """

    scheme: IdentifierScheme
    value: str
    valid: bool
    normalized: str | None
    parts: tuple[IdentifierPart, ...]
    errors: tuple[IdentifierError, ...]


@dataclass(frozen=True)
class AdminUnitRef:
    """An administrative unit as it was during ``[valid_from, valid_to)``.

    ``level`` is ``"PROVINCE"``, ``"DISTRICT"`` or ``"COMMUNE"``. ``valid_from`` is ``None`` when
    the source does not say when the unit came into being (the legacy list is known only as it
    stood on 2025-06-30); ``valid_to`` is exclusive and ``None`` while the unit still exists.
    """

    code: str
    name: str
    level: str
    valid_from: date | None
    valid_to: date | None


class AdminUnitDirectory(Protocol):
    """Where validators look administrative-unit codes up; codes are reused, so dates matter."""

    async def find(self, code: str, as_of: date) -> AdminUnitRef | None:
        """Return the unit that had ``code`` on ``as_of``, or ``None``."""
        ...

    async def find_any(self, code: str) -> list[AdminUnitRef]:
        """Return every unit that ever had ``code``, oldest first."""
        ...
