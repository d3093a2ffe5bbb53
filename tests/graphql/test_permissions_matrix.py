"""The security matrix: every scope subset × every kind of caller × every personal field.

The fields come from the schema and their declared scopes from the permission declarations,
so a new field of ``Person`` without a declaration fails here, and so does any new type that
holds a person's record without declaring every field.
"""

from __future__ import annotations

import json
import typing
from itertools import combinations
from typing import Any

import pytest
from graphql import GraphQLNamedType, GraphQLObjectType, get_named_type, is_required_argument
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.permission import BasePermission, PermissionExtension
from strawberry.types.base import StrawberryObjectDefinition
from strawberry.types.field import StrawberryField
from strawberry.types.private import is_private

from hub.audit.service import AccessLogItem
from hub.auth.consent import ConsentView
from hub.graphql.permissions import (
    PERSON_ATTRIBUTES,
    CitizenOnly,
    OwnData,
    PersonLookup,
    RequiresScope,
)
from hub.graphql.schema import build_schema
from hub.principals.principal import ANONYMOUS, Principal
from hub.principals.scopes import Scope
from hub.registry.kinds import KINDS as REGISTERED_KINDS
from hub.registry.kinds.person import PERSON
from hub.registry.kinds.person.models import Person as PersonRecord
from hub.settings import Settings
from tests.access_fixtures import ALICE, World, build_world, citizen, client, delegated, run

SCHEMA = build_schema(Settings())
PERSON_SCOPES = (
    Scope.PERSON_IDENTITY_READ,
    Scope.PERSON_CONTACT_READ,
    Scope.PERSON_ADDRESS_READ,
    Scope.PERSON_SENSITIVE_READ,
)
SUBSETS = [
    frozenset(subset)
    for size in range(len(PERSON_SCOPES) + 1)
    for subset in combinations(PERSON_SCOPES, size)
]
KINDS = [
    "anonymous",
    "client with purpose",
    "client without purpose",
    "citizen self",
    "citizen other",
    "delegated self",
    "delegated other",
]
# Records that are personal data: a GraphQL type holding one must declare every field.
PERSONAL_RECORDS = (PersonRecord, AccessLogItem, ConsentView)
DECLARATIONS = (RequiresScope, OwnData, CitizenOnly)
# Every value of Alice, by the scope whose denial must keep it out of any response.
VALUES = {
    Scope.PERSON_IDENTITY_READ: [ALICE["citizen_id"], ALICE["full_name"], "1990-03-14", "FEMALE"],
    Scope.PERSON_CONTACT_READ: [ALICE["phone"], ALICE["email"]],
    Scope.PERSON_ADDRESS_READ: [ALICE["address_street"], "26740", "Phường Sài Gòn"],
    Scope.PERSON_SENSITIVE_READ: ["Kinh (Việt)"],
}
EXPECTED = {
    "citizenId": ALICE["citizen_id"],
    "fullName": ALICE["full_name"],
    "birthDate": "1990-03-14",
    "sex": "FEMALE",
    "phone": ALICE["phone"],
    "email": ALICE["email"],
    "ethnicGroup": {"code": ALICE["ethnic_group"], "name": "Kinh (Việt)"},
}


def _permissions(field: StrawberryField) -> list[BasePermission]:
    return [
        permission
        for extension in field.extensions
        if isinstance(extension, PermissionExtension)
        for permission in extension.permissions
    ]


def _object_type(name: str) -> GraphQLObjectType:
    found = SCHEMA._schema.type_map[name]
    assert isinstance(found, GraphQLObjectType), name
    return found


def _definition(name: str) -> StrawberryObjectDefinition:
    found = SCHEMA.get_type_by_name(name)
    assert isinstance(found, StrawberryObjectDefinition), name
    return found


def _fields(type_name: str) -> dict[str, StrawberryField]:
    """The GraphQL fields of a type, by GraphQL name (private attributes left out)."""
    return {
        SCHEMA.config.name_converter.get_graphql_name(field): field
        for field in _definition(type_name).fields
        if not is_private(field.type)
    }


def person_fields() -> dict[str, frozenset[Scope]]:
    """Every field of Person with the scopes it declares; fails on an undeclared field."""
    declared: dict[str, frozenset[Scope]] = {}
    for name, field in _fields("Person").items():
        scopes = [p.scopes for p in _permissions(field) if isinstance(p, RequiresScope)]
        assert scopes, f"Person.{name} declares no scope"
        declared[name] = scopes[0]
    assert set(declared) == set(_object_type("Person").fields)
    return declared


def _selection(graphql_type: GraphQLNamedType, depth: int) -> str:
    """Select every field without required arguments, objects down to ``depth``."""
    if not isinstance(graphql_type, GraphQLObjectType):
        return ""
    parts = []
    for name, field in graphql_type.fields.items():
        if any(is_required_argument(arg) for arg in field.args.values()):
            continue
        inner = get_named_type(field.type)
        if isinstance(inner, GraphQLObjectType):
            if depth > 0:
                parts.append(f"{name} {{ {_selection(inner, depth - 1)} }}")
        else:
            parts.append(name)
    return " ".join(parts)


def document() -> str:
    """Query Alice with every field of Person."""
    selection = _selection(_object_type("Person"), 2)
    return f"query Matrix($pin: String) {{ person(pin: $pin) {{ {selection} }} }}"


