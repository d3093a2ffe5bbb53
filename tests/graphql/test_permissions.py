"""Field-level enforcement on persons: the order of checks, what is revealed, what is logged."""

from __future__ import annotations

import json
from typing import Any

import pytest
import strawberry
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from hub.audit import repository as audit_repository
from hub.audit import service as audit_service
from hub.audit.models import AccessEntry, RequestLog
from hub.graphql.access_logging import AccessLogging
from hub.graphql.context import Context
from hub.graphql.errors import ErrorCodes
from hub.graphql.permissions import requires
from hub.principals.principal import ANONYMOUS, AssuranceLevel
from hub.principals.scopes import PERSONAL_SCOPES, Scope
from tests.access_fixtures import (
    AGENCY_CODE,
    ALICE,
    CASE,
    CLIENT_ID,
    PURPOSE,
    UNKNOWN_PIN,
    World,
    build_world,
    citizen,
    client,
    codes,
    delegated,
    run,
)

ALL = frozenset({Scope.PERSON_IDENTITY_READ, Scope.PERSON_CONTACT_READ, Scope.PERSON_ADDRESS_READ})
BY_PIN = """
query ByPin($pin: String) {
  person(pin: $pin) {
    id citizenId fullName birthDate sex phone email
    address { communeCode street commune { name } }
  }
}
"""
BY_ID = "query ById($id: ID) { person(id: $id) { citizenId fullName } }"
BOTH = 'query { person(pin: "001190000001", id: "x") { fullName } }'
NEITHER = "query { person { fullName } }"
NAME_ONLY = "query NameOnly($pin: String) { person(pin: $pin) { fullName } }"
ID_ONLY = "query IdOnly($pin: String) { person(pin: $pin) { id } }"
REFERENCE = '{ administrativeUnit(code: "01", asOf: "2025-07-01") { name } }'


@pytest.fixture
async def world(session: AsyncSession) -> World:
    return await build_world(session)


async def _entries(session: AsyncSession) -> list[AccessEntry]:
    result = await session.execute(select(AccessEntry).order_by(col(AccessEntry.attribute_group)))
    return list(result.scalars())


async def _request_rows(session: AsyncSession) -> int:
    return int((await session.execute(select(func.count()).select_from(RequestLog))).scalar_one())


async def test_agency_with_every_scope_reads_every_group(
    session: AsyncSession, world: World
) -> None:
    # Given an agency client with the three person scopes and a registered purpose
    principal = client(ALL)
    # When it reads Alice by citizen ID
    body = await run(session, BY_PIN, principal, {"pin": ALICE["citizen_id"]})
    # Then every field resolves, the commune through the admin-unit code list
    assert "errors" not in body
    person = body["data"]["person"]
    assert person["fullName"] == ALICE["full_name"]
    assert person["birthDate"] == "1990-03-14"
    assert person["email"] == ALICE["email"]
    assert person["address"] == {
        "communeCode": "26740",
        "street": "12 Đồng Khởi",
        "commune": {"name": "Phường Sài Gòn"},
    }


async def test_the_global_id_finds_the_same_person(session: AsyncSession, world: World) -> None:
    # Given Alice's global id as an agency saw it
    found = await run(session, ID_ONLY, client(ALL), {"pin": ALICE["citizen_id"]})
    global_id = found["data"]["person"]["id"]
    # When the agency looks her up by that id
    body = await run(session, BY_ID, client(ALL), {"id": global_id})
    # Then it is Alice
    assert body["data"]["person"]["citizenId"] == ALICE["citizen_id"]


async def test_reads_are_logged_once_per_person_and_group(
    session: AsyncSession, world: World
) -> None:
    # Given an agency client with every person scope, stating a purpose and a case
    principal = client(ALL)
    # When it reads every field of Alice in one named operation
    await run(session, BY_PIN, principal, {"pin": ALICE["citizen_id"]}, request_id="req-0001-abc")
    # Then one entry per attribute group is written (the id folded in), with who, why and how
    entries = await _entries(session)
    assert [(e.attribute_group, e.attributes) for e in entries] == [
        ("person.address:read", "address address.commune address.communeCode address.street"),
        ("person.contact:read", "email phone"),
        ("person.identity:read", "birthDate citizenId fullName sex"),
    ]
    for entry in entries:
        assert entry.person_id == world.alice.id
        assert (entry.client_id, entry.agency_code, entry.reader_kind) == (
            CLIENT_ID,
            AGENCY_CODE,
            "CLIENT",
        )
        assert (entry.purpose_code, entry.case) == (PURPOSE, CASE)
        assert (entry.operation_name, entry.request_id) == ("ByPin", "req-0001-abc")
    # And one request row names them all
    assert await _request_rows(session) == 1


