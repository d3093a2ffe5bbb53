"""The demo's sync (``hub demo sync``, run by ``make run``): the three simulators through the
real adapters give persons whose records come from three systems."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlmodel import col

from hub.adapters.demo_sync import sync_simulators
from hub.db import Database
from hub.registry.kinds.land_parcel.models import ParcelRightHolder
from hub.registry.kinds.person import PERSON
from hub.registry.pipeline.source_models import Xref
from tests.adapters.conftest import SMALL


async def test_the_demo_sync_gives_persons_named_by_three_systems(committed: Database) -> None:
    # Given an empty registry
    # When the three simulators are synced
    runs = await sync_simulators(committed, SMALL, persons=80, seed=11)
    # Then each run succeeded, and some persons have records from health insurance and the
    # HR software and hold a parcel of the land records
    assert [(r.adapter, r.status) for r in runs] == [
        ("health-insurance", "SUCCEEDED"),
        ("land-records", "SUCCEEDED"),
        ("cadre-management", "SUCCEEDED"),
    ]
    systems = (
        select(col(Xref.master_id))
        .where(col(Xref.entity_type) == PERSON)
        .group_by(col(Xref.master_id))
        .having(func.count(func.distinct(col(Xref.system))) == 2)
    )
    async with committed.session() as session:
        both = set((await session.execute(systems)).scalars())
        holders = set((await session.execute(select(col(ParcelRightHolder.person_id)))).scalars())
    assert both & holders
