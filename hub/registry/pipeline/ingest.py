"""Ingestion: one call stores source records, matches them, recomputes the golden records
they touch and writes change events, all in the caller's transaction (never committed here).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from hub.errors import Invalid
from hub.kit import clock
from hub.registry.pipeline import golden, golden_repository, placement, reference, source_repository
from hub.registry.pipeline.golden_models import QualityIssue
from hub.registry.pipeline.inputs import IngestReport, SourceRecordInput
from hub.registry.pipeline.kind import EntityKind, KindRegistry, matcher_for
from hub.registry.pipeline.lookups import Lookups
from hub.registry.pipeline.pending_rows import NewLink, NewSource, row
from hub.registry.pipeline.retirement import retire, retire_emptied, retire_sources
from hub.registry.pipeline.source_models import SourceRecord, Xref
from hub.registry.pipeline.survivorship import SurvivorshipRules
from hub.registry.pipeline.validated import ERROR, Validated


def content_hash(payload: Any) -> str:
    """Return the sha256 of the payload's canonical JSON (sorted keys, no spaces)."""
    return hashlib.sha256(_canonical(payload).encode()).hexdigest()


def _canonical(payload: Any) -> str:
    return json.dumps(
        payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
    )


@dataclass(frozen=True)
class Change:
    """A record of the batch that is new or changed since it was stored, ready to place."""

    record: SourceRecordInput
    checked: Validated
    payload: Any
    digest: str
    keys: list[str]

    @property
    def key(self) -> tuple[str, str]:
        """The record's ``(system, source id)``."""
        return (self.record.system, self.record.source_id)


@dataclass
class Placing:
    """What placing the changes of one batch remembers between records: the records stored
    before the call, those created in it, and those already placed.
    """

    stored: dict[tuple[str, str], tuple[SourceRecord, Xref]]
    fresh: dict[tuple[str, str], tuple[NewSource, NewLink]] = field(default_factory=dict)
    seen: set[tuple[str, str]] = field(default_factory=set)


async def ingest(
    session: AsyncSession,
    kinds: KindRegistry,
    records: Sequence[SourceRecordInput],
    *,
    rules: SurvivorshipRules | None = None,
    revalidate: bool = False,
) -> IngestReport:
    """Store, match and fold ``records`` into golden records; idempotent per content hash.

    A record whose payload is unchanged since last time is counted as unchanged and touches
    nothing. With ``revalidate`` (a replay after the code lists or the registry changed), an
    unchanged payload is still taken again when its validation now comes out differently.
    Records are handled kind by kind in the order of ``kinds``, each in input order.
    ``rules`` replaces the survivorship rules of every kind in the call. Raises ``Invalid`` for
    an entity type ``kinds`` does not hold or a source update time without a time zone
    (nothing is stored then).
    """
    for record in records:
        if record.entity_type not in kinds:
            raise Invalid(f"cannot ingest entity type {record.entity_type!r}", argument="records")
        if record.source_updated_at.tzinfo is None:
            # Survivorship orders sources by this time; a naive one cannot be ordered safely.
            raise Invalid(
                f"source_updated_at of {record.system}/{record.source_id} has no time zone",
                argument="records",
            )
    report = IngestReport()
    lookups = Lookups(session, kinds.resolvers)
    for entity_type, kind in kinds.items():
        mine = [r for r in records if r.entity_type == entity_type]
        if mine:
            report.add(await _ingest_kind(session, kind, lookups, mine, rules, revalidate))
    return report


