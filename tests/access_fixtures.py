"""Shared fixture data of the access tests: persons, an agency with clients, and principals.

Everything is built through the product's services; principals are built directly, as the
authentication middleware would fill them from a token.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from hub.auth.agencies import create_agency
from hub.auth.clients import ClientRegistration, create_client, set_client_purpose
from hub.auth.purposes import create_purpose
from hub.graphql.context import Context
from hub.graphql.dataloaders import Loaders
from hub.graphql.schema import build_schema
from hub.principals.principal import AssuranceLevel, Principal, PrincipalKind
from hub.principals.scopes import Scope
from hub.registry.kinds.person import service as records
from hub.registry.kinds.person.models import Person
from hub.settings import Environment, Settings

AGENCY_CODE = "G12.18"
AGENCY_NAME = "Cục Cảnh sát quản lý hành chính về trật tự xã hội"
CLIENT_ID = "police-records"
INVESTIGATION_CLIENT_ID = "police-investigation"
PURPOSE = "residence-check"
INVESTIGATION = "criminal-investigation"
PURPOSE_VI = "Kiểm tra cư trú"
PURPOSE_EN = "Residence check"
CASE = "HS-2026-0042"
AGENCY_SCOPES = (
    "person.identity:read person.contact:read person.address:read person.sensitive:read audit:read"
)

ALICE: dict[str, Any] = {
    "citizen_id": "001190000001",
    "full_name": "Nguyễn Thị Lan",
    "birth_date": date(1990, 3, 14),
    "sex": "FEMALE",
    "phone": "+84 912 345 678",
    "email": "lan.nguyen@example.vn",
    "address_commune_code": "26740",
    "address_street": "12 Đồng Khởi",
    "ethnic_group": "01",
}
BOB: dict[str, Any] = {
    "citizen_id": "079085000002",
    "full_name": "Trần Văn Bình",
    "birth_date": date(1985, 7, 1),
    "sex": "MALE",
    "phone": "+84 903 000 111",
    "email": "binh.tran@example.vn",
    "address_commune_code": "26740",
    "address_street": "5 Lê Lợi",
}
UNKNOWN_PIN = "001099009999"


@dataclass(frozen=True)
class World:
    """The persons of a test."""

    alice: Person
    bob: Person


async def build_world(session: AsyncSession) -> World:
    """Create Alice and Bob, the agency, its two clients and their purposes; commit."""
    alice = await records.ensure_person(session, **ALICE)
    bob = await records.ensure_person(session, **BOB)
    await create_agency(session, code=AGENCY_CODE, name=AGENCY_NAME)
    await create_purpose(
        session, code=PURPOSE, description_vi=PURPOSE_VI, description_en=PURPOSE_EN
    )
    await create_purpose(
        session,
        code=INVESTIGATION,
        description_vi="Điều tra hình sự",
        description_en="Criminal investigation",
    )
    for client_id in (CLIENT_ID, INVESTIGATION_CLIENT_ID):
        await create_client(
            session,
            ClientRegistration(
                name=f"Client {client_id}",
                agency_code=AGENCY_CODE,
                scopes=AGENCY_SCOPES,
                purposes=[PURPOSE],
                client_id=client_id,
                secret="test-secret-not-used",
            ),
        )
    await set_client_purpose(
        session, INVESTIGATION_CLIENT_ID, INVESTIGATION, disclosure_delay_days=30
    )
    await session.commit()
    return World(alice=alice, bob=bob)


def client(
    scopes: frozenset[Scope] | set[Scope],
    *,
    purpose: str | None = PURPOSE,
    client_id: str = CLIENT_ID,
    case: str | None = CASE,
) -> Principal:
    """An agency client acting on its own."""
    return Principal(
        kind=PrincipalKind.CLIENT,
        scopes=frozenset(scopes),
        client_id=client_id,
        agency_code=AGENCY_CODE,
        subject=client_id,
        purpose=purpose,
        case=case,
        allowed_purposes=frozenset(
            {PURPOSE, INVESTIGATION} if client_id == INVESTIGATION_CLIENT_ID else {PURPOSE}
        ),
    )


def citizen(
    person: Person,
    scopes: frozenset[Scope] | set[Scope],
    *,
    assurance: AssuranceLevel = AssuranceLevel.LEVEL_2,
) -> Principal:
    """A citizen signed in, acting for themself."""
    return Principal(
        kind=PrincipalKind.CITIZEN,
        scopes=frozenset(scopes),
        client_id="citizen-portal",
        person_id=person.id,
        subject=person.id,
        assurance=assurance,
    )


def delegated(
    person: Person,
    scopes: frozenset[Scope] | set[Scope],
    *,
    purpose: str | None = PURPOSE,
    assurance: AssuranceLevel = AssuranceLevel.LEVEL_2,
) -> Principal:
    """The agency client acting for ``person`` (token exchange)."""
    return Principal(
        kind=PrincipalKind.DELEGATED,
        scopes=frozenset(scopes),
        client_id=CLIENT_ID,
        agency_code=AGENCY_CODE,
        person_id=person.id,
        subject=person.id,
        assurance=assurance,
        purpose=purpose,
        case=CASE,
        allowed_purposes=frozenset({PURPOSE}),
    )


_SCHEMA = build_schema(Settings(environment=Environment.TEST, database_url="sqlite:///unused.db"))


async def run(
    session: AsyncSession,
    document: str,
    principal: Principal,
    variables: dict[str, Any] | None = None,
    *,
    request_id: str | None = None,
    schema: strawberry.Schema = _SCHEMA,
) -> dict[str, Any]:
    """Execute ``document`` in-process as ``principal``; return the JSON-shaped response."""
    context = Context(
        request=None,
        response=None,
        session=session,
        loaders=Loaders(session),
        principal=principal,
        request_id=request_id,
    )
    result = await schema.execute(document, variable_values=variables, context_value=context)
    body: dict[str, Any] = {"data": result.data}
    if result.errors:
        body["errors"] = [error.formatted for error in result.errors]
    return body


def codes(body: dict[str, Any]) -> list[str]:
    """Return the error codes of a response, in order."""
    return [error["extensions"]["code"] for error in body.get("errors", [])]
