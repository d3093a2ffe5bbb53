"""Recomputing golden records from their sources: values, provenance, a new version, an
outbox event and conflict issues, only when something changed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from hub.errors import Contention
from hub.kit import clock
from hub.registry.pipeline import golden_repository, source_repository
from hub.registry.pipeline.golden_models import GoldenProvenance, GoldenVersion, QualityIssue
from hub.registry.pipeline.kind import EntityKind
from hub.registry.pipeline.masters import Master
from hub.registry.pipeline.outbox_models import OutboxEvent
from hub.registry.pipeline.reference import Communes
from hub.registry.pipeline.source_models import SourceRecord
from hub.registry.pipeline.survivorship import (
    Chosen,
    Contribution,
    Override,
    SurvivorshipRules,
    conflicts,
    survive,
)

CONFLICT = "CONFLICT"
DUPLICATE_IDENTIFIER = "DUPLICATE_IDENTIFIER"


def golden_values(kind: EntityKind, master: Master) -> dict[str, Any]:
    """Return a master's golden values as JSON values (dates as ISO strings)."""
    values: dict[str, Any] = {}
    for attribute in kind.attributes:
        value = getattr(master, attribute)
        if isinstance(value, date):
            value = value.isoformat()
        values[attribute] = value or None
    return values


def _contribution(record: SourceRecord) -> Contribution:
    return Contribution(
        record.system,
        record.id,
        record.source_updated_at,
        record.attributes,
        frozenset(record.demoted),
    )


def _live(sources: Mapping[str, Sequence[SourceRecord]]) -> dict[str, list[SourceRecord]]:
    """Survivorship and conflicts read only records their source still holds."""
    return {m: [r for r in rs if r.retired_at is None] for m, rs in sources.items()}


@dataclass(frozen=True)
class Stamp:
    """One change of a master as history and the outbox record it: what happened, when it
    became true at the source (valid time) and when the hub learnt it (record time).
    """

    change: str
    valid_from: datetime
    now: datetime


def version_row(
    kind: EntityKind, master: Master, stamp: Stamp, provenance: dict[str, Any]
) -> GoldenVersion:
    """Return the history row of a master's current state."""
    return GoldenVersion(**version_values(kind, master, stamp, provenance))


def version_values(
    kind: EntityKind, master: Master, stamp: Stamp, provenance: dict[str, Any]
) -> dict[str, Any]:
    """Return the column values of a master's history row (for bulk inserts)."""
    return {
        "entity_type": kind.entity_type,
        "master_id": master.id,
        "version": master.version,
        "change": stamp.change,
        "valid_from": stamp.valid_from,
        "recorded_at": stamp.now,
        "values": golden_values(kind, master),
        "provenance": provenance,
        "merged_into_id": master.merged_into_id,
    }


def event_row(
    kind: EntityKind, master: Master, stamp: Stamp, changed: Sequence[str]
) -> OutboxEvent:
    """Return the outbox event announcing a master change.

    The event names what changed, not the values: consumers read the values through the API,
    where reading personal data is authorised and logged.
    """
    return OutboxEvent(**event_values(kind, master, stamp, changed))


def event_values(
    kind: EntityKind, master: Master, stamp: Stamp, changed: Sequence[str]
) -> dict[str, Any]:
    """Return the column values of a master's outbox event (for bulk inserts)."""
    return {
        "entity_type": kind.entity_type,
        "entity_id": master.id,
        "event_type": stamp.change,
        "version": master.version,
        "payload": {"id": master.id, "changed": list(changed), "mergedInto": master.merged_into_id},
        "occurred_at": stamp.now,
    }


@dataclass
class _Recomputation:
    """What recomputing the golden records of one set of masters shares."""

    session: AsyncSession
    kind: EntityKind
    change: str
    now: datetime
    masters: Mapping[str, Master]
    sources: Mapping[str, Sequence[SourceRecord]]
    current: Mapping[str, Mapping[str, GoldenProvenance]]
    plans: dict[str, dict[str, Chosen]] = field(default_factory=dict)
    duplicates: dict[str, str] = field(default_factory=dict)
    """Unique values a master's sources carry that another master holds, by master."""


