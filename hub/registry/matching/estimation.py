"""Estimating the model from unlabelled records, the way Splink does: u from random pairs,
m by expectation maximisation over the candidate pairs, and the prior from the number of
matches that EM expects among all pairs.

u comes from random pairs because among candidate pairs the non-matches agree on the blocking
fields by construction; m is not distorted that way, since true matches share blocking keys
anyway. Pairs are reduced to their comparison patterns (one tuple of levels) and counted, so
an EM iteration costs the number of distinct patterns, not of pairs.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

from hub.registry.matching.config import MatcherConfig
from hub.registry.matching.levels import Level
from hub.registry.matching.prepared import Prepared
from hub.registry.matching.results import Rule
from hub.registry.matching.scoring import Scorer

Pattern = tuple[Level, ...]
Table = dict[str, dict[Level, float]]
# Pseudo-count added to every level (Laplace smoothing): a level never seen among the pairs
# still gets a small probability, so no single disagreement can veto a match outright.
_PSEUDO_COUNT = 1.0
# Keeps the prior away from 0 and 1, whose logarithms would be infinite.
_FLOOR = 1e-12


def fit_config(
    config: MatcherConfig,
    prepared: Sequence[Prepared],
    pairs: Iterable[tuple[int, int]],
    *,
    max_pairs: int,
    random_pairs: int,
    iterations: int,
    seed: int,
) -> MatcherConfig:
    """Return ``config`` with m, u and prior estimated from ``prepared`` records and their
    candidate ``pairs`` (positions): EM on at most ``max_pairs`` candidate pairs, u from
    ``random_pairs`` random pairs.
    """
    count = len(prepared)
    if count < 2:
        return config
    scorer = Scorer(config)
    rng = random.Random(seed)
    sample: list[Pattern] = []
    candidates = identified = 0
    for i, j in pairs:
        rule = scorer.identifier_rule(prepared[i], prepared[j])
        if rule is Rule.IDENTIFIER_MATCH:
            identified += 1
        if rule is not Rule.PROBABILISTIC:
            continue
        candidates += 1
        pattern = scorer.levels(prepared[i], prepared[j])
        # Reservoir sampling: every candidate pair has the same chance to be kept.
        if len(sample) < max_pairs:
            sample.append(pattern)
        elif (slot := rng.randrange(candidates)) < max_pairs:
            sample[slot] = pattern
    m, _, share = expectation_maximisation(config, Counter(sample), iterations=iterations)
    u = level_frequencies(config, _random_patterns(scorer, prepared, rng, random_pairs))
    total = count * (count - 1) / 2
    prior = (share * candidates + identified) / total
    return config.with_parameters(m, u, min(max(prior, _FLOOR), 0.5))


def expectation_maximisation(
    config: MatcherConfig, patterns: Counter[Pattern], *, iterations: int = 50
) -> tuple[Table, Table, float]:
    """Fit a two-class mixture to counted patterns: return m, u and the share of matches.

    Starts from the config's m and u, with the share of matches at 10 %.
    """
    m: Table = {spec.name: dict(spec.m) for spec in config.fields}
    u: Table = {spec.name: dict(spec.u) for spec in config.fields}
    share = 0.1
    items = list(patterns.items())
    if not items:
        return m, u, 0.0
    for _ in range(iterations):
        posteriors = [_posterior(config, m, u, share, pattern) for pattern, _ in items]
        weights = [(g * n, (1.0 - g) * n) for g, (_, n) in zip(posteriors, items, strict=True)]
        new_m = _tables(config, [(p, w[0]) for (p, _), w in zip(items, weights, strict=True)])
        new_u = _tables(config, [(p, w[1]) for (p, _), w in zip(items, weights, strict=True)])
        new_share = sum(w[0] for w in weights) / sum(n for _, n in items)
        change = abs(new_share - share) + max(
            abs(new_m[name][level] - m[name][level]) for name in m for level in m[name]
        )
        m, u, share = new_m, new_u, new_share
        if change < 1e-7:
            break
    return m, u, share


def level_frequencies(config: MatcherConfig, patterns: Iterable[Pattern]) -> Table:
    """Return, for each field, how often each level occurs among ``patterns`` (smoothed)."""
    return _tables(config, [(pattern, 1.0) for pattern in patterns])


def _random_patterns(
    scorer: Scorer, prepared: Sequence[Prepared], rng: random.Random, limit: int
) -> Iterable[Pattern]:
    count = len(prepared)
    if count * (count - 1) // 2 <= limit:
        for j in range(count):
            for i in range(j):
                yield scorer.levels(prepared[i], prepared[j])
        return
    for _ in range(limit):
        i = rng.randrange(count)
        j = rng.randrange(count - 1)
        # Skipping i keeps the pair uniform over the other records.
        yield scorer.levels(prepared[i], prepared[j + (j >= i)])


def _posterior(config: MatcherConfig, m: Table, u: Table, share: float, pattern: Pattern) -> float:
    if share <= 0.0:
        return 0.0
    if share >= 1.0:
        return 1.0
    log_odds = math.log(share) - math.log(1.0 - share)
    for spec, level in zip(config.fields, pattern, strict=True):
        if level is not Level.MISSING:
            log_odds += math.log(m[spec.name][level]) - math.log(u[spec.name][level])
    return 1.0 / (1.0 + math.exp(-min(max(log_odds, -700.0), 700.0)))


def _tables(config: MatcherConfig, weighted: Sequence[tuple[Pattern, float]]) -> Table:
    tables: Table = {}
    for position, spec in enumerate(config.fields):
        mass = dict.fromkeys(spec.comparator.levels, 0.0)
        for pattern, weight in weighted:
            level = pattern[position]
            if level is not Level.MISSING:
                mass[level] += weight
        tables[spec.name] = _normalise(mass, spec.m)
    return tables


def _normalise(mass: dict[Level, float], fallback: Mapping[Level, float]) -> dict[Level, float]:
    total = sum(mass.values())
    if total <= 0.0:
        return dict(fallback)
    scale = total + _PSEUDO_COUNT * len(mass)
    return {level: (value + _PSEUDO_COUNT) / scale for level, value in mass.items()}
