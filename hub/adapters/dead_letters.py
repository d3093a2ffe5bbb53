"""Dead letters: listing, replaying (parsed again by their adapter and ingested, counted as
another attempt when they fail again) and discarding."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from hub.adapters.models import DeadLetter
from hub.adapters.protocol import RecordError
from hub.adapters.push.lines import PUSH_PREFIX, parse_line
from hub.adapters.registry import adapter_class
from hub.adapters.singer.adapter import TAP_PREFIX, SingerTapAdapter
from hub.db import Database
from hub.errors import Invalid, NotFound
from hub.kit.clock import utcnow
from hub.registry.ingestion import ingest
from hub.registry.pipeline.inputs import IngestReport, SourceRecordInput

OPEN, REPLAYED, DISCARDED = "OPEN", "REPLAYED", "DISCARDED"


@dataclass(frozen=True)
class Replayed:
    """What a replay did: the letter afterwards, and the ingestion's counts when it landed."""

    letter: DeadLetter
    report: IngestReport | None


async def listed(
    database: Database,
    *,
    adapter: str | None = None,
    status: str | None = OPEN,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[DeadLetter], int]:
    """Return a page of dead letters, newest first, and how many match in all."""
    query = select(DeadLetter)
    counting = select(func.count()).select_from(DeadLetter)
    for column, value in ((DeadLetter.adapter, adapter), (DeadLetter.status, status)):
        if value is not None:
            query = query.where(column == value)  # type: ignore[arg-type]
            counting = counting.where(column == value)  # type: ignore[arg-type]
    query = query.order_by(DeadLetter.created_at.desc(), DeadLetter.id).limit(limit).offset(offset)  # type: ignore[attr-defined]
    async with database.session() as session:
        rows = list((await session.execute(query)).scalars())
        total = int((await session.execute(counting)).scalar_one())
    return rows, total


async def get(database: Database, letter_id: str) -> DeadLetter:
    """Return one dead letter; ``NotFound`` when there is none with that id."""
    async with database.session() as session:
        letter = await session.get(DeadLetter, letter_id)
    if letter is None:
        raise NotFound(f"no dead letter {letter_id!r}")
    return letter


async def replay(database: Database, letter_id: str) -> Replayed:
    """Parse the letter's payload again with its adapter and ingest it; on success the letter
    is marked replayed in the same transaction, else its attempts and error are updated."""
    async with database.transaction() as session:
        return await replay_in(session, letter_id)


async def replay_in(session: AsyncSession, letter_id: str) -> Replayed:
    """``replay`` in the caller's transaction."""
    letter = await session.get(DeadLetter, letter_id)
    if letter is None:
        raise NotFound(f"no dead letter {letter_id!r}")
    if letter.status != OPEN:
        raise Invalid(f"dead letter {letter_id} is {letter.status.lower()}, not open")
    letter.attempts += 1
    letter.updated_at = utcnow()
    try:
        inputs = _parsed(letter)
    except RecordError as error:
        letter.error = error.message
        return Replayed(letter, None)
    report = await ingest(session, inputs)
    letter.status = REPLAYED
    return Replayed(letter, report)


def _parsed(letter: DeadLetter) -> list[SourceRecordInput]:
    """Parse a letter again: a pushed line by the push's rules, a tap's record by the
    mapping it carries, else by its adapter."""
    if letter.adapter.startswith(TAP_PREFIX):
        return SingerTapAdapter.parse(letter.stream, letter.payload)
    if letter.adapter.startswith(PUSH_PREFIX):
        return [parse_line(letter.adapter.removeprefix(PUSH_PREFIX), letter.payload)]
    return adapter_class(letter.adapter).parse(letter.stream, letter.payload)


async def discard(database: Database, letter_id: str) -> DeadLetter:
    """Mark an open letter discarded (kept for the record, never replayed)."""
    async with database.transaction() as session:
        return await discard_in(session, letter_id)


async def discard_in(session: AsyncSession, letter_id: str) -> DeadLetter:
    """``discard`` in the caller's transaction."""
    letter = await session.get(DeadLetter, letter_id)
    if letter is None:
        raise NotFound(f"no dead letter {letter_id!r}")
    if letter.status != OPEN:
        raise Invalid(f"dead letter {letter_id} is {letter.status.lower()}, not open")
    letter.status = DISCARDED
    letter.updated_at = utcnow()
    return letter