@dataclass(frozen=True)
class _Update:
    master: Master
    values: dict[str, Any]
    differs: list[str]


async def recompute(
    session: AsyncSession,
    kind: EntityKind,
    master_ids: Sequence[str],
    communes: Communes,
    *,
    change: str = "UPDATED",
    rules: SurvivorshipRules | None = None,
    owners_at_start: Mapping[str, str] | None = None,
) -> int:
    """Recompute the golden records of these masters of ``kind``; return how many changed.

    Masters that were merged away or have no live source records are left as they are
    (``retirement.retire_emptied`` marks the latter retired); retired source records are
    left out, and a retired master given a live record again is recomputed and reinstated. An ingestion
    passes ``owners_at_start``: the master holding each unique value its records carry when it
    began (values absent: none held them). A value another master has taken since then was
    taken by a concurrent transaction (two systems sending the same new person at once): that
    raises ``Contention``, so that the batch is placed again and finds that master, instead of
    keeping a duplicate without the identifier. (One that commits after this read makes this
    transaction's own write of the value fail on the unique constraint, retried alike.)
    """
    ids = sorted(set(master_ids))
    entity = kind.entity_type
    masters: dict[str, Master] = await golden_repository.masters(session, kind.model, ids)
    run = _Recomputation(
        session=session,
        kind=kind,
        change=change,
        now=clock.utcnow(),
        masters=masters,
        sources=_live(await source_repository.contributions(session, entity, ids)),
        current=await golden_repository.provenance(session, entity, ids),
    )
    overrides = await golden_repository.active_overrides(session, entity, ids)
    for master_id in ids:
        master = masters.get(master_id)
        contributions = [_contribution(r) for r in run.sources.get(master_id, ())]
        if master is None or master.merged_into_id is not None or not contributions:
            continue
        forced = {
            a: Override(o.value, o.created_at) for a, o in overrides.get(master_id, {}).items()
        }
        run.plans[master_id] = survive(kind.attributes, contributions, forced, rules or kind.rules)
    await _drop_taken(run, owners_at_start)
    changed = await _apply(run)
    await _sync_conflicts(run, communes)
    return changed


async def _drop_taken(run: _Recomputation, owners_at_start: Mapping[str, str] | None) -> None:
    # The master table keeps one attribute unique: a master whose sources carry a value another
    # master holds (a review case a steward has not decided) keeps none, and an issue says why.
    kind, plans = run.kind, run.plans
    unique = kind.unique
    wanted = {m: p[unique].value for m, p in plans.items() if unique in p}
    owners = await golden_repository.owners(
        run.session, kind.model, unique, sorted(set(wanted.values()))
    )
    if owners_at_start is not None:
        _refuse_concurrent_owners(kind, wanted.values(), owners, owners_at_start, plans)
    claimed: dict[str, str] = {}
    # Masters that already hold their value go first, so a newcomer never takes it from them.
    for master_id, value in sorted(wanted.items(), key=lambda i: owners.get(i[1]) != i[0]):
        owner = owners.get(value)
        if (owner is not None and owner != master_id and owner not in plans) or (value in claimed):
            run.duplicates[master_id] = value
            del plans[master_id][unique]
        else:
            claimed[value] = master_id


def _refuse_concurrent_owners(
    kind: EntityKind,
    values: Iterable[str],
    owners: Mapping[str, str],
    owners_at_start: Mapping[str, str],
    plans: Mapping[str, object],
) -> None:
    appeared = sorted(
        {
            value
            for value in values
            if value in owners
            and owners[value] != owners_at_start.get(value)
            and owners[value] not in plans
        }
    )
    if appeared:
        raise Contention(
            f"a concurrent ingestion gave {len(appeared)} {kind.unique} value(s) to new "
            f"{kind.noun} masters; placing the batch again"
        )


