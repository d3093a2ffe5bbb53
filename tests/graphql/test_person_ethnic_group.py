"""A person's ethnic group through GraphQL: sensitive data behind person.sensitive:read, at
assurance level 2 for citizens, and every read in the access log."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from hub.audit.models import AccessEntry
from hub.kit import clock
from hub.principals.principal import AssuranceLevel
from hub.principals.scopes import PERSONAL_SCOPES, Scope
from hub.registry.ingestion import ingest
from hub.registry.kinds.person import service
from hub.registry.kinds.person.ethnic_groups import LIST_1979, LIST_2008
from hub.registry.kinds.person.models import Person
from tests.access_fixtures import CLIENT_ID, PURPOSE, World, build_world, citizen, client, run
from tests.registry.master_inputs import AN_CITIZEN_ID, FEB, MAR, an_from_health, record

IDENTITY = frozenset({Scope.PERSON_IDENTITY_READ})
SENSITIVE = frozenset({Scope.PERSON_IDENTITY_READ, Scope.PERSON_SENSITIVE_READ})
YESTERDAY = datetime(2026, 3, 9, 9, 0, tzinfo=UTC)
TODAY = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)

ETHNIC = """
query Ethnic($pin: String) {
  person(pin: $pin) { fullName ethnicGroup { code name } }
}
"""
SOURCES = """
query Sources($pin: String) {
  person(pin: $pin) {
    provenance { attribute system }
    history { edges { node { changedAttributes } } }
  }
}
"""
AS_OF = """
query AsOf($pin: String, $asOf: DateTime) {
  person(pin: $pin, asOf: $asOf) { ethnicGroup { code name } }
}
"""


@pytest.fixture
async def world(session: AsyncSession) -> World:
    return await build_world(session)


@pytest.fixture
async def an(session: AsyncSession, world: World) -> Person:
    """Nguyễn Văn An, Hoa: 1979 code 04 from health insurance, 2008 code 06 from the cadre
    system."""
    health = an_from_health()
    await ingest(
        session,
        [
            record(
                health.system,
                health.source_id,
                health.source_updated_at,
                **health.payload,
                ethnic_group="04",
                ethnic_group_list=LIST_1979,
            ),
            record(
                "cadre_management",
                "CM-1",
                FEB,
                citizen_id=AN_CITIZEN_ID,
                full_name="Nguyễn Văn An",
                ethnic_group="06",
                ethnic_group_list=LIST_2008,
            ),
        ],
    )
    person = await service.find_by_citizen_id(session, AN_CITIZEN_ID)
    assert person is not None
    return person


async def _logged(session: AsyncSession) -> list[tuple[str, str]]:
    result = await session.execute(select(AccessEntry).order_by(col(AccessEntry.attribute_group)))
    return [(e.attribute_group, e.attributes) for e in result.scalars()]


async def test_without_the_sensitive_scope_the_ethnic_group_is_forbidden(
    session: AsyncSession, an: Person
) -> None:
    # Given an agency with every other person scope
    principal = client(PERSONAL_SCOPES - {Scope.PERSON_SENSITIVE_READ})
    # When it asks for An's name and ethnic group
    body = await run(session, ETHNIC, principal, {"pin": AN_CITIZEN_ID})
    # Then the name resolves and the ethnic group is refused, naming the scope
    assert body["data"] == {"person": {"fullName": "Nguyễn Văn An", "ethnicGroup": None}}
    [error] = body["errors"]
    assert (error["path"], error["extensions"]["code"]) == (["person", "ethnicGroup"], "FORBIDDEN")
    assert "person.sensitive:read" in error["message"]
    # And no read of the sensitive group is logged
    assert await _logged(session) == [("person.identity:read", "fullName")]


async def test_with_the_scope_the_golden_2008_code_and_its_name_are_read_and_logged(
    session: AsyncSession, an: Person
) -> None:
    # Given an agency with the sensitive-data scope, stating its purpose
    # When it asks for An's ethnic group
    body = await run(session, ETHNIC, client(SENSITIVE), {"pin": AN_CITIZEN_ID})
    # Then it reads the 2008 code of Hoa, whichever list each source used, named from the list
    assert "errors" not in body
    assert body["data"]["person"]["ethnicGroup"] == {"code": "06", "name": "Hoa"}
    # And the read is in An's access log under its own group, with who and why
    assert await _logged(session) == [
        ("person.identity:read", "fullName"),
        ("person.sensitive:read", "ethnicGroup"),
    ]
    entry = (
        await session.execute(
            select(AccessEntry).where(col(AccessEntry.attribute_group) == "person.sensitive:read")
        )
    ).scalar_one()
    assert (entry.person_id, entry.client_id, entry.purpose_code) == (an.id, CLIENT_ID, PURPOSE)


async def test_provenance_and_history_show_the_ethnic_group_only_with_the_scope(
    session: AsyncSession, an: Person
) -> None:
    # Given An, whose ethnic group came from two sources
    # When an agency without the scope and one with it read where his values came from
    without = await run(session, SOURCES, client(IDENTITY), {"pin": AN_CITIZEN_ID})
    with_scope = await run(session, SOURCES, client(SENSITIVE), {"pin": AN_CITIZEN_ID})
    # Then only the second sees the ethnic group, from the source that won (health insurance)
    hidden = without["data"]["person"]
    assert "ethnicGroup" not in {p["attribute"] for p in hidden["provenance"]}
    assert "ethnicGroup" not in hidden["history"]["edges"][0]["node"]["changedAttributes"]
    shown = with_scope["data"]["person"]
    assert {"attribute": "ethnicGroup", "system": "health_insurance"} in shown["provenance"]
    assert "ethnicGroup" in shown["history"]["edges"][0]["node"]["changedAttributes"]
    # And that read is logged in the sensitive group, the first one's nowhere
    sensitive = [a for g, a in await _logged(session) if g == "person.sensitive:read"]
    assert sensitive == ["history.ethnicGroup provenance.ethnicGroup"]


@pytest.mark.parametrize(
    ("assurance", "readable"), [(AssuranceLevel.LEVEL_1, False), (AssuranceLevel.LEVEL_2, True)]
)
async def test_a_citizen_reads_their_ethnic_group_only_at_assurance_level_2(
    session: AsyncSession, an: Person, assurance: AssuranceLevel, readable: bool
) -> None:
    # Given An signed in at some level, holding every personal scope
    principal = citizen(an, PERSONAL_SCOPES, assurance=assurance)
    # When he reads his ethnic group and where his values came from
    body = await run(session, ETHNIC, principal, {"pin": AN_CITIZEN_ID})
    sources = await run(session, SOURCES, principal, {"pin": AN_CITIZEN_ID})
    # Then only level 2 reads it, and at level 1 provenance keeps quiet about it
    attributes = {p["attribute"] for p in sources["data"]["person"]["provenance"]}
    assert "fullName" in attributes
    if readable:
        assert body["data"]["person"]["ethnicGroup"] == {"code": "06", "name": "Hoa"}
        assert "ethnicGroup" in attributes
    else:
        assert body["data"]["person"]["ethnicGroup"] is None
        [error] = body["errors"]
        assert error["extensions"]["code"] == "FORBIDDEN"
        assert "assurance level 2" in error["message"]
        assert "ethnicGroup" not in attributes
        assert "person.sensitive:read" not in {g for g, _ in await _logged(session)}


async def test_as_of_answers_the_ethnic_group_the_hub_knew_then(
    session: AsyncSession, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given An known yesterday without an ethnic group, and today as Hoa (1979 code 04)
    monkeypatch.setattr(clock, "utcnow", lambda: YESTERDAY)
    await ingest(session, [an_from_health()])
    monkeypatch.setattr(clock, "utcnow", lambda: TODAY)
    seen = an_from_health()
    await ingest(
        session,
        [
            record(
                seen.system,
                seen.source_id,
                MAR,
                **seen.payload,
                ethnic_group="04",
                ethnic_group_list=LIST_1979,
            )
        ],
    )
    # When an agency asks as of yesterday evening and as of today
    evening = (YESTERDAY + timedelta(hours=10)).isoformat()
    then = await run(session, AS_OF, client(SENSITIVE), {"pin": AN_CITIZEN_ID, "asOf": evening})
    now = await run(
        session, AS_OF, client(SENSITIVE), {"pin": AN_CITIZEN_ID, "asOf": TODAY.isoformat()}
    )
    # Then each answer is what the hub knew then
    assert then == {"data": {"person": {"ethnicGroup": None}}}
    assert now == {"data": {"person": {"ethnicGroup": {"code": "06", "name": "Hoa"}}}}
