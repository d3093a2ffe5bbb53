"""The demo citizens are plausible: valid citizen IDs that agree with birth date and sex,
2025 commune codes, both levels of assurance, and an idempotent load into the registry."""

from __future__ import annotations

from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from hub.auth.eid.dev_provider.citizens import demo_citizens, load_demo_citizens
from hub.registry.codelists import service as codelists
from hub.registry.codelists.directory import CodeListDirectory
from hub.registry.codelists.models import ADMIN_UNITS_LIST_ID
from hub.registry.identifiers import check_citizen_id_plausibility, validate_citizen_id
from hub.registry.kinds.person import service as records

REFORM_DAY = date(2025, 7, 1)


async def test_demo_citizen_ids_are_valid_and_agree_with_birth_date_and_sex(
    session: AsyncSession,
) -> None:
    # given the demo citizens and the real admin-unit code lists
    directory = CodeListDirectory(session)

    # when each citizen ID is validated and compared with the citizen's birth date and sex
    for citizen in demo_citizens():
        validation = await validate_citizen_id(
            citizen.citizen_id, as_of=date(2026, 1, 1), directory=directory
        )
        problems = check_citizen_id_plausibility(
            citizen.citizen_id, citizen.birth_date, citizen.sex
        )

        # then every ID is valid and plausible
        assert (validation.valid, problems) == (True, []), citizen.key


async def test_demo_addresses_are_2025_communes(session: AsyncSession) -> None:
    # given the demo citizens' address commune codes
    # when each is looked up on the day the 2025 structure came into force
    for citizen in demo_citizens():
        unit = await codelists.find(
            session, ADMIN_UNITS_LIST_ID, citizen.address_commune_code, REFORM_DAY
        )

        # then it is a commune of the new structure, named as the demo says
        assert unit is not None, citizen.key
        assert unit.level is not None and unit.level.value == "COMMUNE"
        assert citizen.address_commune_name.startswith(unit.name)


def test_two_demo_citizens_per_level() -> None:
    # given the demo citizens, when their acr values are counted, then there are two of each
    acrs = sorted(citizen.acr for citizen in demo_citizens())
    assert acrs == ["urn:vneid:loa:1"] * 2 + ["urn:vneid:loa:2"] * 2


async def test_loading_the_demo_citizens_twice_keeps_one_person_each(
    session: AsyncSession,
) -> None:
    # given the demo citizens loaded once
    await load_demo_citizens(session)
    first: dict[str, str] = {}
    for citizen in demo_citizens():
        loaded = await records.find_by_citizen_id(session, citizen.citizen_id)
        assert loaded is not None
        first[citizen.key] = loaded.id

    # when they are loaded again
    await load_demo_citizens(session)

    # then each is the same person, with contact data and address
    for citizen in demo_citizens():
        person = await records.find_by_citizen_id(session, citizen.citizen_id)
        assert person is not None
        assert person.id == first[citizen.key]
        assert (person.phone, person.email, person.address_commune_code) == (
            citizen.phone,
            citizen.email,
            citizen.address_commune_code,
        )
