"""Replaying flagged source records, after what made them fail has been fixed.

A record that fails validation is kept as sent and flagged (an unknown commune code, a code
list not imported yet, a person an enrolment names who was not in the registry yet). Once the
code lists are imported or the missing masters arrive, a replay validates each flagged record
again from its stored payload and, where the outcome changed, takes it through ingestion as if
the source had sent it again: matched, survivorship recomputed, issues closed, events written.
Records whose outcome did not change are left untouched.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from hub.db import Database
from hub.errors import Invalid
from hub.registry.pipeline import source_repository
from hub.registry.pipeline.ingest_retry import ingest_in_transaction
from hub.registry.pipeline.inputs import SourceRecordInput
from hub.registry.pipeline.kind import KindRegistry


@dataclass
class ReplayReport:
    """What a replay found and changed."""

    examined: int = 0
    """Flagged records validated again."""
    now_valid: int = 0
    """Records that pass validation now."""
    still_flagged_changed: int = 0
    """Records still flagged, but for other reasons than before (fewer or different flags)."""
    unchanged: int = 0
    """Records whose validation came out as before (left untouched)."""
    golden_changed: int = 0
    """Golden records recomputed with a different result."""


async def replay_flagged(
    database: Database,
    kinds: KindRegistry,
    *,
    entity_type: str | None = None,
    system: str | None = None,
    page_size: int = 500,
    on_page: Callable[[ReplayReport], None] | None = None,
) -> ReplayReport:
    """Validate every flagged record again (optionally of one entity type or source system),
    one transaction per page of ``page_size`` records, and ingest those whose outcome changed.

    ``on_page`` is called with the running totals after each page (for progress display).
    Pages are read in id order after the last one done, so a replay can be interrupted and run
    again: records already fixed are no longer flagged and are not read again.
    """
    if entity_type is not None and entity_type not in kinds:
        raise Invalid(f"no entity type {entity_type!r}", argument="entity_type")
    report = ReplayReport()
    after = ""
    while True:
        async with database.session() as session:
            page = await source_repository.flagged_after(
                session, after, page_size, entity_type=entity_type, system=system
            )
        if not page:
            return report
        inputs = [
            SourceRecordInput(r.system, r.source_id, r.payload, r.source_updated_at, r.entity_type)
            for r in page
        ]
        done = await ingest_in_transaction(database, kinds, inputs, revalidate=True)
        report.examined += len(page)
        report.unchanged += done.unchanged
        report.still_flagged_changed += done.flagged
        report.now_valid += done.updated - done.flagged
        report.golden_changed += done.golden_changed
        after = page[-1].id
        if on_page is not None:
            on_page(report)
