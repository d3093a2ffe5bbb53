"""Ingestion of the registered kinds: the pipeline's entry points bound to ``KINDS``.

The pipeline (``hub.registry.pipeline``) takes the kinds it handles as an argument and never
names one; callers that ingest the hub's own kinds (the demo, the CLI, adapters, tests) call
these.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from hub.db import Database
from hub.registry.kinds import KINDS
from hub.registry.pipeline import ingest as pipeline
from hub.registry.pipeline import ingest_retry
from hub.registry.pipeline.inputs import IngestReport, SourceRecordInput
from hub.registry.pipeline.survivorship import SurvivorshipRules


async def ingest(
    session: AsyncSession,
    records: Sequence[SourceRecordInput],
    *,
    rules: SurvivorshipRules | None = None,
    revalidate: bool = False,
) -> IngestReport:
    """Ingest ``records`` of the registered kinds in the caller's transaction
    (``hub.registry.pipeline.ingest.ingest``)."""
    return await pipeline.ingest(session, KINDS, records, rules=rules, revalidate=revalidate)


async def ingest_in_transaction(
    database: Database,
    records: Sequence[SourceRecordInput],
    *,
    attempts: int = 3,
    rules: SurvivorshipRules | None = None,
    revalidate: bool = False,
) -> IngestReport:
    """Ingest ``records`` of the registered kinds in a transaction of their own, retried on
    contention (``hub.registry.pipeline.ingest_retry.ingest_in_transaction``)."""
    return await ingest_retry.ingest_in_transaction(
        database, KINDS, records, attempts=attempts, rules=rules, revalidate=revalidate
    )