async def _ingest_kind(
    session: AsyncSession,
    kind: EntityKind,
    lookups: Lookups,
    records: Sequence[SourceRecordInput],
    rules: SurvivorshipRules | None,
    revalidate: bool,
) -> IngestReport:
    communes = await reference.communes(session)
    report = IngestReport(received=len(records))
    # A key's last copy in the call decides: a tombstone after a live copy retires the record,
    # a live copy after a tombstone keeps it live.
    last = {(r.system, r.source_id): r.retired for r in records}
    tombstones = [r for r in records if r.retired and last[(r.system, r.source_id)]]
    records = [r for r in records if not r.retired]
    sent = sorted({(r.system, r.source_id) for r in records})
    placing = Placing(await source_repository.existing(session, kind.entity_type, sent))
    # Codes are checked as they stood on the source's own date of each record.
    validated = [
        await kind.validate(r.payload, communes, lookups.on(r.source_updated_at.date()))
        for r in records
    ]
    unique = sorted({v.attributes[kind.unique] for v in validated if kind.unique in v.attributes})
    batch = placement.Batch(
        session=session,
        kind=kind,
        matcher=matcher_for(kind, communes),
        report=report,
        now=clock.utcnow(),
        owners=await golden_repository.owners(session, kind.model, kind.unique, unique),
    )
    changes = _changes(batch, placing, records, validated, revalidate)
    await placement.load_candidates(batch, [k for change in changes for k in change.keys])
    touched: dict[str, SourceRecord | NewSource] = {}
    # Placing a new record reads nothing from the database (its candidates were loaded
    # above), so its rows are written in bulk after the loop; a changed record's rematch
    # reads (and so flushes) as before.
    for change in changes:
        placed = await _place(batch, placing, change)
        placing.seen.add(change.key)
        if placed is None:
            continue
        source, master_id = placed
        batch.affected.add(master_id)
        report.master_ids[change.key] = master_id
        touched[source.id] = source
    await batch.rows.write(session, kind.model)
    await source_repository.delete_keys(session, batch.candidates.forgotten)
    await session.flush()
    await source_repository.add_keys(session, kind.entity_type, batch.candidates.new_keys)
    for holder, survivor in batch.retired:
        found = await golden_repository.masters(session, kind.model, [holder])
        await retire(session, kind, found[holder], survivor, batch.now)
    gone = await retire_sources(session, kind, tombstones, batch.now) if tombstones else {}
    report.retired += len(gone)
    report.unchanged += len(tombstones) - len(gone)
    report.master_ids.update(gone)
    batch.affected.update(gone.values())
    report.golden_changed = await golden.recompute(
        session, kind, sorted(batch.affected), communes, rules=rules, owners_at_start=batch.owners
    )
    if gone:
        report.masters_retired = await retire_emptied(
            session, kind, sorted(set(gone.values())), batch.now
        )
    await _sync_record_issues(batch, list(touched.values()))
    if kind.finish is not None:
        retired = [holder for holder, _ in batch.retired]
        await kind.finish(session, sorted({*batch.affected, *retired}), batch.now)
    return report


def _changes(
    batch: placement.Batch,
    placing: Placing,
    records: Sequence[SourceRecordInput],
    validated: Sequence[Validated],
    revalidate: bool,
) -> list[Change]:
    """Return the records to place; count the unchanged ones in the batch's report."""
    changes: list[Change] = []
    queued: set[tuple[str, str]] = set()
    stored = placing.stored
    for record, checked in zip(records, validated, strict=True):
        key = (record.system, record.source_id)
        payload = json.loads(_canonical(dict(record.payload)))
        digest = content_hash(payload)
        # A key already queued in this call is compared with its earlier copy when placed,
        # not with the stored record (which that copy is about to change).
        if (
            key in stored
            and key not in queued
            and stored[key][0].content_hash == digest
            and stored[key][0].retired_at is None
            and not (revalidate and _validation_changed(stored[key][0], checked))
        ):
            batch.report.unchanged += 1
            batch.report.master_ids[key] = stored[key][1].master_id
            continue
        keys = placement.keys_of(batch, record.source_id, checked.attributes)
        changes.append(Change(record, checked, payload, digest, keys))
        queued.add(key)
    return changes


