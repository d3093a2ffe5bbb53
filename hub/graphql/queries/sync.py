"""The adapters, their runs and their dead letters (scope sync:run or registry:steward)."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import strawberry

from hub.adapters import listing
from hub.adapters.models import SyncRun as SyncRunRow
from hub.adapters.registry import ADAPTERS
from hub.graphql.arguments import clean_optional
from hub.graphql.context import Info
from hub.graphql.permissions import sync_reader
from hub.graphql.types.connection import Connection, connection_from_page, page_of
from hub.graphql.types.sync import Adapter, AdapterHealth, DeadLetter, SyncRun
from hub.kit.pagination import encode_cursor

_HEALTH = {
    "SUCCEEDED": AdapterHealth.OK,
    "RUNNING": AdapterHealth.RUNNING,
    "FAILED": AdapterHealth.FAILING,
    "ABANDONED": AdapterHealth.FAILING,
}


@strawberry.enum(description="Where a dead letter stands.")
class DeadLetterStatus(Enum):
    """OPEN, REPLAYED or DISCARDED."""

    OPEN = "OPEN"
    REPLAYED = "REPLAYED"
    DISCARDED = "DISCARDED"


def _health(run: SyncRunRow | None) -> AdapterHealth:
    if run is None:
        return AdapterHealth.NEVER_RUN
    return _HEALTH.get(run.status, AdapterHealth.FAILING)


@strawberry.type
class SyncQueries:
    """Queries of sync operators and stewards."""

    @strawberry.field(
        description=(
            "Every adapter with its last run and health (no configuration: secrets are never "
            "shown). Scope sync:run or registry:steward."
        ),
        extensions=sync_reader(),
    )
    async def adapters(self, info: Info) -> list[Adapter]:
        """The adapters in name order."""
        session = info.context.session
        names = sorted(ADAPTERS)
        last = await listing.last_runs(session, names)
        dead = await listing.open_dead_letters(session, names)
        return [
            Adapter(
                name=name,
                system=ADAPTERS[name].system,
                description=ADAPTERS[name].description,
                last_run=SyncRun.of(last[name]) if name in last else None,
                health=_health(last.get(name)),
                open_dead_letters=dead.get(name, 0),
            )
            for name in names
        ]

    @strawberry.field(
        description=(
            "Sync runs, newest first (of one adapter, or push:<system> for pushes; null: all). "
            "Scope sync:run or registry:steward."
        ),
        extensions=sync_reader(),
    )
    async def sync_runs(
        self,
        info: Info,
        adapter: Annotated[
            str | None, strawberry.argument(description="Only this adapter's runs.")
        ] = None,
        first: Annotated[
            int | None, strawberry.argument(description="Page size, at most 100.")
        ] = 20,
        after: Annotated[
            str | None, strawberry.argument(description="Cursor of the last run seen.")
        ] = None,
    ) -> Connection[SyncRun]:
        """A page of runs."""
        page = await listing.runs_page(
            info.context.session, clean_optional(adapter, "adapter"), page_of(info, first, after)
        )
        return connection_from_page(
            page, SyncRun.of, lambda row: encode_cursor(row.id), info=info, after=after
        )

    @strawberry.field(
        description=(
            "Dead letters with their errors and payloads as sent, newest first (open ones "
            "unless `status` says otherwise; null `status`: all). Scope sync:run or "
            "registry:steward."
        ),
        extensions=sync_reader(),
    )
    async def dead_letters(
        self,
        info: Info,
        adapter: Annotated[
            str | None, strawberry.argument(description="Only this adapter's letters.")
        ] = None,
        status: Annotated[
            DeadLetterStatus | None,
            strawberry.argument(description="Letters of this status; null for all."),
        ] = DeadLetterStatus.OPEN,
        first: Annotated[
            int | None, strawberry.argument(description="Page size, at most 100.")
        ] = 20,
        after: Annotated[
            str | None, strawberry.argument(description="Cursor of the last letter seen.")
        ] = None,
    ) -> Connection[DeadLetter]:
        """A page of dead letters."""
        page = await listing.dead_letters_page(
            info.context.session,
            clean_optional(adapter, "adapter"),
            None if status is None else status.value,
            page_of(info, first, after),
        )
        return connection_from_page(
            page, DeadLetter.of, lambda row: encode_cursor(row.id), info=info, after=after
        )
