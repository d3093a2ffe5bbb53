"""Adapters, their runs and dead letters, as operators and stewards see them. Configuration
(and so any secret) is never part of an answer."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import cast

import strawberry
from strawberry.scalars import JSON

from hub.adapters.models import DeadLetter as DeadLetterRow
from hub.adapters.models import SyncRun as SyncRunRow


@strawberry.enum(description="How an adapter stands, from its last run.")
class AdapterHealth(Enum):
    """OK, FAILING, RUNNING or NEVER_RUN."""

    OK = "OK"
    FAILING = "FAILING"
    RUNNING = "RUNNING"
    NEVER_RUN = "NEVER_RUN"


@strawberry.type(description="One run of an adapter (or of a push: adapter push:<system>).")
class SyncRun:
    """A run's counts, duration, status and checkpoints."""

    id: strawberry.ID = strawberry.field(description="The run's id.")
    adapter: str = strawberry.field(description="The adapter, or push:<system> for a push.")
    status: str = strawberry.field(description="RUNNING, SUCCEEDED, FAILED or ABANDONED.")
    full_refresh: bool = strawberry.field(description="Read from the beginning (--full).")
    started_at: datetime = strawberry.field(description="When the run started.")
    finished_at: datetime | None = strawberry.field(description="When it ended; null: running.")
    duration_seconds: float | None = strawberry.field(description="How long it took.")
    records_read: int = strawberry.field(description="Records read from the source.")
    created: int = strawberry.field(description="Source records new to the hub.")
    updated: int = strawberry.field(description="Source records that changed.")
    unchanged: int = strawberry.field(description="Source records sent again unchanged.")
    flagged: int = strawberry.field(description="Records stored with validation findings.")
    dead_lettered: int = strawberry.field(description="Records that became dead letters.")
    retired: int = strawberry.field(description="Source records retired (deleted at source).")
    checkpoint_before: JSON = strawberry.field(description="The checkpoints it started from.")
    checkpoint_after: JSON = strawberry.field(description="The checkpoints it reached.")
    error: str | None = strawberry.field(description="Why it failed.")

    @classmethod
    def of(cls, row: SyncRunRow) -> SyncRun:
        """The GraphQL object of a run."""
        return cls(
            id=strawberry.ID(row.id),
            adapter=row.adapter,
            status=row.status,
            full_refresh=row.full_refresh,
            started_at=row.started_at,
            finished_at=row.finished_at,
            duration_seconds=row.duration_seconds,
            records_read=row.records_read,
            created=row.created,
            updated=row.updated,
            unchanged=row.unchanged,
            flagged=row.flagged,
            dead_lettered=row.dead_lettered,
            retired=row.retired,
            checkpoint_before=cast(JSON, row.checkpoint_before),
            checkpoint_after=cast(JSON, row.checkpoint_after),
            error=row.error,
        )


@strawberry.type(description="A record that could not be read, kept as sent with the reason.")
class DeadLetter:
    """The payload as sent, the error, the stream and the attempts."""

    id: strawberry.ID = strawberry.field(description="The dead letter's id.")
    adapter: str = strawberry.field(description="The adapter (or push:<system>).")
    stream: str = strawberry.field(description="The stream it came from.")
    source_id: str | None = strawberry.field(description="The record's id at the source.")
    payload: JSON = strawberry.field(description="The record as the source sent it.")
    error: str = strawberry.field(description="What was wrong, and what was expected.")
    attempts: int = strawberry.field(description="Reads and replays that failed.")
    status: str = strawberry.field(description="OPEN, REPLAYED or DISCARDED.")
    run_id: str | None = strawberry.field(description="The run that met it.")
    created_at: datetime = strawberry.field(description="When it was first met.")
    updated_at: datetime = strawberry.field(description="When it last changed.")

    @classmethod
    def of(cls, row: DeadLetterRow) -> DeadLetter:
        """The GraphQL object of a dead letter."""
        return cls(
            id=strawberry.ID(row.id),
            adapter=row.adapter,
            stream=row.stream,
            source_id=row.source_id,
            payload=cast(JSON, row.payload),
            error=row.error,
            attempts=row.attempts,
            status=row.status,
            run_id=row.run_id,
            created_at=row.created_at,
            updated_at=row.updated_at,
        )


@strawberry.type(description="An adapter the hub knows, with its last run and health.")
class Adapter:
    """Name, source system, description, last run, health and open dead letters."""

    name: str = strawberry.field(description="The adapter's name (hub sync NAME).")
    system: str = strawberry.field(description="The system its source records carry.")
    description: str = strawberry.field(description="What it reads.")
    last_run: SyncRun | None = strawberry.field(description="Its latest run; null: never ran.")
    health: AdapterHealth = strawberry.field(description="How it stands, from its last run.")
    open_dead_letters: int = strawberry.field(description="Its dead letters still open.")


@strawberry.type(description="What replaying a dead letter did.")
class ReplayedDeadLetter:
    """The letter afterwards, and whether it landed."""

    dead_letter: DeadLetter = strawberry.field(description="The letter after the replay.")
    landed: bool = strawberry.field(
        description="True when it parsed and was ingested (status REPLAYED); false: it failed "
        "again, its error and attempts updated."
    )
