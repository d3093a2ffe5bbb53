"""The matcher: blocking, scoring and deciding, within one set or against an index."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from hub.registry.matching.blocking import MatchIndex, candidate_pairs, prepared_pairs
from hub.registry.matching.config import MatcherConfig
from hub.registry.matching.estimation import fit_config
from hub.registry.matching.prepared import Prepared, blocking_keys, prepare
from hub.registry.matching.record import MatchRecord
from hub.registry.matching.results import Decision, MatchOutcome, MatchResult
from hub.registry.matching.scoring import Scorer


class Matcher:
    """Matches person records under one ``MatcherConfig``.

    Deterministic on strong identifiers (an equal valid identifier links with score 1, a
    conflicting one never links), Fellegi-Sunter on the other fields. The matcher holds no
    records: ``match_within`` indexes the set it is given, ``match_against`` reads an index the
    caller keeps (for ingestion, the masters seen so far).
    """

    def __init__(self, config: MatcherConfig) -> None:
        self.config = config
        self._scorer = Scorer(config)

    def prepare(self, record: MatchRecord) -> Prepared:
        """Return the record normalised for this matcher's fields."""
        return prepare(self.config, record)

    def blocking_keys(self, record: MatchRecord) -> tuple[str, ...]:
        """Return the record's blocking keys (for a store that indexes masters itself)."""
        return blocking_keys(self.config, self.prepare(record))

    def new_index(self, records: Iterable[MatchRecord] = ()) -> MatchIndex:
        """Return an empty index for this matcher's config, or one holding ``records``."""
        return MatchIndex(self.config, records)

    def candidate_pairs(self, records: Sequence[MatchRecord]) -> Iterator[tuple[int, int]]:
        """Yield the candidate pairs ``(i, j)``, ``i < j``, of positions in ``records``."""
        return candidate_pairs(self.config, records)

    def score(self, left: MatchRecord, right: MatchRecord) -> MatchResult:
        """Score one pair, whether or not blocking would have proposed it."""
        return self._scorer.result(self.prepare(left), self.prepare(right))

    def score_prepared(self, left: Prepared, right: Prepared) -> MatchResult:
        """Score one pair of already prepared records."""
        return self._scorer.result(left, right)

    def match_within(
        self, records: Sequence[MatchRecord], *, include_no_match: bool = False
    ) -> list[MatchResult]:
        """Deduplicate one set: score every candidate pair and return the links and review
        cases (with ``include_no_match``, every candidate pair), left record first in input
        order.
        """
        index = MatchIndex(self.config)
        score = self._scorer.result if include_no_match else self._scorer.evaluate
        results: list[MatchResult] = []
        for record in records:
            prepared, keys = index.prepare(record)
            for position in sorted(index.candidate_positions(keys)):
                result = score(index.entry(position), prepared)
                if result is not None:
                    results.append(result)
            index.add_prepared(prepared, keys)
        return results

    def match_one(self, record: MatchRecord, index: MatchIndex) -> MatchOutcome:
        """Match one new record against the records in ``index`` (which is not changed)."""
        prepared, keys = index.prepare(record)
        return self._outcome(prepared, keys, index)

    def match_against(
        self, new_records: Iterable[MatchRecord], index: MatchIndex, *, add: bool = False
    ) -> Iterator[MatchOutcome]:
        """Match each new record against ``index``, lazily, in order.

        With ``add``, each record is added to the index once matched, whatever the outcome,
        so that later records (another source's view of the same new person) find it.
        """
        for record in new_records:
            prepared, keys = index.prepare(record)
            yield self._outcome(prepared, keys, index)
            if add:
                index.add_prepared(prepared, keys)

    def fit(
        self,
        records: Sequence[MatchRecord],
        *,
        max_pairs: int = 200_000,
        random_pairs: int = 50_000,
        iterations: int = 50,
        seed: int = 0,
    ) -> Matcher:
        """Return a matcher whose m, u and prior are estimated from unlabelled ``records``:
        u from ``random_pairs`` random pairs, m by expectation maximisation over at most
        ``max_pairs`` candidate pairs, the prior from the matches EM expects (sampling with
        ``seed``). Fields, thresholds and blocking are kept.
        """
        prepared = [self.prepare(record) for record in records]
        fitted = fit_config(
            self.config,
            prepared,
            prepared_pairs(self.config, prepared),
            max_pairs=max_pairs,
            random_pairs=random_pairs,
            iterations=iterations,
            seed=seed,
        )
        return Matcher(fitted)

    def _outcome(self, prepared: Prepared, keys: Sequence[int], index: MatchIndex) -> MatchOutcome:
        found = []
        positions = index.candidate_positions(keys)
        for position in positions:
            result = self._scorer.evaluate(index.entry(position), prepared)
            if result is not None:
                found.append(result)
        found.sort(key=lambda r: (-r.score, -r.match_weight, r.left_id))
        if not found:
            return MatchOutcome(prepared.id, Decision.NO_MATCH, None, (), len(positions))
        return MatchOutcome(prepared.id, found[0].decision, found[0], tuple(found), len(positions))
