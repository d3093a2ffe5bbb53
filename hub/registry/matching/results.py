"""What the matcher decides about a pair, and about a new record matched against an index."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from hub.registry.matching.levels import Comparison


class Decision(StrEnum):
    """``LINK`` at or above the upper threshold (or on an equal strong identifier),
    ``REVIEW`` between the thresholds (a steward decides), ``NO_MATCH`` below the lower one.
    """

    LINK = "link"
    REVIEW = "review"
    NO_MATCH = "no_match"


class Rule(StrEnum):
    """Which rule produced a decision."""

    IDENTIFIER_MATCH = "identifier_match"
    """A strong identifier is equal and none conflicts: linked with score 1."""
    IDENTIFIER_CONFLICT = "identifier_conflict"
    """A strong identifier differs and none is equal: never linked, score 0."""
    IDENTIFIER_MIXED = "identifier_mixed"
    """One strong identifier is equal and another differs: always left to a steward."""
    PROBABILISTIC = "probabilistic"
    """No strong identifier on both sides: the Fellegi-Sunter score decided."""


@dataclass(frozen=True, slots=True)
class MatchResult:
    """The decision about one pair, with the score and every field comparison behind it.

    ``match_weight`` is the log2 odds (prior plus field weights); ``score`` is the match
    probability it gives, except under an identifier rule, which fixes it (1 or 0).
    ``comparisons`` lists the strong identifiers first (their weight is 0: they decide by
    rule), then every probabilistic field.
    """

    left_id: str
    right_id: str
    score: float
    decision: Decision
    comparisons: tuple[Comparison, ...]
    match_weight: float
    rule: Rule


@dataclass(frozen=True, slots=True)
class MatchOutcome:
    """A new record matched against an index: the best candidate and every candidate that
    scored at least the lower threshold, best first. ``decision`` is the best candidate's,
    or ``NO_MATCH`` when there is none (the record is someone new). ``compared`` counts the
    indexed records that blocking proposed and that were scored.
    """

    record_id: str
    decision: Decision
    best: MatchResult | None
    candidates: tuple[MatchResult, ...]
    compared: int
