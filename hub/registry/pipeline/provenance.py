"""Reading where golden values came from."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from hub.registry.pipeline import golden_repository, source_repository
from hub.registry.pipeline.golden_models import GoldenProvenance
from hub.registry.pipeline.source_models import SourceRecord


async def masters_provenance(
    session: AsyncSession, entity_type: str, master_ids: list[str]
) -> dict[str, dict[str, GoldenProvenance]]:
    """Return the provenance of masters of any kind (parcels, enrolments, appointments), by
    master and attribute, in one statement (for dataloaders).
    """
    found = await golden_repository.provenance(session, entity_type, master_ids)
    return {mid: dict(found.get(mid, {})) for mid in master_ids}


async def master_sources(
    session: AsyncSession, entity_type: str, master_id: str
) -> list[SourceRecord]:
    """Return the source records behind a master of any kind, as their systems sent them."""
    found = await source_repository.contributions(session, entity_type, [master_id])
    return list(found.get(master_id, ()))
