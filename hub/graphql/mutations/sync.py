"""Operators' handles on the adapters: replay or discard a dead letter, start a sync (scope
sync:run)."""

from __future__ import annotations

from typing import Annotated

import strawberry

from hub.adapters import dead_letters
from hub.adapters.config_file import configured_adapter
from hub.adapters.lease import AlreadyRunning
from hub.adapters.protocol import ConfigurationError
from hub.adapters.runner import RunOptions
from hub.adapters.trigger import trigger
from hub.errors import Conflict, Invalid, Unavailable
from hub.graphql.arguments import clean
from hub.graphql.context import Info
from hub.graphql.permissions import sync_operator
from hub.graphql.types.sync import DeadLetter, ReplayedDeadLetter, SyncRun
from hub.settings import get_settings


@strawberry.type
class SyncMutations:
    """Mutations of sync operators."""

    @strawberry.field(
        description=(
            "Parse an open dead letter again with its adapter and ingest it: REPLAYED when it "
            "lands, else its error and attempts are updated. Scope sync:run."
        ),
        extensions=sync_operator(),
    )
    async def replay_dead_letter(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The dead letter's id.")],
    ) -> ReplayedDeadLetter:
        """Replay one letter in the request's transaction."""
        done = await dead_letters.replay_in(info.context.session, clean(id, "id"))
        return ReplayedDeadLetter(
            dead_letter=DeadLetter.of(done.letter), landed=done.report is not None
        )

    @strawberry.field(
        description="Close an open dead letter without replaying it (kept). Scope sync:run.",
        extensions=sync_operator(),
    )
    async def discard_dead_letter(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The dead letter's id.")],
    ) -> DeadLetter:
        """Discard one letter."""
        return DeadLetter.of(await dead_letters.discard_in(info.context.session, clean(id, "id")))

    @strawberry.field(
        description=(
            "Start a run of a configured adapter in the background; returns the run as soon "
            "as it is recorded (follow it with syncRuns). CONFLICT when it is already running, "
            "BAD_USER_INPUT when the adapter is unknown or misconfigured. Scope sync:run."
        ),
        extensions=sync_operator(),
    )
    async def trigger_sync(
        self,
        info: Info,
        adapter: Annotated[str, strawberry.argument(description="The adapter to run.")],
        full: Annotated[
            bool, strawberry.argument(description="Read everything again (--full).")
        ] = False,
    ) -> SyncRun:
        """Start the run."""
        database = info.context.database
        if database is None:
            raise Unavailable("syncs can only be started through the hub's HTTP API")
        settings = get_settings()
        try:
            built = configured_adapter(settings.adapters_config, clean(adapter, "adapter"))
            run = await trigger(
                database,
                built,
                RunOptions(
                    full_refresh=full,
                    batch_size=settings.sync_batch_size,
                    dead_letter_threshold=settings.sync_dead_letter_threshold,
                    lease_seconds=settings.sync_lease_seconds,
                ),
            )
        except ConfigurationError as error:
            raise Invalid(error.message, argument="adapter") from None
        except AlreadyRunning as error:
            raise Conflict(error.message) from None
        return SyncRun.of(run)
