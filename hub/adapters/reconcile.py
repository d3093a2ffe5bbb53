"""Full-refresh reconciliation: after a complete read of a stream that returns the source's
whole content, the records of the adapter's system it did not return were deleted at the
source; they become tombstones, which ingestion retires.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from hub.adapters.protocol import Stream
from hub.db import Database
from hub.registry.pipeline import source_repository
from hub.registry.pipeline.inputs import SourceRecordInput


@dataclass
class Seen:
    """The records a full read returned (and the source ids of its dead letters, which are
    not taken as deleted: the source still holds them, unreadable as they are)."""

    keys: set[tuple[str, str]] = field(default_factory=set)
    unreadable: set[str] = field(default_factory=set)

    def add(self, inputs: Iterable[SourceRecordInput]) -> None:
        """Remember the inputs one raw record became."""
        self.keys.update((record.entity_type, record.source_id) for record in inputs)

    def empty(self) -> bool:
        """True when the read returned nothing (an empty folder is no proof of deletes)."""
        return not self.keys and not self.unreadable


async def missing(
    database: Database, system: str, stream: Stream, seen: Seen, now: datetime
) -> list[SourceRecordInput]:
    """Return a tombstone for every live record of ``system`` of the stream's entity types
    that the full read did not return."""
    tombstones: list[SourceRecordInput] = []
    async with database.session() as session:
        for entity_type in stream.entity_types:
            for source_id in await source_repository.live_source_ids(session, entity_type, system):
                if (entity_type, source_id) in seen.keys or source_id in seen.unreadable:
                    continue
                tombstones.append(
                    SourceRecordInput(
                        system,
                        source_id,
                        {"missing_from_full_snapshot": True},
                        now,
                        entity_type,
                        retired=True,
                    )
                )
    return tombstones
