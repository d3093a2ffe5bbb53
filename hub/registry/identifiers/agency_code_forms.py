"""The two written forms of an agency code and the conversion between them.

Decision 20/2020/QĐ-TTg: at most 35 characters of ``A-Z 0-9 .``, dot-separated groups that grow
left to right; level 1 is ``MX1X2`` (a letter A-Y and two digits, e.g. ``G09``), lower levels are
digits (``G09.20``, ``H55.242``).

QCVN 102:2016: exactly four groups read right to left, ``LLL.LL.LL.MXX`` (level 4, 3, 2, 1);
a group of zeros means "no unit at this level" (``000.00.18.G12`` is unit 18 under ``G12``).
A Decision-20 code has a QCVN form only when it has at most four levels and its lower groups
have exactly the widths 2, 2 and 3; zero-padding a narrower group would name another unit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from hub.registry.identifiers.models import IdentifierError
from hub.registry.identifiers.screening import (
    ASCII_LETTERS,
    DIGITS,
    foreign_chars,
    show_chars,
)

MAX_DECISION20_LENGTH = 35
LEVEL1 = re.compile(r"[A-Y][0-9]{2}")
# Widths of the level-2, level-3 and level-4 groups in QCVN 102 (written right to left).
QCVN102_WIDTHS = (2, 2, 3)
QCVN102_GROUPS = len(QCVN102_WIDTHS) + 1
_LEVEL1_EXPECTED = "a letter A-Y and two digits (e.g. G09, H55)"


@dataclass(frozen=True)
class AgencyCode:
    """An agency code as its groups, level 1 first (the Decision-20 order)."""

    groups: tuple[str, ...]

    @property
    def level(self) -> int:
        """The level of the unit: 1 for a ministry or province, 2 for a unit under it, ..."""
        return len(self.groups)


def looks_like_qcvn102(text: str) -> bool:
    """Tell whether ``text`` is written in the QCVN 102 order (level-1 group last)."""
    groups = text.split(".")
    return (
        len(groups) > 1 and groups[-1][:1] in ASCII_LETTERS and groups[0][:1] not in ASCII_LETTERS
    )


def parse_decision20(text: str) -> tuple[AgencyCode | None, list[IdentifierError]]:
    """Parse the Decision-20 form; return the code, or ``None`` and every error found."""
    errors = _character_errors(text, "A-Z, 0-9 and dots")
    if len(text) > MAX_DECISION20_LENGTH:
        errors.append(
            IdentifierError(
                "WRONG_LENGTH",
                f"expected at most {MAX_DECISION20_LENGTH} characters, found {len(text)}",
            )
        )
    groups = text.split(".")
    if "" in groups:
        errors.append(
            IdentifierError(
                "EMPTY_GROUP",
                f"expected groups separated by single dots, found an empty group in '{text}'",
            )
        )
    if not LEVEL1.fullmatch(groups[0]):
        errors.append(
            IdentifierError(
                "INVALID_LEVEL1_CODE",
                f"expected the first group to be {_LEVEL1_EXPECTED}, found '{groups[0]}'",
            )
        )
    for level, group in enumerate(groups[1:], start=2):
        if group and foreign_chars(group, DIGITS):
            errors.append(
                IdentifierError(
                    "INVALID_GROUP",
                    f"expected the level-{level} group to be digits, found '{group}'",
                )
            )
        elif group and not group.strip("0"):
            errors.append(
                IdentifierError(
                    "ZERO_GROUP",
                    f"expected the level-{level} group to name a unit, found '{group}'; a group"
                    " of zeros means 'no unit at this level'",
                )
            )
    return (None, errors) if errors else (AgencyCode(tuple(groups)), [])


def parse_qcvn102(text: str) -> tuple[AgencyCode | None, list[IdentifierError]]:
    """Parse the QCVN 102 form; return the code, or ``None`` and every error found."""
    groups = text.split(".")
    if len(groups) != QCVN102_GROUPS:
        return None, [
            IdentifierError(
                "WRONG_GROUP_COUNT",
                f"expected {QCVN102_GROUPS} dot-separated groups LLL.LL.LL.MXX, found"
                f" {len(groups)} in '{text}'",
            )
        ]
    errors = _character_errors(text, "A-Z, 0-9 and dots")
    if not LEVEL1.fullmatch(groups[-1]):
        errors.append(
            IdentifierError(
                "INVALID_LEVEL1_CODE",
                f"expected the last group to be {_LEVEL1_EXPECTED}, found '{groups[-1]}'",
            )
        )
    lower = list(reversed(groups[:-1]))
    for level, (group, width) in enumerate(zip(lower, QCVN102_WIDTHS, strict=True), start=2):
        if len(group) != width or foreign_chars(group, DIGITS):
            errors.append(
                IdentifierError(
                    "INVALID_GROUP",
                    f"expected the level-{level} group to be {width} digits, found '{group}'",
                )
            )
    if errors:
        return None, errors
    present = [group.strip("0") != "" for group in lower]
    for level in range(3, QCVN102_GROUPS + 1):
        if present[level - 2] and not present[level - 3]:
            errors.append(
                IdentifierError(
                    "LEVEL_GAP",
                    f"expected every level above a given one to be set, found level {level}"
                    f" '{lower[level - 2]}' under an empty level {level - 1}"
                    f" '{lower[level - 3]}'",
                )
            )
    if errors:
        return None, errors
    return AgencyCode((groups[-1], *(g for g, p in zip(lower, present, strict=True) if p))), []


def qcvn102_obstacle(code: AgencyCode) -> str | None:
    """Return why ``code`` has no QCVN 102 form, or ``None`` when it has one."""
    if code.level > QCVN102_GROUPS:
        return f"{code.level} levels: QCVN 102:2016 has room for {QCVN102_GROUPS}"
    # The level count was checked above, so the lower groups never outnumber the widths.
    lower = zip(code.groups[1:], QCVN102_WIDTHS, strict=False)
    for level, (group, width) in enumerate(lower, start=2):
        if len(group) != width:
            return (
                f"the level-{level} group '{group}' has {len(group)} digits: QCVN 102:2016"
                f" has room for exactly {width}"
            )
    return None


def format_decision20(code: AgencyCode) -> str:
    """Write ``code`` in the Decision-20 form (``G12.18.01``)."""
    return ".".join(code.groups)


def format_qcvn102(code: AgencyCode) -> str | None:
    """Write ``code`` in the QCVN 102 form (``000.01.18.G12``), or ``None`` if it has none."""
    if qcvn102_obstacle(code) is not None:
        return None
    lower = [*code.groups[1:]]
    lower += ["0" * width for width in QCVN102_WIDTHS[len(lower) :]]
    return ".".join([*reversed(lower), code.groups[0]])


def _character_errors(text: str, allowed: str) -> list[IdentifierError]:
    foreign = foreign_chars(text, ASCII_LETTERS | DIGITS | {"."})
    if not foreign:
        return []
    return [
        IdentifierError(
            "INVALID_CHARACTER", f"expected {allowed} only, found {show_chars(foreign)}"
        )
    ]
