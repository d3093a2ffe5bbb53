"""Matching quality through the registry, on the generated Vietnamese population.

FEBRL4 measures the matcher on English names; this measures what a province would get: a
generated population (Vietnamese names surname first, real communes, two or three source
systems per person with dropped diacritics, typos, old commune codes, missing or invalid IDs,
and walk-in records without identifiers) ingested through ``ingest`` exactly as the product
does, then compared with the generator's ground truth, pair by pair.

The baseline in the same run is what a platform without master data can do: link records that
carry the same citizen ID or social insurance number as sent (exact strings). Three lines:
the baseline; the hub's automatic links; the hub if a steward accepted every open review task.

Size from ``HUB_BENCH_QUALITY_PERSONS`` (default 5,000 persons).
"""

from __future__ import annotations

import asyncio
import os
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.table import Table
from sqlalchemy import select
from sqlmodel import col

from bench.harness import Result
from hub.db import Database
from hub.migrations_runner import upgrade
from hub.registry.codelists import service as codelists
from hub.registry.codelists.importers.admin_units import read_admin_units
from hub.registry.ingestion import ingest
from hub.registry.kinds.person import PERSON
from hub.registry.pipeline.inputs import SourceRecordInput
from hub.registry.pipeline.match_task_models import MatchTask
from hub.registry.pipeline.source_models import Xref
from hub.registry.population.demo import WALK_IN_EVERY, source_inputs
from hub.registry.population.generator import Geography, generate_population, load_geography

PERSONS = int(os.environ.get("HUB_BENCH_QUALITY_PERSONS", "5000"))
SEED = 11
BATCH = 1000
Key = tuple[str, str]


@dataclass(frozen=True)
class Quality:
    """Pairwise precision and recall of one clustering against the truth."""

    case: str
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        """The harmonic mean of precision and recall."""
        total = self.precision + self.recall
        return 0.0 if total == 0 else 2 * self.precision * self.recall / total


def _pairs(sizes: Iterable[int]) -> int:
    return sum(n * (n - 1) // 2 for n in sizes)


def quality(case: str, predicted: Mapping[Key, str], truth: Mapping[Key, str]) -> Quality:
    """Return the pairwise quality of ``predicted`` clusters (record → cluster) against
    ``truth`` (record → person).
    """
    together = Counter((predicted[k], truth[k]) for k in truth)
    found = _pairs(Counter(predicted[k] for k in truth).values())
    right = _pairs(together.values())
    expected = _pairs(Counter(truth.values()).values())
    return Quality(case, right / found if found else 1.0, right / expected if expected else 1.0)


def _truth(geography: Geography) -> dict[Key, str]:
    truth: dict[Key, str] = {}
    for index, view in enumerate(generate_population(geography, PERSONS, seed=SEED)):
        for record in view.records:
            truth[(record.system, record.record.id)] = record.person_key
        if index % WALK_IN_EVERY == 0:
            truth[("commune_desk", f"commune_desk:{SEED}:{index}")] = view.person.key
    return truth


class _Clusters:
    """Union-find over record keys."""

    def __init__(self) -> None:
        self.parent: dict[Key, Key] = {}

    def find(self, key: Key) -> Key:
        self.parent.setdefault(key, key)
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def union(self, a: Key, b: Key) -> None:
        self.parent[self.find(a)] = self.find(b)


def _baseline(records: Iterable[SourceRecordInput]) -> dict[Key, str]:
    clusters = _Clusters()
    first: dict[tuple[str, str], Key] = {}
    keys: list[Key] = []
    for record in records:
        key = (record.system, record.source_id)
        keys.append(key)
        clusters.find(key)
        for scheme in ("citizen_id", "social_insurance_number"):
            value = record.payload.get(scheme)
            if value:
                clusters.union(key, first.setdefault((scheme, str(value)), key))
    return {k: "|".join(clusters.find(k)) for k in keys}


async def _ingest(
    url: str, records: list[SourceRecordInput]
) -> tuple[dict[Key, str], dict[Key, str]]:
    database = Database.from_url(url)
    async with database.transaction() as session:
        await codelists.import_list(session, read_admin_units())
    for start in range(0, len(records), BATCH):
        async with database.transaction() as session:
            await ingest(session, records[start : start + BATCH])
    async with database.session() as session:
        xrefs = await session.execute(
            select(col(Xref.system), col(Xref.source_id), col(Xref.master_id)).where(
                col(Xref.entity_type) == PERSON
            )
        )
        automatic = {(s, i): m for s, i, m in xrefs.all()}
        tasks = await session.execute(
            select(col(MatchTask.record_master_id), col(MatchTask.candidate_master_id)).where(
                col(MatchTask.entity_type) == PERSON, col(MatchTask.status) == "OPEN"
            )
        )
        accepted = _accept_all(automatic, tasks.all())
    await database.dispose()
    return automatic, accepted


def _accept_all(automatic: Mapping[Key, str], tasks: Iterable[tuple[str, str]]) -> dict[Key, str]:
    clusters = _Clusters()
    for record_master, candidate in tasks:
        clusters.union(("m", record_master), ("m", candidate))
    by_master: defaultdict[str, str] = defaultdict(str)
    for master in set(automatic.values()):
        by_master[master] = clusters.find(("m", master))[1]
    return {k: by_master[m] for k, m in automatic.items()}


def run() -> list[Result]:
    """Ingest the population, compare with the truth and the baseline, print the table."""
    geography = load_geography()
    records = list(source_inputs(geography, PERSONS, seed=SEED))
    truth = _truth(geography)
    baseline = quality("same citizen ID or SIN as sent (baseline)", _baseline(records), truth)
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'quality.db'}"
        upgrade(url)
        started = time.perf_counter()
        automatic, accepted = asyncio.run(_ingest(url, records))
        seconds = time.perf_counter() - started
    rows = [
        baseline,
        quality("hub, automatic links", automatic, truth),
        quality("hub, every open review task accepted", accepted, truth),
    ]
    table = Table(
        f"case ({PERSONS:,} generated persons, {len(records):,} records)",
        "precision",
        "recall",
        "F1",
    )
    for q in rows:
        table.add_row(q.case, f"{q.precision:.4f}", f"{q.recall:.4f}", f"{q.f1:.4f}")
    Console(width=160).print(table)
    per_record = seconds / len(records) * 1e6
    return [
        Result(
            "registry matching quality",
            f"{PERSONS} persons ingested (SQLite)",
            len(records),
            per_record,
            per_record,
            per_record,
        )
    ]
