"""Comparison levels and the per-field comparison a steward reads to see why records matched."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Level(StrEnum):
    """How far two values of one field agree, from strongest to weakest agreement.

    ``MISSING`` means at least one side has no usable value: it counts neither for nor against.
    """

    EXACT = "exact"
    CLOSE = "close"
    PARTIAL = "partial"
    DIFFERENT = "different"
    MISSING = "missing"


@dataclass(frozen=True, slots=True)
class Comparison:
    """One field of one pair: its level, the weight it added (log2 of m/u) and the normalised
    values compared, so that the score can be explained value by value.
    """

    field: str
    level: Level
    weight: float
    left_value: str | None
    right_value: str | None
