"""Land parcel identifiers in their two forms.

Legacy key (Circular 26/2024 numbering): commune code, map sheet number, parcel number, written
``26740-5-12``. Parcels keep the commune code they were surveyed under as history, so a commune
that no longer exists is accepted. National ID (Circular 09/2024): the 12-character GeoHash of
a characteristic point of the parcel, which must fall inside Vietnam.
"""

from __future__ import annotations

import re
from datetime import date

from hub.registry.identifiers import geohash
from hub.registry.identifiers.models import (
    AdminUnitDirectory,
    IdentifierError,
    IdentifierPart,
    IdentifierScheme,
    IdentifierValidation,
)
from hub.registry.identifiers.results import outcome, part, rejected
from hub.registry.identifiers.screening import DIGITS, foreign_chars, screen, show_chars
from hub.registry.identifiers.territory import is_in_vietnam

SCHEME = IdentifierScheme.LAND_PARCEL
COMMUNE_CODE_LENGTH = 5
# No regulation caps these numbers; the limits are generous guesses that only stop absurd
# values (a sheet beyond 99,999 or a parcel beyond 999,999 in one commune's sheet).
MAX_MAP_SHEET = 99_999
MAX_PARCEL_NUMBER = 999_999
NATIONAL_ID_LENGTH = 12
_SEPARATORS = re.compile(r"[-/.:\s]+")


async def validate_land_parcel(
    value: str, *, as_of: date, directory: AdminUnitDirectory
) -> IdentifierValidation:
    """Validate a parcel identifier, as a legacy key when it has separators
    (``-``, ``/``, ``.``, ``:`` or spaces), as a national GeoHash ID otherwise.

    Legacy parts: ``form`` = ``LEGACY_KEY``, ``communeCode``, ``communeName``, ``mapSheet``,
    ``parcelNumber``, and ``communeValidFrom``/``communeValidTo`` when the commune did not exist
    on ``as_of`` (that is history, not an error). National-ID parts: ``form`` =
    ``NATIONAL_ID``, ``latitude``, ``longitude`` (6 decimals, the centre of the GeoHash cell).
    """
    stop = screen(value)
    if stop is not None:
        return rejected(SCHEME, value, [stop])
    text = value.strip()
    if _SEPARATORS.search(text):
        return await _validate_legacy_key(value, text, as_of, directory)
    return _validate_national_id(value, text)


async def _validate_legacy_key(
    value: str, text: str, as_of: date, directory: AdminUnitDirectory
) -> IdentifierValidation:
    pieces = _SEPARATORS.split(text)
    if len(pieces) != 3 or "" in pieces:
        return rejected(
            SCHEME,
            value,
            [
                IdentifierError(
                    "WRONG_PART_COUNT",
                    "expected three parts commune-sheet-parcel (e.g. 26740-5-12), found"
                    f" {len([p for p in pieces if p])} in '{text}'",
                )
            ],
        )
    commune, sheet, parcel = pieces
    errors: list[IdentifierError] = []
    parts: list[IdentifierPart] = [part("form", "LEGACY_KEY")]
    commune_ok = len(commune) == COMMUNE_CODE_LENGTH and not foreign_chars(commune, DIGITS)
    if commune_ok:
        found_parts, found_errors = await _find_commune(commune, as_of, directory)
        parts += found_parts
        errors += found_errors
    else:
        errors.append(
            IdentifierError(
                "INVALID_COMMUNE_CODE",
                f"expected a commune code of {COMMUNE_CODE_LENGTH} digits, found '{commune}'",
            )
        )
    sheet_number = _positive(sheet, MAX_MAP_SHEET, "INVALID_MAP_SHEET", "map sheet", errors)
    parcel_number = _positive(
        parcel, MAX_PARCEL_NUMBER, "INVALID_PARCEL_NUMBER", "parcel number", errors
    )
    if sheet_number is not None:
        parts.append(part("mapSheet", sheet_number))
    if parcel_number is not None:
        parts.append(part("parcelNumber", parcel_number))
    shaped = commune_ok and sheet_number is not None and parcel_number is not None
    normalized = f"{commune}-{sheet_number}-{parcel_number}" if shaped else None
    return outcome(SCHEME, value, normalized, parts, errors)


async def _find_commune(
    commune: str, as_of: date, directory: AdminUnitDirectory
) -> tuple[list[IdentifierPart], list[IdentifierError]]:
    parts = [part("communeCode", commune)]
    unit = await directory.find(commune, as_of)
    if unit is not None and unit.level == "COMMUNE":
        return [*parts, part("communeName", unit.name)], []
    history = [u for u in await directory.find_any(commune) if u.level == "COMMUNE"]
    if not history:
        error = IdentifierError(
            "UNKNOWN_COMMUNE",
            f"expected the code of a commune that exists or existed, found {commune}",
        )
        return parts, [error]
    # The parcel keeps the code it was surveyed under: name the commune's latest incarnation
    # and say when it existed instead of rejecting the key.
    latest = history[-1]
    parts.append(part("communeName", latest.name))
    if latest.valid_from is not None:
        parts.append(part("communeValidFrom", latest.valid_from.isoformat()))
    if latest.valid_to is not None:
        parts.append(part("communeValidTo", latest.valid_to.isoformat()))
    return parts, []


def _positive(
    text: str, limit: int, code: str, what: str, errors: list[IdentifierError]
) -> int | None:
    if text and not foreign_chars(text, DIGITS) and 0 < int(text) <= limit:
        return int(text)
    errors.append(
        IdentifierError(code, f"expected the {what} to be a whole number 1-{limit}, found '{text}'")
    )
    return None


def _validate_national_id(value: str, text: str) -> IdentifierValidation:
    code = text.lower()
    errors: list[IdentifierError] = []
    foreign = foreign_chars(code, frozenset(geohash.ALPHABET))
    if foreign:
        errors.append(
            IdentifierError(
                "INVALID_CHARACTER",
                f"expected GeoHash characters {geohash.ALPHABET} (no a, i, l, o), found"
                f" {show_chars(foreign)}",
            )
        )
    if len(code) != NATIONAL_ID_LENGTH:
        errors.append(
            IdentifierError(
                "WRONG_LENGTH",
                f"expected a {NATIONAL_ID_LENGTH}-character GeoHash, or a legacy key"
                f" commune-sheet-parcel with separators, found {len(code)} characters",
            )
        )
    if errors:
        return rejected(SCHEME, value, errors)
    cell = geohash.decode(code)
    latitude, longitude = f"{cell.latitude:.6f}", f"{cell.longitude:.6f}"
    parts = [part("form", "NATIONAL_ID"), part("latitude", latitude), part("longitude", longitude)]
    if not is_in_vietnam(cell.latitude, cell.longitude):
        errors.append(
            IdentifierError(
                "OUTSIDE_VIETNAM",
                f"expected a point in Vietnam, found latitude {latitude}, longitude {longitude}",
            )
        )
    return outcome(SCHEME, value, code, parts, errors)
