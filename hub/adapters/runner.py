"""The sync runner: reads an adapter's streams in batches and commits each batch's
ingestion, dead letters, run counts and checkpoint in one transaction, so a crash at any
point repeats at most the batch in flight and never loses or duplicates one.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from hub.adapters import lease as leases
from hub.adapters import reconcile, run_log
from hub.adapters.models import DeadLetter, SyncRun, SyncState
from hub.adapters.protocol import (
    Adapter,
    AdapterError,
    BadRecord,
    Checkpoint,
    RawRecord,
    RecordError,
    Stream,
)
from hub.db import Database
from hub.kit.clock import utcnow
from hub.registry.ingestion import ingest
from hub.registry.kinds import KINDS
from hub.registry.pipeline.ingest_retry import is_contention
from hub.registry.pipeline.inputs import IngestReport, SourceRecordInput

CONTENTION_ATTEMPTS = 5


class SyncFailed(AdapterError):
    """The run ended in failure; the message says why, and the run row records it."""


@dataclass(frozen=True)
class RunOptions:
    """How a run behaves: a full refresh (ignore checkpoints), the batch size, the dead-letter
    rate above which the run fails, and the lease length."""

    full_refresh: bool = False
    batch_size: int = 500
    dead_letter_threshold: float = 0.05
    lease_seconds: int = 300


ProgressCallback = Callable[[int, int | None, int | None], None]
"""Called after each batch with (records read, done, total) as far as the source knows."""


@dataclass
class _Batch:
    stream: str
    inputs: list[SourceRecordInput] = field(default_factory=list)
    dead: list[DeadLetter] = field(default_factory=list)
    read: int = 0

    def empty(self) -> bool:
        return not self.inputs and not self.dead and self.read == 0


async def run_sync(
    database: Database,
    adapter: Adapter[Any],
    options: RunOptions,
    progress: ProgressCallback | None = None,
    on_start: Callable[[SyncRun], None] | None = None,
) -> SyncRun:
    """Run ``adapter`` once: take its lease, read every stream from its checkpoint (from the
    start with ``full_refresh``), and record the run. Raises ``AlreadyRunning`` when another
    run holds the lease and ``SyncFailed`` (after recording the run) when it fails."""
    lease = await leases.acquire(database, adapter.name, options.lease_seconds)
    try:
        states = await run_log.states(database, adapter.name)
        run = await run_log.start(database, adapter.name, options.full_refresh, states)
        if on_start is not None:
            on_start(run)
        started = time.monotonic()
        try:
            await _read_streams(database, adapter, options, lease, run, states, progress)
        except asyncio.CancelledError:
            # Stopped (hub worker on SIGTERM): the batch in flight rolled back.
            stopped = "stopped before the end; the next run resumes from the last checkpoint"
            await run_log.finish(database, run, "FAILED", time.monotonic() - started, stopped)
            raise
        except Exception as error:
            message = error.message if isinstance(error, AdapterError) else repr(error)
            await run_log.finish(database, run, "FAILED", time.monotonic() - started, message)
            raise SyncFailed(f"{adapter.name} failed: {message}") from error
        rate = run.dead_lettered / run.records_read if run.records_read else 0.0
        if rate > options.dead_letter_threshold:
            message = (
                f"{run.dead_lettered} of {run.records_read} records dead-lettered "
                f"({rate:.1%}), above the threshold of {options.dead_letter_threshold:.1%}"
            )
            await run_log.finish(database, run, "FAILED", time.monotonic() - started, message)
            raise SyncFailed(f"{adapter.name} failed: {message}")
        await run_log.finish(database, run, "SUCCEEDED", time.monotonic() - started, None)
        return run
    finally:
        await leases.release(database, lease)


async def _read_streams(
    database: Database,
    adapter: Adapter[Any],
    options: RunOptions,
    lease: leases.Lease,
    run: SyncRun,
    states: Mapping[str, Mapping[str, Any]],
    progress: ProgressCallback | None,
) -> None:
    for stream in adapter.streams():
        state = None if options.full_refresh else states.get(stream.name)
        batch = _Batch(stream.name)
        seen = reconcile.Seen() if options.full_refresh and stream.full_snapshot else None
        async for item in adapter.read(stream, state):
            if isinstance(item, Checkpoint):
                await _commit(database, lease, run, batch, item)
                for effect in item.after_commit:
                    effect()
                batch = _Batch(stream.name)
                if progress is not None:
                    progress(run.records_read, item.done, item.total)
                continue
            batch.read += 1
            if seen is not None and item.source_id is not None:
                seen.unreadable.add(item.source_id)
            if isinstance(item, BadRecord):
                batch.dead.append(_dead(adapter, stream.name, item.payload, item.error, item))
                continue
            try:
                inputs = _checked(adapter.parse(stream.name, item.payload))
            except RecordError as error:
                batch.dead.append(_dead(adapter, stream.name, item.payload, error.message, item))
            else:
                batch.inputs.extend(inputs)
                if seen is not None:
                    seen.unreadable.discard(item.source_id or "")
                    seen.add(inputs)
            if len(batch.inputs) >= options.batch_size * 4:
                # A source that checkpoints rarely: commit without moving the checkpoint;
                # a crash repeats these records, which ingestion finds unchanged.
                await _commit(database, lease, run, batch, None)
                batch = _Batch(stream.name)
        if not batch.empty():
            await _commit(database, lease, run, batch, None)
        if seen is not None and not seen.empty():
            await _retire_missing(database, adapter, options, lease, run, stream, seen)


async def _retire_missing(
    database: Database,
    adapter: Adapter[Any],
    options: RunOptions,
    lease: leases.Lease,
    run: SyncRun,
    stream: Stream,
    seen: reconcile.Seen,
) -> None:
    """Retire what a complete read did not return, in batches like any other records."""
    gone = await reconcile.missing(database, adapter.system, stream, seen, utcnow())
    for start in range(0, len(gone), options.batch_size):
        await _commit(
            database,
            lease,
            run,
            _Batch(stream.name, gone[start : start + options.batch_size]),
            None,
        )


def _dead(
    adapter: Adapter[Any],
    stream: str,
    payload: Mapping[str, Any],
    error: str,
    item: RawRecord | BadRecord,
) -> DeadLetter:
    return DeadLetter(
        adapter=adapter.name,
        stream=stream,
        source_id=item.source_id,
        payload=dict(payload),
        error=error,
        status="OPEN",
    )


def _checked(inputs: list[SourceRecordInput]) -> list[SourceRecordInput]:
    """Refuse inputs ``ingest`` would refuse for the whole batch, as errors of their record."""
    for record in inputs:
        if record.entity_type not in KINDS:
            raise RecordError(f"the adapter made an unknown entity type {record.entity_type!r}")
        if record.source_updated_at.tzinfo is None:
            raise RecordError("the source update time has no time zone")
    return inputs


async def _commit(
    database: Database,
    lease: leases.Lease,
    run: SyncRun,
    batch: _Batch,
    checkpoint: Checkpoint | None,
) -> None:
    """Ingest the batch, store its dead letters, count it in the run and move the checkpoint,
    all in one transaction; placed again when a concurrent ingestion collided with it."""
    for attempt in range(1, CONTENTION_ATTEMPTS + 1):
        try:
            async with database.transaction() as session:
                await leases.renew(session, lease)
                report = await ingest(session, batch.inputs) if batch.inputs else IngestReport()
                for letter in batch.dead:
                    letter.run_id = run.id
                    session.add(DeadLetter(**letter.model_dump()))
                if checkpoint is not None:
                    await _save_state(session, run.adapter, batch.stream, checkpoint.state)
                counted = run_log.counted(run, report, batch.read, len(batch.dead))
                if checkpoint is not None:
                    counted.checkpoint_after = {
                        **counted.checkpoint_after,
                        batch.stream: dict(checkpoint.state),
                    }
                await run_log.save(session, counted)
            run_log.adopt(run, counted)
            return
        except Exception as error:
            if not is_contention(error) or attempt == CONTENTION_ATTEMPTS:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


async def _save_state(session: Any, adapter: str, stream: str, state: Mapping[str, Any]) -> None:
    current = await session.get(SyncState, (adapter, stream))
    if current is None:
        session.add(SyncState(adapter=adapter, stream=stream, state=dict(state)))
    else:
        current.state = dict(state)
        current.updated_at = utcnow()