async def test_an_id_alone_is_logged_as_a_lookup(session: AsyncSession, world: World) -> None:
    # When an agency only asks for Alice's id
    await run(session, ID_ONLY, client({Scope.PERSON_CONTACT_READ}), {"pin": ALICE["citizen_id"]})
    # Then the lookup itself is logged
    assert [(e.attribute_group, e.attributes) for e in await _entries(session)] == [
        ("person.id", "id")
    ]


async def test_unknown_pin_is_null_for_a_caller_with_rights(
    session: AsyncSession, world: World
) -> None:
    # When an agency with rights asks for a citizen ID nobody has
    body = await run(session, BY_PIN, client(ALL), {"pin": UNKNOWN_PIN})
    # Then the answer is null without error, and nothing is logged
    assert body == {"data": {"person": None}}
    assert await _request_rows(session) == 0


@pytest.mark.parametrize(
    "who",
    ["citizen of another", "agency for another", "agency without person scopes"],
)
async def test_unknown_and_someone_else_answer_byte_for_byte_alike(
    session: AsyncSession, world: World, who: str
) -> None:
    # Given a caller without rights to Bob
    principal = {
        "citizen of another": citizen(world.alice, ALL),
        "agency for another": delegated(world.alice, ALL),
        "agency without person scopes": client({Scope.LAND_READ}),
    }[who]
    # When it asks for Bob, and for a citizen ID nobody has
    someone_else = await run(session, BY_PIN, principal, {"pin": str(world.bob.citizen_id)})
    unknown = await run(session, BY_PIN, principal, {"pin": UNKNOWN_PIN})
    # Then both answers are the same bytes: FORBIDDEN, with nothing about Bob
    assert json.dumps(someone_else, sort_keys=True) == json.dumps(unknown, sort_keys=True)
    assert codes(unknown) == ["FORBIDDEN"]
    assert unknown["data"] == {"person": None}
    assert await _request_rows(session) == 0


@pytest.mark.parametrize(
    ("document", "message"),
    [
        (BOTH, "exactly one"),
        (NEITHER, "exactly one"),
        ('query { person(pin: "12345") { fullName } }', "12-digit"),
        ('query { person(id: "not-an-id") { fullName } }', "not a Person id"),
    ],
)
async def test_bad_arguments(
    session: AsyncSession, world: World, document: str, message: str
) -> None:
    # When the arguments of person are wrong
    body = await run(session, document, client(ALL))
    # Then the caller is told which
    assert codes(body) == ["BAD_USER_INPUT"]
    assert message in body["errors"][0]["message"]


async def test_anonymous_callers_read_reference_data_but_no_person(
    session: AsyncSession, world: World
) -> None:
    # When an anonymous caller asks for reference data and for a person
    reference = await run(session, REFERENCE, ANONYMOUS)
    person = await run(session, NAME_ONLY, ANONYMOUS, {"pin": ALICE["citizen_id"]})
    # Then reference data is open and the person needs authentication
    assert reference == {"data": {"administrativeUnit": {"name": "Thành phố Hà Nội"}}}
    assert codes(person) == ["UNAUTHENTICATED"]
    assert person["data"] == {"person": None}


@pytest.mark.parametrize("purpose", [None, "marketing"])
async def test_agency_needs_a_registered_purpose(
    session: AsyncSession, world: World, purpose: str | None
) -> None:
    # When an agency states no purpose, or one not registered for its client
    body = await run(session, NAME_ONLY, client(ALL, purpose=purpose), {"pin": ALICE["citizen_id"]})
    # Then personal data needs a purpose
    assert codes(body) == ["PURPOSE_REQUIRED"]


async def test_citizen_reads_self_and_the_read_is_logged_as_self(
    session: AsyncSession, world: World
) -> None:
    # When Alice reads her own name
    body = await run(session, NAME_ONLY, citizen(world.alice, ALL), {"pin": ALICE["citizen_id"]})
    # Then she gets it, and the log records a self-read
    assert body == {"data": {"person": {"fullName": ALICE["full_name"]}}}
    [entry] = await _entries(session)
    assert (entry.reader_kind, entry.end_user, entry.client_id, entry.purpose_code) == (
        "CITIZEN",
        world.alice.id,
        "citizen-portal",
        None,
    )


