"""Deterministic matching on strong identifiers, for kinds whose records always carry one
(parcels, enrolments, appointments).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from hub.registry.matching import Comparison, Decision, Level, MatchResult, Rule


class IdentifierMatcher:
    """Deterministic matching on strong identifiers only: an equal one links, a differing one
    alongside an equal one goes to a steward, otherwise the records are different.
    """

    def __init__(self, identifiers: Sequence[str]) -> None:
        self._identifiers = tuple(identifiers)

    def keys(self, record_id: str, attributes: Mapping[str, Any]) -> tuple[str, ...]:
        """Return one key per identifier present."""
        return tuple(f"{n}:{attributes[n]}" for n in self._identifiers if attributes.get(n))

    def score(
        self, left_id: str, left: Mapping[str, Any], right_id: str, right: Mapping[str, Any]
    ) -> MatchResult:
        """Decide a pair by its identifiers."""
        comparisons = []
        for name in self._identifiers:
            a, b = left.get(name), right.get(name)
            level = (
                Level.MISSING
                if a is None or b is None
                else (Level.EXACT if a == b else Level.DIFFERENT)
            )
            comparisons.append(Comparison(name, level, 0.0, a, b))
        equal = any(c.level is Level.EXACT for c in comparisons)
        differ = any(c.level is Level.DIFFERENT for c in comparisons)
        if equal and not differ:
            decision, score, rule = Decision.LINK, 1.0, Rule.IDENTIFIER_MATCH
        elif equal:
            decision, score, rule = Decision.REVIEW, 0.5, Rule.IDENTIFIER_MIXED
        else:
            decision, score, rule = Decision.NO_MATCH, 0.0, Rule.IDENTIFIER_CONFLICT
        return MatchResult(left_id, right_id, score, decision, tuple(comparisons), 0.0, rule)
