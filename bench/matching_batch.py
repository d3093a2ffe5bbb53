"""The batch matcher (`hub match`) on a held-out generated population, names in foreign orders.

Forms in English order and some exports write Vietnamese names given name first ("Thảo Bùi
Thị"), family name last ("Thị Thảo Bùi") or first-middle-last ("Thảo Thị Bùi"), often in
capitals without diacritics. This deduplicates the source records of a generated population
(a seed no test uses) with ``match_file`` and the matcher ``hub match`` uses, once with the
names as the sources wrote them and once with a share of them in such orders, and compares the
links with the generator's truth, pair by pair. The baseline in the same run is the same matcher
reading every name only as written (``readings=None``).

Size from ``HUB_BENCH_BATCH_PERSONS`` (default 5,000 persons); share of records with a name in
a foreign order from ``HUB_BENCH_FOREIGN_ORDER`` (default 0.3).
"""

from __future__ import annotations

import itertools
import os
import time
from collections import defaultdict
from dataclasses import dataclass, replace

from rich.console import Console
from rich.table import Table

from bench.harness import Result
from hub.registry.batch_match.service import crosswalk_equivalence, match_file
from hub.registry.matching import Decision, Matcher, person_config
from hub.registry.population.generator import PersonView, generate_population, load_geography

BENCHMARK = "batch matching quality"
PERSONS = int(os.environ.get("HUB_BENCH_BATCH_PERSONS", "5000"))
FOREIGN_ORDER = float(os.environ.get("HUB_BENCH_FOREIGN_ORDER", "0.3"))
SEED = 29
Pair = tuple[str, str]


@dataclass(frozen=True)
class Quality:
    """Pairwise precision and recall of the links of one case, and its time."""

    case: str
    precision: float
    recall: float
    records: int
    seconds: float

    @property
    def f1(self) -> float:
        """The harmonic mean of precision and recall."""
        total = self.precision + self.recall
        return 0.0 if total == 0 else 2 * self.precision * self.recall / total


def _ordered(a: str, b: str) -> Pair:
    return (a, b) if a < b else (b, a)


def _truth(population: list[PersonView]) -> set[Pair]:
    by_person: defaultdict[str, list[str]] = defaultdict(list)
    for view in population:
        by_person[view.person.key].extend(source.record.id for source in view.records)
    return {_ordered(a, b) for ids in by_person.values() for a, b in itertools.combinations(ids, 2)}


def measure(case: str, matcher: Matcher, population: list[PersonView]) -> Quality:
    """Deduplicate the population's records with ``matcher`` and score the links."""
    records = [source.record for view in population for source in view.records]
    truth = _truth(population)
    started = time.perf_counter()
    pairs = match_file(records, matcher)
    seconds = time.perf_counter() - started
    links = {_ordered(p.left_id, p.right_id) for p in pairs if p.decision is Decision.LINK}
    right = len(links & truth)
    precision = right / len(links) if links else 1.0
    return Quality(case, precision, right / len(truth), len(records), seconds)


def run() -> list[Result]:
    """Run the four cases, print the quality table, return the timing rows."""
    geography = load_geography()
    hub = Matcher(person_config(crosswalk_equivalence()))
    as_written = Matcher(replace(hub.config, readings=None))
    rows = []
    for share in (0.0, FOREIGN_ORDER):
        population = list(generate_population(geography, PERSONS, seed=SEED, foreign_order=share))
        names = f"{share:.0%} of names in a foreign order"
        rows.append(measure(f"{names}, names read only as written", as_written, population))
        rows.append(measure(f"{names}, hub matcher", hub, population))
    table = Table(
        f"case ({PERSONS:,} generated persons, seed {SEED})",
        "records",
        "precision",
        "recall",
        "F1",
        "seconds",
    )
    for q in rows:
        table.add_row(
            q.case,
            f"{q.records:,}",
            f"{q.precision:.4f}",
            f"{q.recall:.4f}",
            f"{q.f1:.4f}",
            f"{q.seconds:.1f}",
        )
    Console(width=160).print(table)
    results = []
    for q in rows:
        per_record = q.seconds / q.records * 1e6
        results.append(Result(BENCHMARK, q.case, q.records, per_record, per_record, per_record))
    return results
