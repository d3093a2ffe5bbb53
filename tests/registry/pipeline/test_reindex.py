"""Reindexing stored records under today's blocking rules."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, select
from sqlmodel import col

from hub.db import Database
from hub.errors import Invalid
from hub.registry.ingestion import ingest_in_transaction
from hub.registry.kinds import KINDS
from hub.registry.kinds.organization import ORGANIZATION
from hub.registry.pipeline.reindex import reindex
from hub.registry.pipeline.source_models import MatchKey
from tests.registry.kinds.organization.test_organization_matching import (
    FEB,
    QUAN_THANH,
    minh_phat_from_commune,
    organization,
)

LAND_RECORD = organization(
    "land_records", "LR-ORG-9", FEB, name="CTY TNHH TM-DV MINH PHAT", commune_code=QUAN_THANH
)


async def _keys(database: Database) -> set[tuple[str, str]]:
    async with database.session() as session:
        rows = await session.execute(
            select(col(MatchKey.source_record_id), col(MatchKey.key)).where(
                col(MatchKey.entity_type) == ORGANIZATION
            )
        )
        return {(r, k) for r, k in rows.all()}


async def _forget_keys(database: Database) -> None:
    # As if the record had been stored before organisations had name keys.
    async with database.transaction() as session:
        await session.execute(delete(MatchKey).where(col(MatchKey.entity_type) == ORGANIZATION))


async def test_a_record_stored_without_todays_keys_is_found_after_a_reindex(
    committed: Database,
) -> None:
    # given an enterprise stored without any blocking key
    first = await ingest_in_transaction(committed, [minh_phat_from_commune()])
    written = await _keys(committed)
    await _forget_keys(committed)

    # when its keys are rewritten and another system sends the same enterprise
    count = await reindex(committed, KINDS, ORGANIZATION, page_size=1)
    rewritten = await _keys(committed)
    report = await ingest_in_transaction(committed, [LAND_RECORD])

    # then the keys are those ingestion writes, and the new record joins the stored one
    assert count == 1
    assert written and rewritten == written
    master_id = first.master_ids[("commune_business_list", "CB-17")]
    assert report.master_ids[("land_records", "LR-ORG-9")] == master_id


async def test_without_a_reindex_the_keyless_record_is_not_found(committed: Database) -> None:
    # given an enterprise stored without any blocking key
    await ingest_in_transaction(committed, [minh_phat_from_commune()])
    await _forget_keys(committed)

    # when another system sends the same enterprise, then it gets a master of its own
    report = await ingest_in_transaction(committed, [LAND_RECORD])
    assert report.masters_created == 1


async def test_an_unknown_entity_type_is_refused(committed: Database) -> None:
    # given no such kind, when reindexed, then the argument is named
    with pytest.raises(Invalid, match="no entity type 'SHIP'"):
        await reindex(committed, KINDS, "SHIP")
