"""Where a person's golden values came from, and the source records behind them."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from hub.registry.kinds.person import PERSON
from hub.registry.pipeline import golden_repository
from hub.registry.pipeline.golden_models import GoldenProvenance
from hub.registry.pipeline.provenance import master_sources
from hub.registry.pipeline.source_models import SourceRecord


async def person_provenance(session: AsyncSession, person_id: str) -> dict[str, GoldenProvenance]:
    """Return the provenance of each golden attribute of a person, by attribute."""
    found = await golden_repository.provenance(session, PERSON, [person_id])
    return dict(found.get(person_id, {}))


async def person_sources(session: AsyncSession, person_id: str) -> list[SourceRecord]:
    """Return the source records behind a person, as their systems sent them."""
    return await master_sources(session, PERSON, person_id)
