"""A person ingested, then moved: the outbox events of the feed tests, made by the pipeline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlmodel import col

from hub.db import Database
from hub.feed.relay import Relay
from hub.feed.settings import FeedSettings
from hub.registry.ingestion import ingest_in_transaction
from hub.registry.kinds.person.models import Person
from tests.registry.master_inputs import AN_CITIZEN_ID, an_from_health, record

SOURCE = "https://hub.test"
SETTINGS = FeedSettings(poll_seconds=0.02, batch=50)


@dataclass(frozen=True)
class Moved:
    """An's id: created (his health record), then moved (a later record with a new address)."""

    person_id: str


async def publish(database: Database) -> None:
    """Run one relay pass, so that the committed events are in the feed."""
    await Relay(database, SETTINGS, source=SOURCE, holder="test-relay").step()


async def create_an(database: Database) -> str:
    """Ingest An's health record; return his master id."""
    await ingest_in_transaction(database, [an_from_health()])
    async with database.session() as session:
        found = await session.scalar(select(Person).where(col(Person.citizen_id) == AN_CITIZEN_ID))
    assert found is not None
    return str(found.id)


async def move_an(database: Database, street: str, *, at: datetime | None = None) -> None:
    """The health system sends An again with only his street changed."""
    moved = record(
        "health_insurance",
        "HI-1",
        at or datetime(2026, 4, 1, tzinfo=UTC),
        citizen_id=AN_CITIZEN_ID,
        social_insurance_number="7912345678",
        full_name="Nguyễn Văn An",
        birth_date="1990-03-15",
        sex="MALE",
        address_commune_code="26740",
        address_street=street,
    )
    await ingest_in_transaction(database, [moved])
