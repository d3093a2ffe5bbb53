"""``person(pin:)`` compiled: the person's scalar attributes and address in one statement.

The plan is made for one set of caller rights: every field asked must be allowed by rules 1-3
of ``hub.graphql.permissions`` (else the resolvers answer, with their errors). Rule 4 depends
on the record and is checked on the row; a merged person (the redirect) is left to the
resolvers. Each field read is noted as ``RequiresScope`` notes it: group of its scope, the
field's GraphQL name (``address.<field>`` under the address).
"""

from __future__ import annotations

from dataclasses import dataclass

from graphql import FieldNode
from sqlalchemy import text

from hub.audit.reads import ID_GROUP, ReadCollector
from hub.errors import HubError
from hub.graphql.compiled.plans import FALLBACK, Fallback, Request, response_key, sub_fields
from hub.graphql.compiled.sql import Dialect
from hub.graphql.permissions import PERSON_ATTRIBUTES, check_principal
from hub.graphql.types.persons import LOOKUP_SCOPES
from hub.principals.principal import Principal, PrincipalKind

_COLUMNS = {
    "citizenId": ("citizen_id", "p.citizen_id"),
    "fullName": ("full_name", "NULLIF(p.full_name, '')"),
    "birthDate": ("birth_date", "p.birth_date"),
    "sex": ("sex", "p.sex"),
    "phone": ("phone", "p.phone"),
    "email": ("email", "p.email"),
}
"""Person fields compiled: GraphQL name → (attribute, SQL expression)."""
_ADDRESS = {
    "communeCode": ("address_commune_code", "p.address_commune_code"),
    "street": ("address_street", "p.address_street"),
}
NO_ADDRESS = "p.address_commune_code IS NULL AND p.address_street IS NULL"
_BOUND = frozenset({PrincipalKind.CITIZEN, PrincipalKind.DELEGATED})


def _allowed(principal: Principal, attribute: str) -> str | None:
    scope = PERSON_ATTRIBUTES[attribute][1]
    try:
        check_principal(principal, frozenset({scope}))
    except HubError:
        return None
    return scope.value


@dataclass(frozen=True)
class PersonPlan:
    """``person(pin:)`` with a compiled selection."""

    key: str
    node: FieldNode
    shape: PersonShape

    async def run(self, request: Request) -> str | Fallback | None:
        """Find the person by citizen ID and return the JSON the database built."""
        arguments = request.arguments
        given = {name for name, value in arguments.items() if value is not None}
        if given != {"pin"} or not isinstance(arguments["pin"], str):
            return FALLBACK  # ``id`` or ``asOf``, or neither: the resolvers
        pin = arguments["pin"].strip()
        if not (len(pin) == 12 and pin.isascii() and pin.isdigit()):
            return FALLBACK  # their coded error
        statement = text(
            f"SELECT p.id, p.merged_into_id, {request.dialect.as_text(request.dialect.boolean(NO_ADDRESS))}, "
            f"{request.dialect.as_text(self.shape.json[request.dialect.name])} FROM person AS p WHERE p.citizen_id = :pin"
        )
        row = (await request.session.execute(statement, {"pin": pin})).first()
        principal = request.principal
        if row is not None and row[1] is not None:
            return FALLBACK  # merged: the redirect is the resolvers'
        if principal.kind in _BOUND and (row is None or row[0] != principal.person_id):
            return FALLBACK  # rule 4's refusal
        if row is None:
            return None
        self.shape.record(request.reads, str(row[0]), row[2] not in (True, "true"))
        return str(row[3])


@dataclass(frozen=True)
class PersonShape:
    """A compiled selection of ``Person`` fields (``p`` is the person table's alias)."""

    json: dict[str, str]
    reads: tuple[tuple[str, str], ...]
    address_reads: tuple[tuple[str, str], ...]

    def record(self, reads: ReadCollector, person_id: str, has_address: bool) -> None:
        """Note the reads of one person found, as the field permissions note them."""
        for group, attribute in self.reads:
            reads.record(person_id, group, attribute)
        if has_address:
            for group, attribute in self.address_reads:
                reads.record(person_id, group, attribute)


def person_shape(node: FieldNode, principal: Principal) -> PersonShape | None:
    """Compile the ``Person`` fields selected under ``node`` for ``principal``, or None."""
    fields = sub_fields(node)
    if fields is None:
        return None
    reads: list[tuple[str, str]] = []
    address_reads: list[tuple[str, str]] = []
    pairs: dict[str, list[tuple[str, str]]] = {"postgresql": [], "sqlite": []}
    for field in fields:
        name, out = field.name.value, response_key(field)
        if field.arguments:
            return None
        if name == "__typename":
            expression: dict[str, str] | None = {d: "'Person'" for d in pairs}
        elif name in _COLUMNS:
            group = _allowed(principal, _COLUMNS[name][0])
            if group is None:
                return None
            reads.append((group, name))
            expression = {d: _COLUMNS[name][1] for d in pairs}
        elif name == "wasMerged":
            try:
                check_principal(principal, frozenset(LOOKUP_SCOPES))
            except HubError:
                return None
            reads.append((ID_GROUP, name))
            expression = {d: Dialect(d).false() for d in pairs}
        elif name == "address":
            expression = _address(field, principal, reads, address_reads)
        else:
            return None
        if expression is None:
            return None
        for dialect in pairs:
            pairs[dialect].append((out, expression[dialect]))
    return PersonShape(
        json={d: Dialect(d).obj(p) for d, p in pairs.items()},
        reads=tuple(reads),
        address_reads=tuple(address_reads),
    )


def plan_person(node: FieldNode, principal: Principal) -> PersonPlan | None:
    """Compile ``person`` for ``principal``, or None when the resolvers must run it."""
    try:
        check_principal(principal, frozenset(LOOKUP_SCOPES))
    except HubError:
        return None
    shape = person_shape(node, principal)
    if shape is None:
        return None
    return PersonPlan(key=response_key(node), node=node, shape=shape)


def _address(
    node: FieldNode,
    principal: Principal,
    reads: list[tuple[str, str]],
    address_reads: list[tuple[str, str]],
) -> dict[str, str] | None:
    group = _allowed(principal, "address_street")
    fields = sub_fields(node)
    if group is None or fields is None:
        return None
    reads.append((group, "address"))
    inner: list[tuple[str, str]] = []
    for field in fields:
        name = field.name.value
        if name == "__typename":
            inner.append((response_key(field), "'PersonAddress'"))
            continue
        if name not in _ADDRESS or field.arguments:
            return None
        sub_group = _allowed(principal, _ADDRESS[name][0])
        if sub_group is None:
            return None
        address_reads.append((sub_group, f"address.{name}"))
        inner.append((response_key(field), _ADDRESS[name][1]))
    return {
        d: Dialect(d).nested(f"CASE WHEN {NO_ADDRESS} THEN NULL ELSE {Dialect(d).obj(inner)} END")
        for d in ("postgresql", "sqlite")
    }