def _principal(kind: str, scopes: frozenset[Scope], world: World) -> Principal:
    return {
        "anonymous": ANONYMOUS,
        "client with purpose": client(scopes),
        "client without purpose": client(scopes, purpose=None),
        "citizen self": citizen(world.alice, scopes),
        "citizen other": citizen(world.bob, scopes),
        "delegated self": delegated(world.alice, scopes),
        "delegated other": delegated(world.bob, scopes),
    }[kind]


def _root_refusal(kind: str, scopes: frozenset[Scope]) -> str | None:
    """What the whole lookup answers, independently of the product's rule functions."""
    if kind == "anonymous":
        return "UNAUTHENTICATED"
    if kind == "client without purpose":
        return "PURPOSE_REQUIRED"
    if not scopes or kind.endswith("other"):
        return "FORBIDDEN"
    return None


@pytest.fixture
async def world(session: AsyncSession) -> World:
    return await build_world(session)


@pytest.mark.parametrize("kind", KINDS)
async def test_matrix(session: AsyncSession, world: World, kind: str) -> None:
    fields = person_fields()
    query = document()
    for scopes in SUBSETS:
        label = f"{kind} with {sorted(scopes)}"
        # Given a caller of this kind holding this subset of the person scopes
        principal = _principal(kind, scopes, world)
        # When it asks for every field of Alice
        body = await run(session, query, principal, {"pin": ALICE["citizen_id"]})
        text = json.dumps(body, ensure_ascii=False)
        errors = body.get("errors", [])
        refusal = _root_refusal(kind, scopes)
        if refusal is not None:
            # Then either the lookup is refused as a whole, revealing nothing
            assert body["data"] == {"person": None}, label
            assert [(e["path"], e["extensions"]["code"]) for e in errors] == [
                (["person"], refusal)
            ], label
            denied_scopes: set[Scope] = set(PERSON_SCOPES)
        else:
            # Or exactly the fields of the held scopes resolve, the others are FORBIDDEN
            person = body["data"]["person"]
            refused = {e["path"][1]: e["extensions"]["code"] for e in errors}
            assert all(len(e["path"]) == 2 for e in errors), (label, errors)
            for name, needed in fields.items():
                if needed & scopes:
                    assert person[name] is not None, (label, name)
                    assert name not in refused, (label, name)
                    if name in EXPECTED:
                        assert person[name] == EXPECTED[name], (label, name)
                else:
                    assert person[name] is None, (label, name)
                    assert refused.get(name) == "FORBIDDEN", (label, name)
            denied_scopes = set(PERSON_SCOPES) - scopes
        # And no value of a refused group appears anywhere in the response
        for scope in denied_scopes:
            for value in VALUES[scope]:
                assert value not in text, (label, value)


def test_every_field_holding_personal_data_declares_its_rule() -> None:
    # Given every object type of the schema
    undeclared = []
    for name, graphql_type in SCHEMA._schema.type_map.items():
        if name.startswith("__") or not isinstance(graphql_type, GraphQLObjectType):
            continue
        definition = _definition(name)
        hints = typing.get_type_hints(definition.origin, include_extras=True)
        holds_record = any(
            is_private(hint) and any(r in typing.get_args(hint) for r in PERSONAL_RECORDS)
            for hint in hints.values()
        )
        # When a type holds a personal record, every field of it must declare a rule
        for field_name, field in _fields(name).items():
            declared = any(isinstance(p, DECLARATIONS) for p in _permissions(field))
            if holds_record and not declared:
                undeclared.append(f"{name}.{field_name}")
    # Then none is missing
    assert undeclared == []


def test_root_fields_that_reach_personal_types_declare_their_rule() -> None:
    # Given the types that hold personal records
    personal = {
        name
        for name, graphql_type in SCHEMA._schema.type_map.items()
        if isinstance(graphql_type, GraphQLObjectType)
        and not name.startswith("__")
        and any(
            is_private(hint) and any(r in typing.get_args(hint) for r in PERSONAL_RECORDS)
            for hint in typing.get_type_hints(
                _definition(name).origin, include_extras=True
            ).values()
        )
    }
    assert {"Person", "PersonAddress", "AccessLogEntry", "Consent"} <= personal
    # When a root field can reach one of them
    missing = []
    for root in ("Query", "Mutation"):
        for graphql_name, field in _fields(root).items():
            if _reaches(SCHEMA._schema.type_map[root], graphql_name, personal):
                rules = (PersonLookup, CitizenOnly)
                if not any(isinstance(p, rules) for p in _permissions(field)):
                    missing.append(f"{root}.{graphql_name}")
    # Then it declares who may use it
    assert missing == []


def _reaches(root: Any, field_name: str, personal: set[str]) -> bool:
    seen: set[str] = set()
    stack = [get_named_type(root.fields[field_name].type)]
    while stack:
        current = stack.pop()
        if current.name in seen or not isinstance(current, GraphQLObjectType):
            continue
        seen.add(current.name)
        if current.name in personal:
            return True
        stack.extend(get_named_type(f.type) for f in current.fields.values())
    return False


def test_person_attribute_groups_are_declared_once_for_every_golden_attribute() -> None:
    # Given the person kind's golden attributes and the one map of their groups
    golden = set(REGISTERED_KINDS[PERSON].attributes)
    # When the Person fields named after an attribute are read
    fields = _fields("Person")
    # Then every golden attribute has a group, and each such field declares that group's scope
    assert set(PERSON_ATTRIBUTES) == golden
    for graphql_name, scope in PERSON_ATTRIBUTES.values():
        if graphql_name in fields:
            permissions = _permissions(fields[graphql_name])
            declared = [p.scopes for p in permissions if isinstance(p, RequiresScope)]
            assert declared == [frozenset({scope})], graphql_name
