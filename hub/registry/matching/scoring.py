"""Fellegi-Sunter scoring of one pair: identifier rules first, then summed field weights."""

from __future__ import annotations

import math

from hub.registry.matching.config import MatcherConfig
from hub.registry.matching.levels import Comparison, Level
from hub.registry.matching.prepared import Prepared
from hub.registry.matching.results import Decision, MatchResult, Rule

# Beyond this many bits the probability is 0 or 1 in double precision anyway.
_SATURATION_BITS = 1000.0
# The levels of one pair and the field values they compared (which readings were used).
_Reading = tuple[tuple[Level, ...], tuple[str | None, ...], tuple[str | None, ...]]


def probability(match_weight: float) -> float:
    """Turn a match weight (log2 odds) into a match probability between 0 and 1."""
    if match_weight <= -_SATURATION_BITS:
        return 0.0
    if match_weight >= _SATURATION_BITS:
        return 1.0
    return 1.0 / (1.0 + math.pow(2.0, -match_weight))


class Scorer:
    """Scores pairs of prepared records under one config; weights are computed once."""

    def __init__(self, config: MatcherConfig) -> None:
        self.config = config
        self._compare = tuple(spec.comparator.compare for spec in config.fields)
        self._weights = tuple(
            {level: spec.weight(level) for level in (*spec.comparator.levels, Level.MISSING)}
            for spec in config.fields
        )
        self._prior_weight = math.log2(config.prior / (1.0 - config.prior))

    def levels(self, left: Prepared, right: Prepared) -> tuple[Level, ...]:
        """Return the comparison level of every probabilistic field, under the readings of the
        two records that agree best.
        """
        return self._best_reading(left, right)[0]

    def _levels(
        self, left: tuple[str | None, ...], right: tuple[str | None, ...]
    ) -> tuple[Level, ...]:
        return tuple(
            Level.MISSING if a is None or b is None else compare(a, b)
            for compare, a, b in zip(self._compare, left, right, strict=True)
        )

    def _best_reading(self, left: Prepared, right: Prepared) -> _Reading:
        best: _Reading = (self._levels(left.values, right.values), left.values, right.values)
        if not left.alternatives and not right.alternatives:
            return best
        # One record is re-read at a time: re-reading both would let twins named Lê Hà Mai and
        # Lê Mai Hà meet halfway.
        pairs = [(left.values, b) for b in right.alternatives]
        pairs.extend((a, right.values) for a in left.alternatives)
        best_weight = self.match_weight(best[0])
        for a, b in pairs:
            levels = self._levels(a, b)
            # A reading is taken only where every field it re-reads agrees: half-agreeing
            # readings would give a stranger the best of several tries.
            reread = (
                i
                for i, (x, y) in enumerate(zip(a, b, strict=True))
                if x != left.values[i] or y != right.values[i]
            )
            if any(levels[i] is Level.DIFFERENT for i in reread):
                continue
            weight = self.match_weight(levels)
            # Strictly better only: on a tie the records' own readings stand.
            if weight > best_weight:
                best, best_weight = (levels, a, b), weight
        return best

    def match_weight(self, levels: tuple[Level, ...]) -> float:
        """Return the prior's log2 odds plus the weight of every level."""
        total = self._prior_weight
        for weights, level in zip(self._weights, levels, strict=True):
            total += weights[level]
        return total

    def identifier_rule(self, left: Prepared, right: Prepared) -> Rule:
        """Return which identifier rule applies to the pair, ``PROBABILISTIC`` when none."""
        agree = conflict = False
        for a, b in zip(left.identifiers, right.identifiers, strict=True):
            if a is not None and b is not None:
                if a == b:
                    agree = True
                else:
                    conflict = True
        if agree:
            return Rule.IDENTIFIER_MIXED if conflict else Rule.IDENTIFIER_MATCH
        return Rule.IDENTIFIER_CONFLICT if conflict else Rule.PROBABILISTIC

    def decide(self, score: float) -> Decision:
        """Return the decision the thresholds give ``score``."""
        if score >= self.config.upper:
            return Decision.LINK
        if score >= self.config.lower:
            return Decision.REVIEW
        return Decision.NO_MATCH

    def result(self, left: Prepared, right: Prepared) -> MatchResult:
        """Score a pair and return its result, whatever the decision."""
        rule = self.identifier_rule(left, right)
        reading = self._best_reading(left, right)
        return self._result(left, right, rule, reading, self.match_weight(reading[0]))

    def evaluate(self, left: Prepared, right: Prepared) -> MatchResult | None:
        """Score a pair, but return ``None`` for a non-match without building its
        comparisons, which keeps bulk matching fast.
        """
        rule = self.identifier_rule(left, right)
        if rule is Rule.IDENTIFIER_CONFLICT:
            return None
        reading = self._best_reading(left, right)
        weight = self.match_weight(reading[0])
        if rule is Rule.PROBABILISTIC and probability(weight) < self.config.lower:
            return None
        return self._result(left, right, rule, reading, weight)

    def _result(
        self,
        left: Prepared,
        right: Prepared,
        rule: Rule,
        reading: _Reading,
        weight: float,
    ) -> MatchResult:
        if rule is Rule.IDENTIFIER_MATCH:
            score, decision = 1.0, Decision.LINK
        elif rule is Rule.IDENTIFIER_CONFLICT:
            score, decision = 0.0, Decision.NO_MATCH
        else:
            score = probability(weight)
            decision = Decision.REVIEW if rule is Rule.IDENTIFIER_MIXED else self.decide(score)
        return MatchResult(
            left_id=left.id,
            right_id=right.id,
            score=score,
            decision=decision,
            comparisons=self._comparisons(left, right, reading),
            match_weight=weight,
            rule=rule,
        )

    def _comparisons(
        self, left: Prepared, right: Prepared, reading: _Reading
    ) -> tuple[Comparison, ...]:
        levels, left_values, right_values = reading
        found = [
            Comparison(
                spec.name,
                Level.MISSING
                if a is None or b is None
                else Level.EXACT
                if a == b
                else Level.DIFFERENT,
                0.0,
                a,
                b,
            )
            for spec, a, b in zip(
                self.config.identifiers, left.identifiers, right.identifiers, strict=True
            )
        ]
        found.extend(
            Comparison(spec.name, level, weights[level], a, b)
            for spec, weights, level, a, b in zip(
                self.config.fields, self._weights, levels, left_values, right_values, strict=True
            )
        )
        return tuple(found)
