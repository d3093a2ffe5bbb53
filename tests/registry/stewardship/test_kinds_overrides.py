"""Override values are checked by the validator of their kind: bad values, derived attributes
and identifiers another master holds are refused; list attributes take JSON text.
"""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from hub.errors import Conflict, Invalid
from hub.registry.ingestion import ingest
from hub.registry.kinds.health_enrollment import HEALTH_INSURANCE_ENROLLMENT
from hub.registry.kinds.land_parcel import LAND_PARCEL
from hub.registry.kinds.land_parcel import reads as land
from hub.registry.kinds.organization import ORGANIZATION
from hub.registry.stewardship.overrides import clear_override, override_attribute
from tests.registry.master_inputs import AN_CITIZEN_ID, an_from_health
from tests.registry.stewardship.kind_inputs import (
    BINH_CITIZEN_ID,
    an_card,
    an_parcel,
    binh,
    land_department,
    survey_department,
)
from tests.registry.stewardship.stewards import STEWARD


async def _override(
    session: AsyncSession, entity_type: str, master_id: str, attribute: str, value: str | None
) -> None:
    await override_attribute(
        session,
        STEWARD,
        master_id,
        attribute,
        value,
        expected_version=1,
        reason="correction",
        entity_type=entity_type,
    )


@pytest.mark.parametrize(
    ("attribute", "value", "message"),
    [
        ("tax_code", "0100109107", "tax_code: "),
        ("commune_code", "99999", "unknown commune code"),
        ("name", "   ", "give a value"),
        ("shoe_size", "42", "unknown organization attribute"),
    ],
)
async def test_bad_organization_values_are_refused(
    session: AsyncSession, attribute: str, value: str, message: str
) -> None:
    # given an organization
    report = await ingest(session, [land_department()])
    agency = report.master_ids[("agency_directory", "AD-18")]

    # when a steward overrides with a value its validator rejects
    # then the input is refused, saying why
    with pytest.raises(Invalid, match=message):
        await _override(session, ORGANIZATION, agency, attribute, value)


async def test_an_identifier_another_master_holds_is_a_conflict(session: AsyncSession) -> None:
    # given two agencies
    report = await ingest(session, [land_department(), survey_department()])
    agency = report.master_ids[("agency_directory", "AD-18")]

    # when a steward gives the first the other's agency code, in its other written form
    # then the hub refuses: the two would have to be merged instead
    with pytest.raises(Conflict, match="merge the two"):
        await _override(session, ORGANIZATION, agency, "agency_code", "000.00.19.G12")


async def test_derived_attributes_cannot_be_overridden(session: AsyncSession) -> None:
    # given a parcel and an enrolment
    parcels = await ingest(session, [an_parcel()])
    cards = await ingest(session, [an_card()])
    parcel = parcels.master_ids[("land_registration", "GCN-12")]
    card = cards.master_ids[("health_insurance", "THE-1")]

    # when a steward overrides the keys the registry derives from other attributes
    # then each is refused, naming it derived
    with pytest.raises(Invalid, match="derived"):
        await _override(session, LAND_PARCEL, parcel, "legacy_key", "26740-5-99")
    with pytest.raises(Invalid, match="derived"):
        await _override(session, HEALTH_INSURANCE_ENROLLMENT, card, "enrollment_key", "x:1")
    with pytest.raises(Invalid, match="derived"):
        await _override(session, HEALTH_INSURANCE_ENROLLMENT, card, "person_id", "p")


async def test_right_holders_are_overridden_as_json_and_their_rows_follow(
    session: AsyncSession,
) -> None:
    # given An's parcel, An and Bình known to the registry
    persons = await ingest(session, [an_from_health(), binh()])
    binh_id = persons.master_ids[("health_insurance", "HI-2")]
    report = await ingest(session, [an_parcel()])
    parcel = report.master_ids[("land_registration", "GCN-12")]
    holders = (
        f'[{{"citizen_id": "{AN_CITIZEN_ID}", "share": "1/2"}}, '
        f'{{"citizen_id": "{BINH_CITIZEN_ID}", "name": "Trần Thị Bình", "share": "1/2"}}]'
    )

    # when a steward overrides the holders with JSON text, and then with shares not summing to 1
    await _override(session, LAND_PARCEL, parcel, "right_holders", holders)
    with pytest.raises(Invalid, match="sum to 1/2"):
        await override_attribute(
            session,
            STEWARD,
            parcel,
            "right_holders",
            f'[{{"citizen_id": "{AN_CITIZEN_ID}", "share": "1/2"}}]',
            expected_version=2,
            reason="x",
            entity_type=LAND_PARCEL,
        )

    # then the holder rows follow the valid override, persons resolved
    rows = (await land.right_holders(session, [parcel]))[parcel]
    assert [(r.citizen_id, r.share_numerator, r.share_denominator) for r in rows] == [
        (AN_CITIZEN_ID, 1, 2),
        (BINH_CITIZEN_ID, 1, 2),
    ]
    assert [p.id for p in (await land.parcels_of_persons(session, [binh_id]))[binh_id]] == [parcel]

    # when the override is cleared, the registration's holders are back
    await clear_override(
        session,
        STEWARD,
        parcel,
        "right_holders",
        expected_version=2,
        reason="court decision annulled",
        entity_type=LAND_PARCEL,
    )
    rows = (await land.right_holders(session, [parcel]))[parcel]
    assert [r.citizen_id for r in rows] == [AN_CITIZEN_ID]
    with pytest.raises(Invalid, match="has no override"):
        await clear_override(
            session,
            STEWARD,
            parcel,
            "right_holders",
            expected_version=3,
            reason="again",
            entity_type=LAND_PARCEL,
        )
