"""Ingesting a push: NDJSON lines in batches, each batch's ingestion, dead letters and run
counts (and the line reached, as the run's checkpoint) committed in one transaction, with an
answer per line: accepted, flagged with the reasons, or dead-lettered with the reason.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from hub.adapters import run_log
from hub.adapters.models import DeadLetter, SyncRun
from hub.adapters.protocol import RecordError
from hub.adapters.push.lines import STREAM, parse_line, push_adapter_name
from hub.db import Database
from hub.http.json_body import decode_json
from hub.registry.ingestion import ingest
from hub.registry.pipeline import source_repository
from hub.registry.pipeline.ingest_retry import is_contention
from hub.registry.pipeline.inputs import IngestReport, SourceRecordInput

CONTENTION_ATTEMPTS = 5
ACCEPTED, FLAGGED, DEAD_LETTERED = "accepted", "flagged", "dead_lettered"


@dataclass(frozen=True)
class LineAnswer:
    """What became of one line (numbered from 1)."""

    line: int
    status: str
    source_id: str | None = None
    reasons: tuple[str, ...] = ()
    dead_letter_id: str | None = None

    def as_json(self) -> dict[str, Any]:
        """The answer as the endpoint writes it."""
        answer: dict[str, Any] = {"line": self.line, "status": self.status}
        if self.source_id is not None:
            answer["source_id"] = self.source_id
        if self.reasons:
            answer["reasons"] = list(self.reasons)
        if self.dead_letter_id is not None:
            answer["dead_letter_id"] = self.dead_letter_id
        return answer


@dataclass
class _Batch:
    inputs: list[tuple[int, SourceRecordInput]] = field(default_factory=list)
    dead: list[tuple[int, DeadLetter]] = field(default_factory=list)
    last_line: int = 0


async def push(
    database: Database, system: str, lines: Sequence[bytes], batch_size: int
) -> tuple[SyncRun, list[LineAnswer]]:
    """Ingest the non-blank ``lines`` of a push from ``system``; return its run and an answer
    per line. Idempotent: a line sent again with the same content is accepted, unchanged."""
    name = push_adapter_name(system)
    run = await run_log.start(database, name, False, {}, abandon_others=False)
    started = time.monotonic()
    answers: list[LineAnswer] = []
    try:
        batch = _Batch()
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            _read(system, name, number, line, batch)
            if len(batch.inputs) + len(batch.dead) >= batch_size:
                answers += await _commit(database, run, batch)
                batch = _Batch()
        if batch.inputs or batch.dead:
            answers += await _commit(database, run, batch)
    except Exception as error:
        await run_log.finish(database, run, "FAILED", time.monotonic() - started, repr(error))
        raise
    await run_log.finish(database, run, "SUCCEEDED", time.monotonic() - started, None)
    return run, answers


def _read(system: str, name: str, number: int, line: bytes, batch: _Batch) -> None:
    batch.last_line = number
    try:
        raw = decode_json(line)
    except json.JSONDecodeError as error:
        text = line.decode("utf-8", "replace")[:2000]
        batch.dead.append((number, _letter(name, {"line": text}, f"not JSON: {error.msg}")))
        return
    if not isinstance(raw, dict):
        reason = f"found {type(raw).__name__}; expected a JSON object per line"
        batch.dead.append((number, _letter(name, {"line": raw}, reason)))
        return
    try:
        batch.inputs.append((number, parse_line(system, raw)))
    except RecordError as error:
        batch.dead.append((number, _letter(name, raw, error.message)))


def _letter(name: str, payload: dict[str, Any], error: str) -> DeadLetter:
    source_id = payload.get("source_id")
    return DeadLetter(
        adapter=name,
        stream=STREAM,
        source_id=source_id[:128] if isinstance(source_id, str) else None,
        payload=payload,
        error=error,
        status="OPEN",
    )


async def _commit(database: Database, run: SyncRun, batch: _Batch) -> list[LineAnswer]:
    for attempt in range(1, CONTENTION_ATTEMPTS + 1):
        try:
            async with database.transaction() as session:
                inputs = [record for _, record in batch.inputs]
                report = await ingest(session, inputs) if inputs else IngestReport()
                answers = await _answers(session, batch)
                for number, letter in batch.dead:
                    letter.run_id = run.id
                    stored = DeadLetter(**letter.model_dump())
                    session.add(stored)
                    answers.append(
                        LineAnswer(
                            number,
                            DEAD_LETTERED,
                            letter.source_id,
                            (letter.error,),
                            stored.id,
                        )
                    )
                read = len(batch.inputs) + len(batch.dead)
                counted = run_log.counted(run, report, read, len(batch.dead))
                counted.checkpoint_after = {STREAM: {"line": batch.last_line}}
                await run_log.save(session, counted)
            run_log.adopt(run, counted)
            return sorted(answers, key=lambda answer: answer.line)
        except Exception as error:
            if not is_contention(error) or attempt == CONTENTION_ATTEMPTS:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


async def _answers(session: AsyncSession, batch: _Batch) -> list[LineAnswer]:
    """Flagged or accepted, from the records as stored after the ingestion."""
    keys: dict[str, list[tuple[str, str]]] = {}
    for _, record in batch.inputs:
        keys.setdefault(record.entity_type, []).append((record.system, record.source_id))
    stored = {
        (entity_type, key): found
        for entity_type, wanted in keys.items()
        for key, found in (await source_repository.existing(session, entity_type, wanted)).items()
    }
    answers = []
    for number, record in batch.inputs:
        found = stored.get((record.entity_type, (record.system, record.source_id)))
        flags = found[0].flags if found is not None and not record.retired else []
        reasons = tuple(f"{flag['attribute']}: {flag['message']}" for flag in flags)
        status = (
            FLAGGED if found is not None and found[0].validation_status != "VALID" else ACCEPTED
        )
        if record.retired:
            status = ACCEPTED
        answers.append(LineAnswer(number, status, record.source_id, reasons))
    return answers
