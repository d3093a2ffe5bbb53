"""Administrative-unit codes: province (2 digits), legacy district (3), commune (5).

Since 1 July 2025 (Decision 19/2025/QĐ-TTg) there are 34 provinces, communes and no districts,
and a new unit often keeps one predecessor's code, so a code is only meaningful with a date:
it must name a unit on ``as_of``.
"""

from __future__ import annotations

from datetime import date, timedelta

from hub.registry.identifiers.models import (
    AdminUnitDirectory,
    AdminUnitRef,
    IdentifierError,
    IdentifierScheme,
    IdentifierValidation,
)
from hub.registry.identifiers.results import outcome, part, rejected
from hub.registry.identifiers.screening import compact, digit_errors, screen

SCHEME = IdentifierScheme.ADMINISTRATIVE_UNIT
LEVEL_BY_LENGTH = {2: "PROVINCE", 3: "DISTRICT", 5: "COMMUNE"}


async def validate_admin_unit(
    value: str, *, as_of: date, directory: AdminUnitDirectory
) -> IdentifierValidation:
    """Validate an administrative-unit code as of ``as_of``.

    Spaces, dots and dashes are removed. Errors: ``NOT_VALID_ON_DATE`` when the code named a
    unit at other dates only (the message gives those dates), ``UNKNOWN_CODE`` when it never
    did. Parts: ``level``, and for a unit found ``name``, ``validFrom`` (absent when the source
    does not date the unit's start), ``validTo`` (exclusive; absent while the unit exists).
    """
    stop = screen(value)
    if stop is not None:
        return rejected(SCHEME, value, [stop])
    code = compact(value)
    shape = digit_errors(code, tuple(LEVEL_BY_LENGTH), "an administrative-unit code")
    if shape:
        return rejected(SCHEME, value, shape)
    unit = await directory.find(code, as_of)
    if unit is None:
        error = _not_found(code, as_of, await directory.find_any(code))
        return outcome(SCHEME, value, code, [part("level", LEVEL_BY_LENGTH[len(code)])], [error])
    parts = [part("level", unit.level), part("name", unit.name)]
    if unit.valid_from is not None:
        parts.append(part("validFrom", unit.valid_from.isoformat()))
    if unit.valid_to is not None:
        parts.append(part("validTo", unit.valid_to.isoformat()))
    return outcome(SCHEME, value, code, parts, ())


def describe_validity(unit: AdminUnitRef) -> str:
    """Describe when ``unit`` existed, with inclusive dates: ``from 2004-07-08 to 2025-06-30``,
    ``until 2025-06-30`` when its start is not known, ``from 2025-07-01`` while it exists.
    """
    start = "" if unit.valid_from is None else f"from {unit.valid_from.isoformat()}"
    if unit.valid_to is None:
        end = "" if start else "at every date"
    else:
        # valid_to is exclusive; people read "from A to B" and "until B" as including B.
        last_day = (unit.valid_to - timedelta(days=1)).isoformat()
        end = f"to {last_day}" if start else f"until {last_day}"
    return " ".join(filter(None, [start, end, f"({unit.name})"]))


def _not_found(code: str, as_of: date, units: list[AdminUnitRef]) -> IdentifierError:
    if not units:
        return IdentifierError(
            "UNKNOWN_CODE",
            f"expected the code of an administrative unit, found {code}, which no unit ever had",
        )
    periods = " and ".join(describe_validity(unit) for unit in units)
    return IdentifierError(
        "NOT_VALID_ON_DATE",
        f"code {code} was valid {periods}, not on {as_of.isoformat()}",
    )