async def _place(
    batch: placement.Batch, placing: Placing, change: Change
) -> tuple[SourceRecord | NewSource, str] | None:
    """Store one new or changed record and place it; return it with its master id, or
    ``None`` when it repeats a record earlier in this call.
    """
    report, key, digest, stored = batch.report, change.key, change.digest, placing.stored
    if key in placing.fresh:
        # Sent twice in one call: the same content again changes nothing; other content
        # updates the record, which must then be written and read back as stored.
        earlier, link = placing.fresh.pop(key)
        if earlier.content_hash == digest:
            report.unchanged += 1
            placing.fresh[key] = (earlier, link)
            return None
        await batch.rows.write(batch.session, batch.kind.model)
        stored.update(
            await source_repository.existing(batch.session, batch.kind.entity_type, [key])
        )
    if key in placing.seen and key in stored and stored[key][0].content_hash == digest:
        # The same content as an earlier copy in this call.
        report.unchanged += 1
        return None
    if change.checked.status != "VALID":
        report.flagged += 1
    if key in stored:
        source, xref = stored[key]
        _refresh(source, change, batch.now)
        # A rematch reads the record's master and tasks from the database: the records placed
        # earlier in this call must be there first, or it could empty a master they joined.
        await batch.rows.write(batch.session, batch.kind.model)
        await placement.rematch(batch, source, xref, change.keys)
        report.updated += 1
        return source, xref.master_id
    new = _new_source(batch, change)
    placed = placement.place(batch, new, change.keys)
    placing.fresh[key] = (new, placed)
    report.created += 1
    return new, placed.master_id


def _validation_changed(source: SourceRecord, checked: Validated) -> bool:
    return (
        source.validation_status != checked.status
        or source.attributes != checked.attributes
        or source.flags != checked.flags
        or source.demoted != checked.demoted
    )


def _new_source(batch: placement.Batch, change: Change) -> NewSource:
    record, checked, payload, digest = change.record, change.checked, change.payload, change.digest
    values = row(
        SourceRecord,
        entity_type=batch.kind.entity_type,
        system=record.system,
        source_id=record.source_id,
        payload=payload,
        attributes=checked.attributes,
        demoted=checked.demoted,
        flags=checked.flags,
        validation_status=checked.status,
        source_updated_at=record.source_updated_at,
        ingested_at=batch.now,
        content_hash=digest,
    )
    batch.rows.sources.append(values)
    return NewSource(
        values["id"], record.system, record.source_id, checked.attributes, checked.flags, digest
    )


def _refresh(source: SourceRecord, change: Change, now: datetime) -> None:
    record, checked, payload, digest = change.record, change.checked, change.payload, change.digest
    source.payload = payload
    source.attributes = checked.attributes
    source.demoted = checked.demoted
    source.flags = checked.flags
    source.validation_status = checked.status
    source.source_updated_at = record.source_updated_at
    source.ingested_at = now
    source.content_hash = digest
    # Sent again after a tombstone: the source holds the record again.
    source.retired_at = None


async def _sync_record_issues(
    batch: placement.Batch, touched: Sequence[SourceRecord | NewSource]
) -> None:
    """Open one issue per validation error of each touched record; close the old ones."""
    if not touched:
        return
    session, kind = batch.session, batch.kind
    old = await golden_repository.open_issues(
        session, kind.entity_type, source_record_ids=[s.id for s in touched]
    )
    for issue in old:
        issue.resolved_at = batch.now
    for source in touched:
        master_id = batch.report.master_ids[(source.system, source.source_id)]
        for flag in source.flags:
            if flag["severity"] != ERROR:
                continue
            batch.rows.issues.append(
                row(
                    QualityIssue,
                    entity_type=kind.entity_type,
                    master_id=master_id,
                    source_record_id=source.id,
                    system=source.system,
                    attribute=flag["attribute"],
                    kind=flag["code"],
                    detail={"message": flag["message"]},
                    opened_at=batch.now,
                )
            )
    await session.flush()
    await batch.rows.write(session, kind.model)
