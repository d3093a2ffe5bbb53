"""Strong identifiers as the matcher uses them: normalised when structurally valid, else ``None``.

Only a valid identifier may decide a match on its own. An invalid one (wrong length, a letter, an
unknown registration province) is treated as absent, so a typo in a source never links two
people or keeps one person apart.
"""

from __future__ import annotations

from hub.registry.identifiers.screening import compact

# Provinces of the 63-province list (in force until 2025-06-30) that citizen IDs encode as their
# registration code (DOMAIN.md; Circular 07/2016/TT-BCA). The list is closed: it never changes.
LEGACY_PROVINCE_CODES = frozenset((
    "01", "02", "04", "06", "08", "10", "11", "12", "14", "15", "17", "19", "20", "22",
    "24", "25", "26", "27", "30", "31", "33", "34", "35", "36", "37", "38", "40", "42",
    "44", "45", "46", "48", "49", "51", "52", "54", "56", "58", "60", "62", "64", "66",
    "67", "68", "70", "72", "74", "75", "77", "79", "80", "82", "83", "84", "86", "87",
    "89", "91", "92", "93", "94", "95", "96",
))  # fmt: skip
# Century-and-sex digits of people born in the 1900s and 2000s: anyone alive now.
_LIVING_CENTURIES = frozenset("0123")
_ASCII_DIGITS = frozenset("0123456789")


def normalize_citizen_id(value: str | None) -> str | None:
    """Return the 12-digit citizen ID without spaces, dots or dashes, or ``None`` when it is
    not one: wrong length, not all digits, a registration code outside the 63-province list, or
    a century digit for someone not born in the 1900s or 2000s.
    """
    if value is None:
        return None
    text = compact(value)
    if len(text) != 12 or not set(text) <= _ASCII_DIGITS:
        return None
    if text[0] != "0" or text[1:3] not in LEGACY_PROVINCE_CODES or text[3] not in _LIVING_CENTURIES:
        return None
    return text


def normalize_social_insurance_number(value: str | None) -> str | None:
    """Return the 10-digit social insurance number without separators, or ``None`` when the
    value is not 10 ASCII digits.
    """
    if value is None:
        return None
    text = compact(value)
    if len(text) != 10 or not set(text) <= _ASCII_DIGITS:
        return None
    return text
