"""Overrides: a steward's value wins survivorship until cleared, and is logged with its reason."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from hub.errors import Conflict, Invalid
from hub.registry.ingestion import ingest
from hub.registry.kinds.person import PERSON, service
from hub.registry.kinds.person.provenance import person_provenance
from hub.registry.stewardship import repository
from hub.registry.stewardship.overrides import clear_override, override_attribute
from tests.registry.master_inputs import MAR, an_from_health, an_from_land, record
from tests.registry.stewardship.stewards import STEWARD


async def test_an_override_wins_until_cleared(session: AsyncSession) -> None:
    # given a golden person
    report = await ingest(session, [an_from_health(), an_from_land()])
    person_id = report.master_ids[("health_insurance", "HI-1")]

    # when a steward corrects the street, and a source later sends another street
    person = await override_attribute(
        session,
        STEWARD,
        person_id,
        "address_street",
        "Số 14 Lê Lợi",
        expected_version=1,
        reason="citizen brought proof",
        entity_type=PERSON,
    )
    assert person.address_street == "Số 14 Lê Lợi"
    land = an_from_land()
    await ingest(
        session,
        [
            record(
                land.system,
                land.source_id,
                MAR,
                **{**land.payload, "address_street": "Số 99 Lê Lợi"},
            )
        ],
    )

    # then the steward's value stands, named as such
    current = await service.get(session, person_id)
    assert current is not None and current.address_street == "Số 14 Lê Lợi"
    provenance = await person_provenance(session, person_id)
    assert provenance["address_street"].system == "steward"

    # when the override is cleared
    await clear_override(
        session,
        STEWARD,
        person_id,
        "address_street",
        expected_version=current.version,
        reason="superseded",
        entity_type=PERSON,
    )

    # then the most recent trusted source decides again, and both actions are logged
    cleared = await service.get(session, person_id)
    assert cleared is not None and cleared.address_street == "Số 99 Lê Lợi"
    actions = await repository.actions(session, person_id)
    assert [(a.action, a.reason) for a in actions] == [
        ("OVERRIDE", "citizen brought proof"),
        ("CLEAR_OVERRIDE", "superseded"),
    ]


async def test_an_override_from_a_stale_version_is_a_conflict(session: AsyncSession) -> None:
    # given a person at version 1
    report = await ingest(session, [an_from_health()])
    person_id = report.master_ids[("health_insurance", "HI-1")]

    # when a steward overrides from version 0
    # then the hub refuses
    with pytest.raises(Conflict):
        await override_attribute(
            session,
            STEWARD,
            person_id,
            "phone",
            "0900000000",
            expected_version=0,
            reason="x",
            entity_type=PERSON,
        )


async def test_an_override_of_an_unknown_attribute_is_invalid(session: AsyncSession) -> None:
    # given a person
    report = await ingest(session, [an_from_health()])
    person_id = report.master_ids[("health_insurance", "HI-1")]

    # when a steward overrides an attribute persons do not have
    # then the input is rejected
    with pytest.raises(Invalid):
        await override_attribute(
            session,
            STEWARD,
            person_id,
            "shoe_size",
            "42",
            expected_version=1,
            reason="x",
            entity_type=PERSON,
        )
