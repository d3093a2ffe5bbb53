"""Demo data: a generated population fed through ``ingest`` the way source systems would send
it, so that a new user sees golden records, provenance, conflicts and a steward queue.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from hub.registry.ingestion import ingest
from hub.registry.kinds.person import PERSON
from hub.registry.pipeline.inputs import IngestReport, SourceRecordInput
from hub.registry.population.generator import (
    Geography,
    Person,
    SourceRecord,
    generate_population,
    load_geography,
)
from hub.registry.population.holdings import holding_inputs, organization_inputs

BATCH = 200
# Source update times fall in the year before this, so history and recency have something to
# order; fixed, so the same seed always loads the same registry.
EPOCH = datetime(2026, 1, 1, tzinfo=UTC)


WALK_IN_EVERY = 12
"""One person in this many also turns up at a commune one-stop desk elsewhere, without IDs."""


def source_inputs(
    geography: Geography, persons: int, *, seed: int, holdings: bool = False
) -> Iterator[SourceRecordInput]:
    """Yield the generated records as source systems send them (values as written), plus
    walk-in records that are near matches for a steward to review; with ``holdings``, first
    the demo agencies, and after each person what they hold in the land, health-insurance and
    cadre systems (drawn from a generator of their own, so the person records stay the same).
    """
    rng = random.Random(seed)
    held = random.Random(f"holdings:{seed}")
    if holdings:
        yield from organization_inputs(EPOCH)
    for index, view in enumerate(generate_population(geography, persons, seed=seed)):
        for generated in view.records:
            yield _input(generated, EPOCH - timedelta(minutes=rng.randrange(365 * 24 * 60)))
        if index % WALK_IN_EVERY == 0:
            yield _walk_in(view.person, rng.choice(geography.communes)[0], seed, index)
        if holdings:
            # After the person's own records, so that a batch never holds a parcel or card
            # whose person comes only in the next one.
            yield from holding_inputs(
                held, view.person, EPOCH + timedelta(days=index % 300), every_kind=index == 0
            )


def _walk_in(person: Person, commune: str, seed: int, index: int) -> SourceRecordInput:
    # Same name, birth date and sex in another commune and no identifier: likely, not certain.
    return SourceRecordInput(
        system="commune_desk",
        source_id=f"commune_desk:{seed}:{index}",
        payload={
            "full_name": person.full_name,
            "birth_date": person.birth_date.isoformat(),
            "sex": person.sex,
            "address_commune_code": commune,
        },
        source_updated_at=EPOCH,
        entity_type=PERSON,
    )


def _input(generated: SourceRecord, updated: datetime) -> SourceRecordInput:
    person = generated.record
    payload = {
        "citizen_id": person.citizen_id,
        "social_insurance_number": person.social_insurance_number,
        "full_name": person.full_name,
        "birth_date": generated.written_birth_date,
        "sex": person.sex,
        "address_commune_code": person.commune_code,
        "address_street": person.street,
        "ethnic_group": generated.ethnic_group,
        "ethnic_group_list": generated.ethnic_group_list,
    }
    return SourceRecordInput(
        system=generated.system,
        source_id=person.id,
        payload={k: v for k, v in payload.items() if v is not None},
        source_updated_at=updated,
        entity_type=PERSON,
    )


async def load_demo_population(
    session: AsyncSession,
    *,
    persons: int = 300,
    seed: int = 7,
    geography: Geography | None = None,
) -> IngestReport:
    """Ingest ``persons`` generated people, each seen by two or three source systems with
    realistic noise, and their parcels, cards and appointments (``holdings``), in batches;
    deterministic from ``seed``. Does not commit.

    ``geography`` defaults to the real communes of the hub's admin-unit code lists.
    """
    places = geography or load_geography()
    total = IngestReport()
    batch: list[SourceRecordInput] = []
    for item in source_inputs(places, persons, seed=seed, holdings=True):
        batch.append(item)
        if len(batch) == BATCH:
            total.add(await ingest(session, batch))
            batch = []
    if batch:
        total.add(await ingest(session, batch))
    return total