async def _apply(run: _Recomputation) -> int:
    kind, session = run.kind, run.session
    updates: list[_Update] = []
    for master_id, plan in run.plans.items():
        master = run.masters[master_id]
        values = {a: (plan[a].value if a in plan else None) for a in kind.attributes}
        old = golden_values(kind, master)
        differs = [a for a in kind.attributes if old[a] != values[a]]
        was = run.current.get(master_id, {})
        moved = any(
            a not in was
            or (was[a].system, was[a].source_record_id) != (c.system, c.source_record_id)
            for a, c in plan.items()
        ) or any(a not in plan for a in was)
        if differs or moved or master.version == 0 or master.retired_at is not None:
            updates.append(_Update(master, values, differs))
    if not updates:
        return 0
    unique = kind.unique
    releasing = [
        u.master
        for u in updates
        if getattr(u.master, unique) and getattr(u.master, unique) != u.values[unique]
    ]
    for master in releasing:
        # Released first, so that a value passing from one master to another in this batch
        # never exists twice when the unique constraint is checked.
        setattr(master, unique, None)
    if releasing:
        await session.flush()
    await golden_repository.delete_provenance(
        session, kind.entity_type, [u.master.id for u in updates]
    )
    await session.flush()
    rows = _Rows()
    for update in updates:
        _write(run, rows, update)
    await session.flush()
    # Written as bulk inserts: building an ORM object per row cost more than the matching.
    await golden_repository.insert_rows(session, rows.versions, rows.events, rows.provenance)
    return len(updates)


@dataclass
class _Rows:
    versions: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    provenance: list[dict[str, Any]] = field(default_factory=list)


def _write(run: _Recomputation, rows: _Rows, update: _Update) -> None:
    kind, master, now = run.kind, update.master, run.now
    plan = run.plans[master.id]
    created = master.version == 0
    for attribute, value in update.values.items():
        if attribute in kind.dates and isinstance(value, str):
            value = date.fromisoformat(value)
        setattr(master, attribute, value)
    setattr(master, kind.name, getattr(master, kind.name) or "")
    master.retired_at = None  # a live source record holds it again
    master.version += 1
    master.updated_at = now
    provenance = {
        a: {
            "system": c.system,
            "sourceRecordId": c.source_record_id,
            "sourceUpdatedAt": c.source_updated_at.isoformat(),
        }
        for a, c in plan.items()
    }
    valid_from = max(c.source_updated_at for c in plan.values()) if plan else now
    stamp = Stamp("CREATED" if created else run.change, valid_from, now)
    rows.versions.append(version_values(kind, master, stamp, provenance))
    rows.events.append(event_values(kind, master, stamp, update.differs))
    rows.provenance.extend(
        {
            "entity_type": kind.entity_type,
            "master_id": master.id,
            "attribute": attribute,
            "system": c.system,
            "source_record_id": c.source_record_id,
            "source_updated_at": c.source_updated_at,
        }
        for attribute, c in plan.items()
    )


async def _sync_conflicts(run: _Recomputation, communes: Communes) -> None:
    kind, now = run.kind, run.now
    ids = sorted(run.plans)
    same = dict.fromkeys(kind.places, communes.equivalence.same_place)
    wanted: dict[tuple[str, str, str], dict[str, Any]] = {}
    for master_id in ids:
        contributions = [_contribution(r) for r in run.sources.get(master_id, ())]
        found = conflicts(kind.attributes, contributions, same, kind.comparable)
        for attribute, values in found.items():
            wanted[(master_id, attribute, CONFLICT)] = {"values": values}
        if master_id in run.duplicates:
            wanted[(master_id, kind.unique, DUPLICATE_IDENTIFIER)] = {
                "value": run.duplicates[master_id]
            }
    existing = [
        i
        for i in await golden_repository.open_issues(run.session, kind.entity_type, master_ids=ids)
        if i.kind in (CONFLICT, DUPLICATE_IDENTIFIER)
    ]
    for issue in existing:
        key = (issue.master_id or "", issue.attribute, issue.kind)
        if wanted.get(key) == issue.detail:
            del wanted[key]
        else:
            issue.resolved_at = now
    for (master_id, attribute, kind_name), detail in wanted.items():
        run.session.add(
            QualityIssue(
                entity_type=kind.entity_type,
                master_id=master_id,
                attribute=attribute,
                kind=kind_name,
                detail=detail,
                opened_at=now,
            )
        )
