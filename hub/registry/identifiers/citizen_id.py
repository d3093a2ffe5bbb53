"""Citizen ID (số định danh cá nhân, printed on the CCCD card): 12 digits ``PPP G YY RRRRRR``.

Law on Identification 2023 Art. 12, Decree 137/2015 Art. 13, Circular 07/2016/TT-BCA Art. 7.
``PPP`` is the province (of the 63-province list) where the birth was registered, ``G`` encodes
century and sex, ``YY`` the last two digits of the birth year, ``RRRRRR`` is random. There is
**no check digit**: only structure and plausibility can be checked.

A birth registered abroad carries a country code in ``PPP``; those codes are not known to the
hub, so such IDs are reported as ``UNKNOWN_REGISTRATION_PROVINCE``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from hub.registry.identifiers.models import (
    AdminUnitDirectory,
    IdentifierError,
    IdentifierPart,
    IdentifierScheme,
    IdentifierValidation,
)
from hub.registry.identifiers.results import outcome, part, rejected
from hub.registry.identifiers.screening import compact, digit_errors, screen

SCHEME = IdentifierScheme.CITIZEN_ID
LENGTH = 12
# The registration code is historical: it names a province of the list in force until the
# 2025 reform, never the holder's current province, so it is looked up on that list's last day.
LEGACY_PROVINCE_LIST_DATE = date(2025, 6, 30)
# Century-and-sex digit G: (first year of the century, sex).
CENTURY_AND_SEX: dict[str, tuple[int, str]] = {
    "0": (1900, "MALE"),
    "1": (1900, "FEMALE"),
    "2": (2000, "MALE"),
    "3": (2000, "FEMALE"),
    "4": (2100, "MALE"),
    "5": (2100, "FEMALE"),
    "6": (2200, "MALE"),
    "7": (2200, "FEMALE"),
    "8": (2300, "MALE"),
    "9": (2300, "FEMALE"),
}
_NORMALIZED = re.compile(r"[0-9]{12}")


@dataclass(frozen=True)
class CitizenIdFields:
    """The fields of a well-formed citizen ID."""

    registration_code: str
    century: int
    sex: str
    birth_year: int
    serial: str


def split_citizen_id(normalized: str) -> CitizenIdFields:
    """Split a normalised citizen ID (12 ASCII digits) into its fields.

    Raises ``ValueError`` when ``normalized`` is not 12 ASCII digits.
    """
    if not _NORMALIZED.fullmatch(normalized):
        raise ValueError(f"expected 12 digits, found {normalized!r}")
    century, sex = CENTURY_AND_SEX[normalized[3]]
    return CitizenIdFields(
        registration_code=normalized[:3],
        century=century,
        sex=sex,
        birth_year=century + int(normalized[4:6]),
        serial=normalized[6:],
    )


async def validate_citizen_id(
    value: str, *, as_of: date, directory: AdminUnitDirectory
) -> IdentifierValidation:
    """Validate a citizen ID: 12 digits, a known registration province, a birth year not after
    ``as_of``'s year. There is no check digit to verify.

    Spaces, dots and dashes are removed. Parts: ``registrationProvinceCode`` (2 digits) and
    ``registrationProvinceName``, ``century``, ``sex`` (``MALE``/``FEMALE``), ``birthYear``,
    ``serial``.
    """
    stop = screen(value)
    if stop is not None:
        return rejected(SCHEME, value, [stop])
    text = compact(value)
    shape = digit_errors(text, (LENGTH,), "a citizen ID")
    if shape:
        return rejected(SCHEME, value, shape)
    fields = split_citizen_id(text)
    errors: list[IdentifierError] = []
    parts: list[IdentifierPart] = []
    province_code = fields.registration_code[1:]
    province = None
    if fields.registration_code.startswith("0"):
        parts.append(part("registrationProvinceCode", province_code))
        province = await directory.find(province_code, LEGACY_PROVINCE_LIST_DATE)
    if province is not None and province.level == "PROVINCE":
        parts.append(part("registrationProvinceName", province.name))
    else:
        errors.append(
            IdentifierError(
                "UNKNOWN_REGISTRATION_PROVINCE",
                f"expected the first three digits to be 0 and a province code of the"
                f" 63-province list in force until {LEGACY_PROVINCE_LIST_DATE.isoformat()},"
                f" found {fields.registration_code}",
            )
        )
    parts += [
        part("century", fields.century),
        part("sex", fields.sex),
        part("birthYear", fields.birth_year),
        part("serial", fields.serial),
    ]
    if fields.birth_year > as_of.year:
        errors.append(
            IdentifierError(
                "BIRTH_YEAR_IN_FUTURE",
                f"expected a birth year no later than {as_of.year}, found {fields.birth_year}"
                f" (century digit {text[3]}, year digits {text[4:6]})",
            )
        )
    return outcome(SCHEME, value, text, parts, errors)


def check_citizen_id_plausibility(
    normalized: str, birth_date: date | None, sex: str | None
) -> list[IdentifierError]:
    """Compare a normalised citizen ID with a person's known birth date and sex.

    ``sex`` is ``"MALE"`` or ``"FEMALE"`` (any case); ``None`` skips a comparison. Errors:
    ``BIRTH_YEAR_MISMATCH``, ``SEX_MISMATCH``, ``UNKNOWN_SEX_VALUE`` for another sex value (the
    ID encodes only these two) and ``NOT_NORMALIZED`` when ``normalized`` is not 12 digits.
    """
    if not _NORMALIZED.fullmatch(normalized):
        return [
            IdentifierError(
                "NOT_NORMALIZED",
                f"expected a normalised citizen ID of 12 digits, found {len(normalized)}"
                " characters",
            )
        ]
    fields = split_citizen_id(normalized)
    errors: list[IdentifierError] = []
    if birth_date is not None and birth_date.year != fields.birth_year:
        errors.append(
            IdentifierError(
                "BIRTH_YEAR_MISMATCH",
                f"the citizen ID encodes birth year {fields.birth_year}, but the birth date is"
                f" {birth_date.isoformat()}",
            )
        )
    if sex is not None:
        wanted = sex.strip().upper()
        if wanted not in ("MALE", "FEMALE"):
            errors.append(
                IdentifierError(
                    "UNKNOWN_SEX_VALUE",
                    f"expected sex MALE or FEMALE to compare with the citizen ID, found {sex!r}",
                )
            )
        elif wanted != fields.sex:
            errors.append(
                IdentifierError(
                    "SEX_MISMATCH",
                    f"the citizen ID encodes sex {fields.sex} (digit {normalized[3]}), but the"
                    f" person's sex is {wanted}",
                )
            )
    return errors
