"""A master as the console shows it: values, provenance, source records, history, issues."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from hub.principals.principal import Principal
from hub.registry.browse.service import VersionChange, histories
from hub.registry.pipeline import golden_repository, source_repository
from hub.registry.pipeline.golden_models import GoldenProvenance
from hub.registry.pipeline.source_models import SourceRecord
from hub.registry.stewardship.access import require_steward
from hub.registry.stewardship.masters import kind_of


@dataclass(frozen=True)
class MasterView:
    """One master with everything a steward looks at."""

    entity_type: str
    master: Any
    attributes: tuple[str, ...]
    provenance: dict[str, GoldenProvenance]
    sources: list[SourceRecord]
    history: list[VersionChange]


async def load_masters(
    session: AsyncSession, principal: Principal, entity_type: str, ids: list[str]
) -> dict[str, MasterView]:
    """Return the views of these masters (unknown ids left out); stewards only."""
    require_steward(principal)
    kind = kind_of(entity_type)
    found = await golden_repository.masters(session, kind.model, ids)
    provenance = await golden_repository.provenance(session, kind.entity_type, list(found))
    sources = await source_repository.contributions(session, kind.entity_type, list(found))
    changes = await histories(session, kind.entity_type, list(found))
    return {
        master_id: MasterView(
            entity_type=kind.entity_type,
            master=master,
            attributes=kind.attributes,
            provenance=dict(provenance.get(master_id, {})),
            sources=list(sources.get(master_id, [])),
            history=changes[master_id],
        )
        for master_id, master in found.items()
    }


def differing(left: MasterView | None, right: MasterView | None) -> set[str]:
    """The attributes whose values differ between two masters (both known)."""
    if left is None or right is None:
        return set()
    return {
        a
        for a in left.attributes
        if getattr(left.master, a, None) != getattr(right.master, a, None)
    }
