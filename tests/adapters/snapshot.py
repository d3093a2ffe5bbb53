"""The registry's state in a form that does not depend on generated ids or times, so that two
databases that took the same records can be compared."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from hub.db import Database
from hub.registry.kinds import KINDS
from hub.registry.pipeline.source_models import SourceRecord, Xref


async def registry_snapshot(database: Database) -> dict[str, Any]:
    """Source records (key, content, validation), which records share a master, and each
    kind's golden values with master ids replaced by the source records they hold."""
    async with database.session() as session:
        sources = (await session.execute(select(SourceRecord))).scalars().all()
        xrefs = (await session.execute(select(Xref))).scalars().all()
        members: dict[str, set[tuple[str, str, str]]] = {}
        for xref in xrefs:
            members.setdefault(xref.master_id, set()).add(
                (xref.entity_type, xref.system, xref.source_id)
            )
        named = {master: tuple(sorted(keys)) for master, keys in members.items()}
        golden: dict[str, list[Any]] = {}
        for entity_type, kind in KINDS.items():
            rows = (await session.execute(select(kind.model))).scalars().all()
            values = []
            for row in rows:
                if getattr(row, "merged_into_id", None) is not None:
                    continue
                attributes = {a: _named(getattr(row, a, None), named) for a in kind.attributes}
                values.append((named.get(row.id), sorted(attributes.items(), key=str)))
            golden[entity_type] = sorted(values, key=repr)
    return {
        "sources": sorted(
            (s.entity_type, s.system, s.source_id, s.content_hash, s.validation_status)
            for s in sources
        ),
        "groups": sorted(named.values()),
        "golden": golden,
    }


def _named(value: Any, named: dict[str, tuple[tuple[str, str, str], ...]]) -> Any:
    if isinstance(value, str) and value in named:
        return named[value]
    return repr(value)
