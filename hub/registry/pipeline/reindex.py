"""Rewriting the blocking keys of stored records, after the matcher's blocking rules changed.

Ingestion writes a record's keys when it stores the record, so records stored under older
rules keep their older keys and new records cannot find them through the new ones (the
organisation matcher, say, added name-and-commune keys to the identifier keys it had). A
reindex computes every stored record's keys again with today's rules, page by page; each
page's records lose their old keys and get their new ones in one transaction, so ingestion
running meanwhile always sees every record under one set of keys or the other. Blocks are
capped as ingestion caps them. Records are not matched again: only later records benefit.
"""

from __future__ import annotations

from collections.abc import Callable

from hub.db import Database
from hub.errors import Invalid
from hub.registry.pipeline import reference, source_repository
from hub.registry.pipeline.candidate_index import CandidateIndex, hashed
from hub.registry.pipeline.kind import KindRegistry, matcher_for


async def reindex(
    database: Database,
    kinds: KindRegistry,
    entity_type: str,
    *,
    page_size: int = 1000,
    on_page: Callable[[int], None] | None = None,
) -> int:
    """Rewrite the blocking keys of every stored record of ``entity_type``; return how many
    records were reindexed. ``on_page`` gets the running count after each page.
    """
    kind = kinds.get(entity_type)
    if kind is None:
        raise Invalid(f"no entity type {entity_type!r}", argument="entity_type")
    done = 0
    after = ""
    while True:
        async with database.transaction() as session:
            page = await source_repository.attributes_after(session, entity_type, after, page_size)
            if not page:
                return done
            matcher = matcher_for(kind, await reference.communes(session))
            keys = {rid: [hashed(k) for k in matcher.keys(rid, attrs)] for rid, attrs in page}
            await source_repository.delete_keys(session, [rid for rid, _ in page])
            index = CandidateIndex()
            index.load(
                await source_repository.blocks(
                    session, entity_type, [k for ks in keys.values() for k in ks]
                )
            )
            for rid, attributes in page:
                index.add(rid, "", attributes, keys[rid])
            await source_repository.add_keys(session, entity_type, index.new_keys)
        done += len(page)
        after = page[-1][0]
        if on_page is not None:
            on_page(done)
