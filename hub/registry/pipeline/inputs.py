"""What ingestion takes and what it reports."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class SourceRecordInput:
    """One record as a source system sent it.

    ``entity_type`` names a registered kind (``hub.registry.kinds.KINDS``). ``payload`` is
    kept exactly as given (it must be JSON-serialisable); ``source_updated_at``
    is the source's own last-change time, which survivorship and valid time use.
    ``retired`` says the source deleted the record (a tombstone, or a record missing from a
    full snapshot): the stored record is marked retired and its master recomputed without
    it; its last payload is kept, and ``payload`` is not validated.
    """

    system: str
    source_id: str
    payload: Mapping[str, Any]
    source_updated_at: datetime
    entity_type: str
    retired: bool = False


@dataclass
class IngestReport:
    """Counts of what one ``ingest`` call did."""

    received: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    flagged: int = 0
    masters_created: int = 0
    linked: int = 0
    review_tasks: int = 0
    golden_changed: int = 0
    retired: int = 0
    """Stored source records this call marked retired."""
    masters_retired: int = 0
    """Masters left with no live source record, marked retired."""
    master_ids: dict[tuple[str, str], str] = field(default_factory=dict)
    """The master of every received record, by (system, source id)."""

    def add(self, other: IngestReport) -> None:
        """Add ``other``'s counts to these (for loaders that ingest in batches)."""
        for name in (
            "received",
            "created",
            "updated",
            "unchanged",
            "flagged",
            "masters_created",
            "linked",
            "review_tasks",
            "golden_changed",
            "retired",
            "masters_retired",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.master_ids.update(other.master_ids)
