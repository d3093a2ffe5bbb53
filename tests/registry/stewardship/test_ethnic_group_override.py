"""A steward's ethnic group is a code of the 2008 list, the one golden records keep."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from hub.errors import Invalid
from hub.registry.ingestion import ingest
from hub.registry.kinds.person import PERSON, service
from hub.registry.kinds.person.provenance import person_provenance
from hub.registry.stewardship.overrides import override_attribute
from tests.registry.master_inputs import an_from_health
from tests.registry.stewardship.stewards import STEWARD


async def test_an_ethnic_group_override_is_read_in_the_2008_list(session: AsyncSession) -> None:
    # Given a golden person without an ethnic group
    report = await ingest(session, [an_from_health()])
    person_id = report.master_ids[("health_insurance", "HI-1")]

    # When a steward sets it to 6, which only the 2008 list can read (Hoa; Mường in 1979)
    person = await override_attribute(
        session,
        STEWARD,
        person_id,
        "ethnic_group",
        "6",
        expected_version=1,
        reason="citizen's identity card",
        entity_type=PERSON,
    )

    # Then the golden code is 06, normalised, and named as the steward's
    assert person.ethnic_group == "06"
    current = await service.get(session, person_id)
    assert current is not None and current.ethnic_group == "06"
    assert (await person_provenance(session, person_id))["ethnic_group"].system == "steward"


@pytest.mark.parametrize("value", ["55", "Hoa"])
async def test_an_ethnic_group_override_outside_the_2008_list_is_refused(
    session: AsyncSession, value: str
) -> None:
    # Given a golden person
    report = await ingest(session, [an_from_health()])
    person_id = report.master_ids[("health_insurance", "HI-1")]

    # When a steward gives a code the 2008 list does not have
    # Then the override is refused naming the list, and nothing changes
    with pytest.raises(Invalid, match=f"'{value}' is not in the code list ethnic-groups-2008"):
        await override_attribute(
            session,
            STEWARD,
            person_id,
            "ethnic_group",
            value,
            expected_version=1,
            reason="typo",
            entity_type=PERSON,
        )
    current = await service.get(session, person_id)
    assert current is not None and current.ethnic_group is None and current.version == 1
