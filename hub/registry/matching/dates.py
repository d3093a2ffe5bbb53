"""Birth dates: parsing the forms sources write, and comparison with typo tolerance.

Dates are compared as eight-digit ``YYYYMMDD`` keys rather than ``date`` objects so that a source
value that is not a real calendar date (a typo such as ``19650231``) can still be compared digit
by digit.
"""

from __future__ import annotations

import re
from datetime import date

from hub.registry.matching.levels import Level

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DAY_FIRST = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_COMPACT = re.compile(r"\d{8}")


def parse_birth_date(text: str | None) -> date | None:
    """Parse ``YYYY-MM-DD``, ``DD/MM/YYYY`` (also with ``.`` or ``-``) or ``YYYYMMDD``.

    Returns ``None`` for anything else, including dates that do not exist.
    """
    key = date_key(text)
    if key is None:
        return None
    try:
        return date(int(key[:4]), int(key[4:6]), int(key[6:]))
    except ValueError:
        return None


def date_key(value: date | str | None) -> str | None:
    """Return the ``YYYYMMDD`` key of a date or of text in one of the forms
    ``parse_birth_date`` reads, even when the digits are not a real date; ``None`` otherwise.
    """
    if value is None:
        return None
    if isinstance(value, date):
        return f"{value.year:04d}{value.month:02d}{value.day:02d}"
    text = value.strip()
    if _COMPACT.fullmatch(text):
        return text
    iso = _ISO.fullmatch(text)
    if iso:
        year, month, day = iso.groups()
    else:
        day_first = _DAY_FIRST.fullmatch(text)
        if day_first is None:
            return None
        day, month, year = day_first.groups()
    return f"{year}{int(month):02d}{int(day):02d}"


def compare_date_keys(left: str, right: str) -> Level:
    """Compare two ``YYYYMMDD`` keys.

    ``CLOSE`` is one typing slip: day and month swapped, one digit wrong, two neighbouring
    digits transposed, or the year off by one with the same day and month. ``PARTIAL`` is the
    same year and nothing closer.
    """
    if left == right:
        return Level.EXACT
    if len(left) != 8 or len(right) != 8:
        return Level.DIFFERENT
    if _one_slip(left, right):
        return Level.CLOSE
    if left[:4] == right[:4]:
        return Level.PARTIAL
    return Level.DIFFERENT


def _one_slip(left: str, right: str) -> bool:
    if left[:4] == right[:4] and left[4:6] == right[6:] and left[6:] == right[4:6]:
        return True
    differ = []
    for i in range(8):
        if left[i] != right[i]:
            differ.append(i)
            if len(differ) > 4:
                # Beyond this the year-off-by-one case (at most four digits) cannot hold either.
                return False
    if len(differ) == 1:
        return True
    if (
        len(differ) == 2
        and differ[1] == differ[0] + 1
        and left[differ[0]] == right[differ[1]]
        and left[differ[1]] == right[differ[0]]
    ):
        return True
    if differ[0] < 4 and left[4:] == right[4:] and left[:4].isdigit() and right[:4].isdigit():
        return abs(int(left[:4]) - int(right[:4])) == 1
    return False