async def test_delegated_read_names_the_end_user(session: AsyncSession, world: World) -> None:
    # When the agency, acting for Alice, reads her name
    await run(session, NAME_ONLY, delegated(world.alice, ALL), {"pin": ALICE["citizen_id"]})
    # Then the entry names Alice as the end user
    [entry] = await _entries(session)
    assert (entry.reader_kind, entry.end_user, entry.client_id) == (
        "DELEGATED",
        world.alice.id,
        CLIENT_ID,
    )


def _three(root: LandHolder) -> int | None:
    return 3


@strawberry.type(description="Test-only holder of a high-assurance attribute group.")
class LandHolder:
    """Stands in for the land fields that arrive later."""

    person_id: strawberry.Private[str]
    parcels: int | None = strawberry.field(
        description="A land attribute.", resolver=_three, extensions=requires(Scope.LAND_READ)
    )

    @property
    def subject_id(self) -> str:
        """The owner."""
        return self.person_id

    def attribute_name(self, field_name: str) -> str:
        """Logged as is."""
        return field_name


def _land_of(info: strawberry.Info[Context, None]) -> LandHolder:
    return LandHolder(person_id=info.context.principal.person_id or "nobody")


@strawberry.type(description="Test root.")
class LandQuery:
    """Test root."""

    land: LandHolder = strawberry.field(description="The land of a person.", resolver=_land_of)


def _land_schema(*, logged: bool) -> strawberry.Schema:
    extensions: list[Any] = [ErrorCodes]
    if logged:
        extensions.append(lambda: AccessLogging(shards=16))
    return strawberry.Schema(query=LandQuery, extensions=extensions)


LAND = "{ land { parcels } }"


@pytest.mark.parametrize(
    ("assurance", "expected"),
    [(AssuranceLevel.LEVEL_1, ["FORBIDDEN"]), (AssuranceLevel.LEVEL_2, [])],
)
async def test_land_and_health_need_assurance_level_2(
    session: AsyncSession, world: World, assurance: AssuranceLevel, expected: list[str]
) -> None:
    # Given Alice signed in at some level with every personal scope
    principal = citizen(world.alice, PERSONAL_SCOPES, assurance=assurance)
    # When she reads a land attribute of hers
    body = await run(session, LAND, principal, schema=_land_schema(logged=True))
    # Then only level 2 reads it
    assert codes(body) == expected
    if expected:
        assert "assurance level 2" in body["errors"][0]["message"]


async def test_personal_fields_fail_closed_without_the_access_log(
    session: AsyncSession, world: World
) -> None:
    # Given a schema that forgot the access-logging extension
    schema = _land_schema(logged=False)
    # When an allowed caller reads a personal field
    body = await run(session, LAND, citizen(world.alice, PERSONAL_SCOPES), schema=schema)
    # Then the field fails instead of going unlogged
    assert codes(body) == ["INTERNAL"]
    assert body["data"] == {"land": {"parcels": None}}


async def test_a_lost_race_for_a_shard_head_is_retried(
    session: AsyncSession, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a first read of Alice, and a writer that will see a stale head once
    await run(session, NAME_ONLY, client(ALL), {"pin": ALICE["citizen_id"]})
    real_heads = audit_repository.heads
    calls: list[int] = []

    async def stale_once(s: AsyncSession, shards: list[int]) -> dict[int, tuple[int, str]]:
        calls.append(1)
        return {} if len(calls) == 1 else await real_heads(s, shards)

    monkeypatch.setattr(audit_repository, "heads", stale_once)
    # When Alice is read again
    body = await run(session, NAME_ONLY, client(ALL), {"pin": ALICE["citizen_id"]})
    # Then the collision on (shard, seq) is retried and the chain grows by one
    assert "errors" not in body
    assert len(calls) == 2
    assert sorted(e.seq for e in await _entries(session)) == [1, 2]


async def test_data_that_cannot_be_logged_is_not_returned(
    session: AsyncSession, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a first read of Alice, and writers that always see a stale head
    await run(session, NAME_ONLY, client(ALL), {"pin": ALICE["citizen_id"]})

    async def always_stale(s: AsyncSession, shards: list[int]) -> dict[int, tuple[int, str]]:
        return {}

    monkeypatch.setattr(audit_repository, "heads", always_stale)
    monkeypatch.setattr(audit_service, "RETRY_BUDGET_SECONDS", 0.2)
    # When Alice is read again
    body = await run(session, NAME_ONLY, client(ALL), {"pin": ALICE["citizen_id"]})
    # Then the caller is told to retry, gets no data, and the failed attempts left nothing behind
    assert body["data"] is None
    assert codes(body) == ["UNAVAILABLE"]
    assert ALICE["full_name"] not in json.dumps(body, ensure_ascii=False)
    assert await _request_rows(session) == 1
    assert len(await _entries(session)) == 1
