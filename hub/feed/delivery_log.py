"""Deliveries of personal data written to the access log, exactly as reads through the API."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from hub.audit.reads import ReadCollector
from hub.audit.service import append_reads
from hub.feed.rights import Delivery
from hub.graphql.access_logging import reader_of
from hub.principals.principal import Principal
from hub.settings import get_settings


async def log_deliveries(
    session: AsyncSession,
    principal: Principal,
    deliveries: Sequence[Delivery],
    *,
    channel: str,
    request_id: str | None = None,
) -> None:
    """Append the reads of ``deliveries`` to ``principal``'s access log in the session's
    transaction: one request row per batch, one entry per person and group, as a GraphQL
    request that read the same. ``channel`` is logged as the operation name."""
    collector = ReadCollector()
    for delivery in deliveries:
        for read in delivery.reads:
            for attribute in read.attributes:
                collector.record(read.person_id, read.attribute_group, attribute)
    await append_reads(
        session,
        reader_of(principal),
        collector.take(),
        operation_name=channel,
        request_id=request_id,
        shards=get_settings().audit_shards,
    )
