"""Placing a source record: its match candidates (read for the whole batch, see
``candidate_index``), and the decision to link it, queue it for a steward, or give it a master
of its own.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from hub.registry.matching import Decision, MatchResult
from hub.registry.pipeline import match_task_repository, source_repository
from hub.registry.pipeline.candidate_index import CandidateIndex, hashed
from hub.registry.pipeline.inputs import IngestReport
from hub.registry.pipeline.kind import EntityKind, RecordMatcher
from hub.registry.pipeline.match_task_models import MatchTask
from hub.registry.pipeline.pending_rows import NewLink, NewSource, PendingRows, row
from hub.registry.pipeline.source_models import SourceRecord, Xref


class RecordView(Protocol):
    """What placement reads of a source record, stored earlier or new in this batch."""

    @property
    def id(self) -> str:
        """The source record id."""
        ...

    @property
    def attributes(self) -> Mapping[str, Any]:
        """The record's valid attributes."""
        ...


@dataclass
class Batch:
    """What placing the records of one ``ingest`` call shares."""

    session: AsyncSession
    kind: EntityKind
    matcher: RecordMatcher
    report: IngestReport
    now: datetime
    owners: dict[str, str]
    """Master id by unique golden value, for the unique values the batch's records carry."""
    affected: set[str] = field(default_factory=set)
    """Masters whose golden records must be recomputed."""
    retired: list[tuple[str, str]] = field(default_factory=list)
    """``(loser, survivor)`` pairs of masters a record's identifier merged."""
    candidates: CandidateIndex = field(default_factory=CandidateIndex)
    rows: PendingRows = field(default_factory=PendingRows)


def keys_of(batch: Batch, record_id: str, attributes: dict[str, Any]) -> list[str]:
    """Return a record's blocking keys in their stored (hashed) form."""
    return [hashed(k) for k in batch.matcher.keys(record_id, attributes)]


async def load_candidates(batch: Batch, keys: Sequence[str]) -> None:
    """Read the stored blocks of every key the batch's records carry, in one go."""
    rows = await source_repository.blocks(batch.session, batch.kind.entity_type, keys)
    batch.candidates.load(rows)


def _ranked(
    batch: Batch, source: RecordView, keys: Sequence[str], exclude: set[str]
) -> list[tuple[str, MatchResult]]:
    """Return the best result per candidate master, best first, skipping ``exclude``."""
    best: dict[str, MatchResult] = {}
    for candidate_id, candidate in batch.candidates.candidates(keys):
        master_id = candidate.master_id
        if master_id in exclude or candidate_id == source.id:
            continue
        result = batch.matcher.score(
            candidate_id, candidate.attributes, source.id, source.attributes
        )
        if master_id not in best or result.score > best[master_id].score:
            best[master_id] = result
    return sorted(best.items(), key=lambda item: (-item[1].score, item[0]))


def _first_link(ranked: Sequence[tuple[str, MatchResult]]) -> tuple[str, MatchResult] | None:
    return next(((m, r) for m, r in ranked if r.decision is Decision.LINK), None)


def place(batch: Batch, source: NewSource, keys: Sequence[str]) -> NewLink:
    """Match a new record against the registry and link it, or give it a master of its own;
    the record then joins the batch's candidates.
    """
    xref = _placed(batch, source, keys)
    batch.candidates.add(source.id, xref.master_id, source.attributes, keys)
    return xref


def _placed(batch: Batch, source: NewSource, keys: Sequence[str]) -> NewLink:
    ranked = _ranked(batch, source, keys, set())
    unique = source.attributes.get(batch.kind.unique)
    owner = batch.owners.get(unique) if unique else None
    link = _first_link(ranked)
    if link is None and owner is not None and owner not in dict(ranked):
        # A master holding this identifier but no source records yet (created at sign-in).
        return _xref(batch, source, owner, "identifier_match", 1.0, [])
    if link is not None:
        master_id, result = link
        batch.report.linked += 1
        return _xref(
            batch, source, master_id, result.rule.value, result.score, _comparisons(result)
        )
    kind = batch.kind
    # Blank (version 0) until survivorship computes it at the end of the batch.
    master = row(kind.model, **{kind.name: ""}, version=0)
    batch.rows.masters.append(master)
    batch.report.masters_created += 1
    xref = _xref(batch, source, master["id"], "new", None, [])
    _propose(batch, source, master["id"], ranked)
    return xref


def _propose(
    batch: Batch, source: RecordView, master_id: str, ranked: Sequence[tuple[str, MatchResult]]
) -> None:
    for candidate_id, result in ranked[:3]:
        if result.decision is Decision.REVIEW:
            batch.rows.tasks.append(
                row(
                    MatchTask,
                    entity_type=batch.kind.entity_type,
                    source_record_id=source.id,
                    record_master_id=master_id,
                    candidate_master_id=candidate_id,
                    score=result.score,
                    rule=result.rule.value,
                    comparisons=_comparisons(result),
                    status="OPEN",
                    created_at=batch.now,
                )
            )
            batch.report.review_tasks += 1


async def rematch(batch: Batch, source: SourceRecord, xref: Xref, keys: Sequence[str]) -> None:
    """Match a changed record again when it is its master's only record (a record alone may
    now be recognised), never against masters a steward rejected or already proposed; the
    record then rejoins the batch's candidates under its new keys.
    """
    batch.candidates.forget(source.id)
    await _rematched(batch, source, xref, keys)
    batch.candidates.add(source.id, xref.master_id, source.attributes, keys)


async def _rematched(batch: Batch, source: SourceRecord, xref: Xref, keys: Sequence[str]) -> None:
    session = batch.session
    entity = batch.kind.entity_type
    if len(await source_repository.xrefs_of(session, entity, xref.master_id)) != 1:
        return
    exclude = {xref.master_id}
    exclude |= await match_task_repository.rejected_masters(session, entity, source.id)
    exclude |= await match_task_repository.open_task_masters(session, entity, source.id)
    ranked = _ranked(batch, source, keys, exclude)
    link = _first_link(ranked)
    if link is None:
        _propose(batch, source, xref.master_id, ranked)
        return
    master_id, result = link
    holder = xref.master_id
    await source_repository.move(session, [source.id], master_id, result.rule.value)
    xref.master_id = master_id
    batch.report.linked += 1
    batch.retired.append((holder, master_id))


def _xref(
    batch: Batch,
    source: NewSource,
    master_id: str,
    rule: str,
    score: float | None,
    comparisons: list[dict[str, Any]],
) -> NewLink:
    batch.rows.xrefs.append(
        row(
            Xref,
            source_record_id=source.id,
            entity_type=batch.kind.entity_type,
            system=source.system,
            source_id=source.source_id,
            master_id=master_id,
            first_master_id=master_id,
            match_rule=rule,
            match_score=score,
            match_comparisons=comparisons,
            linked_at=batch.now,
        )
    )
    return NewLink(master_id)


def _comparisons(result: MatchResult) -> list[dict[str, Any]]:
    return [
        {
            "field": c.field,
            "level": c.level.value,
            "weight": round(c.weight, 4),
            "left": c.left_value,
            "right": c.right_value,
        }
        for c in result.comparisons
    ]
