"""``docs/adding-a-kind.md`` followed for a sixth kind (vehicles, ``vehicle_kind.py``): one
``EntityKind`` and its table, registered next to the five, goes through the same pipeline as
they do: matched on its identifier, golden values by its rules, provenance, history, outbox
events, a link to the person its records name, flags kept.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from hub.errors import Invalid
from hub.registry.ingestion import ingest as ingest_registered
from hub.registry.kinds import KINDS
from hub.registry.pipeline.history import master_history
from hub.registry.pipeline.ingest import ingest
from hub.registry.pipeline.inputs import SourceRecordInput
from hub.registry.pipeline.outbox_models import OutboxEvent
from hub.registry.pipeline.provenance import masters_provenance
from tests.registry.kinds.vehicle_kind import VEHICLE, VEHICLE_KIND, Vehicle
from tests.registry.master_inputs import AN_CITIZEN_ID, an_from_health

VIN = "RLHJC4500NY012345"
JAN = datetime(2026, 1, 10, tzinfo=UTC)
FEB = datetime(2026, 2, 1, tzinfo=UTC)
WITH_VEHICLES = KINDS.with_kind(VEHICLE_KIND)


def vehicle(system: str, source_id: str, updated: datetime, **payload: Any) -> SourceRecordInput:
    """Return a vehicle source record."""
    return SourceRecordInput(system, source_id, payload, updated, VEHICLE)


async def _create_table(session: AsyncSession) -> None:
    # The step a migration does in the product.
    await session.run_sync(lambda s: Vehicle.metadata.create_all(s.connection()))


async def test_a_sixth_kind_goes_through_the_pipeline(session: AsyncSession) -> None:
    # given the vehicle table, and the owner already in the registry
    await _create_table(session)
    owner = await ingest_registered(session, [an_from_health()])
    person_id = owner.master_ids[("health_insurance", "HI-1")]
    # when the registration office and an insurer send the same vehicle
    registration = vehicle(
        "vehicle_registration",
        "DK-1",
        JAN,
        vin=VIN.lower(),
        plate="51H-123.45",
        make="Honda",
        owner_citizen_id=AN_CITIZEN_ID,
    )
    insurance = vehicle("insurance", "BH-9", FEB, SoKhung=VIN, BienSo="51H-999.99", make="HONDA")
    report = await ingest(session, WITH_VEHICLES, [registration, insurance])
    # then both records make one vehicle master, valued by the registration office's ranking
    assert (report.created, report.masters_created, report.linked) == (2, 1, 1)
    (master,) = (await session.execute(select(Vehicle))).scalars()
    assert (master.vin, master.plate, master.make) == (VIN, "51H-123.45", "Honda")
    # and the owner's citizen ID links the vehicle to the person master
    assert master.owner_citizen_id == AN_CITIZEN_ID
    assert master.owner_person_id == person_id
    # and provenance, history and the outbox know the new kind like any other
    provenance = (await masters_provenance(session, VEHICLE, [master.id]))[master.id]
    assert provenance["plate"].system == "vehicle_registration"
    assert [s.change for s in await master_history(session, VEHICLE, master.id)] == ["CREATED"]
    events = await session.execute(
        select(OutboxEvent).where(col(OutboxEvent.entity_type) == VEHICLE)
    )
    assert [e.event_type for e in events.scalars()] == ["CREATED"]


async def test_a_sixth_kind_keeps_and_flags_bad_records(session: AsyncSession) -> None:
    # given the vehicle table
    await _create_table(session)
    # when a record with a malformed VIN and an unknown owner arrives
    bad = vehicle(
        "insurance", "BH-2", JAN, vin="12345", plate="30A-000.01", owner_citizen_id=AN_CITIZEN_ID
    )
    report = await ingest(session, WITH_VEHICLES, [bad])
    # then it is kept, flagged, and makes a master of its own without a VIN
    assert (report.created, report.flagged) == (1, 1)
    (master,) = (await session.execute(select(Vehicle))).scalars()
    assert (master.vin, master.plate, master.owner_person_id) == (None, "30A-000.01", None)


async def test_the_registered_kinds_refuse_the_sixth_until_it_is_registered(
    session: AsyncSession,
) -> None:
    # given a vehicle record, when it is sent to the hub's own kinds, then it is refused
    with pytest.raises(Invalid, match="cannot ingest entity type 'vehicle'"):
        await ingest_registered(session, [vehicle("insurance", "BH-3", JAN, vin=VIN, plate="X")])
