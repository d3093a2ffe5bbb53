"""Citizens' correction requests: filed against their own record, decided once by a steward."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from hub.errors import Conflict, Forbidden, Invalid
from hub.principals.principal import AssuranceLevel, Principal, PrincipalKind
from hub.principals.scopes import CITIZEN_SELF_SCOPES
from hub.registry.kinds.person import service as persons
from hub.registry.stewardship import corrections
from tests.registry.stewardship.stewards import READER, STEWARD


async def citizen(session: AsyncSession) -> Principal:
    """A signed-in citizen with a person record."""
    person = await persons.ensure_person(
        session,
        citizen_id="001085012345",
        full_name="Nguyễn Văn An",
        birth_date=date(1985, 3, 14),
        sex="MALE",
    )
    return Principal(
        kind=PrincipalKind.CITIZEN,
        scopes=CITIZEN_SELF_SCOPES,
        person_id=person.id,
        subject=person.id,
        assurance=AssuranceLevel.LEVEL_2,
    )


async def test_a_rejected_request_tells_the_citizen_why_and_is_decided_once(
    session: AsyncSession,
) -> None:
    # Given a citizen's request about their birth date
    me = await citizen(session)
    filed = await corrections.file_correction(
        session, me, attribute="birth_date", comment="  Sai ngày sinh  "
    )
    assert (filed.status, filed.reported_value, filed.comment) == (
        "OPEN",
        "1985-03-14",
        "Sai ngày sinh",
    )
    assert [r.id for r in await corrections.list_corrections(session, STEWARD)] == [filed.id]
    # When a steward rejects it with a reason
    assert filed.id is not None
    await corrections.reject_correction(
        session, STEWARD, filed.id, reason="the birth register says 14/03/1985"
    )
    # Then the citizen sees the decision and its reason, and it cannot be decided again
    mine = await corrections.corrections_of_citizen(session, me)
    assert [(r.status, r.decision_reason, r.decided_by) for r in mine] == [
        ("REJECTED", "the birth register says 14/03/1985", "steward-1")
    ]
    with pytest.raises(Conflict):
        await corrections.reject_correction(session, STEWARD, filed.id, reason="again")
    assert await corrections.list_corrections(session, STEWARD) == []


async def test_requests_are_refused_to_non_citizens_and_without_a_comment(
    session: AsyncSession,
) -> None:
    # Given a citizen
    me = await citizen(session)
    # When an agency client files one, the citizen files a blank one or names no attribute,
    # and a non-steward lists them
    with pytest.raises(Forbidden):
        await corrections.file_correction(session, STEWARD, attribute="sex", comment="x")
    with pytest.raises(Invalid):
        await corrections.file_correction(session, me, attribute="sex", comment="   ")
    with pytest.raises(Invalid):
        await corrections.file_correction(session, me, attribute="citizen_id", comment="x")
    with pytest.raises(Forbidden):
        await corrections.list_corrections(session, READER)
    # Then nothing was filed
    assert await corrections.corrections_of_citizen(session, me) == []
