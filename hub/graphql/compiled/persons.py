"""``persons(filter:)`` compiled: a page of persons with the fields asked, and its total, in one
statement; each person returned is noted for the access log as the field permissions note it.

Compiled: the filters ``citizenId``, ``birthDate`` and ``communeCode`` (with the codes the
2025 reform links to it, as the registry's search takes them) and ``first``;
``edges { node { <person fields> } }``, ``totalCount``, ``pageInfo { hasNextPage
hasPreviousPage }``. A name search, a cursor, and callers other than an agency client acting on
its own go through the resolvers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import orjson
from graphql import FieldNode
from sqlalchemy import text

from hub.errors import HubError
from hub.graphql.arguments import MAX_ARGUMENT_LENGTH, text_problem
from hub.graphql.compiled.person import NO_ADDRESS, PersonShape, person_shape
from hub.graphql.compiled.plans import (
    CONNECTION_FIELDS,
    FALLBACK,
    Fallback,
    Request,
    connection_parts,
    response_key,
    sub_fields,
)
from hub.graphql.compiled.sql import Dialect
from hub.graphql.permissions import check_principal
from hub.kit.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from hub.principals.principal import Principal, PrincipalKind
from hub.principals.scopes import Scope
from hub.registry.browse import service as browse


@dataclass(frozen=True)
class PersonsPlan:
    """``persons`` with a compiled selection."""

    key: str
    node: FieldNode
    shape: PersonShape | None
    edges: tuple[tuple[str, str], ...]
    connection: tuple[tuple[str, str], ...]

    async def run(self, request: Request) -> str | Fallback | None:
        """Return the page as the database builds it, and note the reads."""
        arguments = request.arguments
        if arguments.get("after") is not None:
            return FALLBACK
        first = arguments.get("first")
        first = DEFAULT_PAGE_SIZE if first is None else first
        if not isinstance(first, int) or not 0 <= first <= MAX_PAGE_SIZE:
            return FALLBACK
        where = _where(arguments.get("filter"))
        if where is None:
            return FALLBACK
        conditions, params = where
        if "commune" in params:
            codes = await browse.same_place(request.session, params.pop("commune"))
            names = [f"c{i}" for i in range(len(codes))]
            conditions.append(f"p.address_commune_code IN ({', '.join(':' + n for n in names)})")
            params.update(zip(names, codes, strict=True))
        if "birth" in params:
            params["birth"] = request.dialect.date_value(params["birth"])
        params["first"] = first
        sql = self._sql(request.dialect, " AND ".join(conditions))
        row = (await request.session.execute(text(sql), params)).first()
        if row is None:
            return None
        if self.shape is not None:
            for person_id, no_address in orjson.loads(row[1]):
                self.shape.record(request.reads, str(person_id), no_address not in (True, 1))
        return str(row[0])

    def _sql(self, dialect: Dialect, where: str) -> str:
        page = f"SELECT p.* FROM person AS p WHERE {where} ORDER BY p.id LIMIT :first"
        total = f"(SELECT count(*) FROM person AS p WHERE {where})"
        shape = self.shape.json[dialect.name] if self.shape is not None else "NULL"
        edge = dialect.obj([(k, shape if part == "node" else part) for k, part in self.edges])
        parts: list[tuple[str, str]] = []
        info: list[tuple[str, str]] = []
        info_key = ""
        for out, part in self.connection:
            if part == "edges":
                edges = dialect.array(edge, "p.id")
                parts.append((out, dialect.nested(f"(SELECT {edges} FROM ({page}) AS p)")))
            elif part == "totalCount":
                parts.append((out, total))
            elif part.startswith("pageInfo."):
                info_key, inner = out.split(".", 1)
                value = part.removeprefix("pageInfo.")
                if value == "hasNextPage":
                    info.append((inner, dialect.boolean(f"{total} > :first")))
                elif value == "hasPreviousPage":
                    info.append((inner, dialect.false()))
                else:
                    info.append((inner, value))
            else:
                parts.append((out, part))
        if info:
            parts.append((info_key, dialect.obj(info)))
        meta = dialect.array(
            f"{'json_build_array' if dialect.postgres else 'json_array'}(p.id, "
            f"{'(' + NO_ADDRESS + ')' if dialect.postgres else 'CASE WHEN ' + NO_ADDRESS + ' THEN 1 ELSE 0 END'})",
            "p.id",
        )
        ids = dialect.nested(f"(SELECT {meta} FROM ({page}) AS p)")
        return f"SELECT {dialect.as_text(dialect.obj(parts))}, {dialect.as_text(ids)}"


def _where(given: Any) -> tuple[list[str], dict[str, Any]] | None:
    # The resolvers' checks (``_criteria``); anything they would refuse goes back to them.
    # graphql-core hands the input object over as a mapping of its GraphQL field names.
    if not isinstance(given, dict) or given.get("name") is not None:
        return None
    conditions = ["p.merged_into_id IS NULL"]
    params: dict[str, Any] = {}
    for attribute, length, column, name in (
        ("citizenId", 12, "p.citizen_id", "pin"),
        ("communeCode", 5, "", "commune"),
    ):
        value = given.get(attribute)
        if value is None:
            continue
        if not isinstance(value, str) or text_problem(value) or len(value) > MAX_ARGUMENT_LENGTH:
            return None
        value = value.strip()
        if not (len(value) == length and value.isascii() and value.isdigit()):
            return None
        params[name] = value
        if column:
            conditions.append(f"{column} = :{name}")
    birth = given.get("birthDate")
    if birth is not None:
        conditions.append("p.birth_date = :birth")
        params["birth"] = birth
    return (conditions, params) if params else None


def plan_persons(node: FieldNode, principal: Principal) -> PersonsPlan | None:
    """Compile ``persons`` for ``principal``, or None when the resolvers must run it."""
    try:
        check_principal(principal, frozenset({Scope.PERSON_IDENTITY_READ}))
    except HubError:
        return None
    if principal.kind is not PrincipalKind.CLIENT:
        return None
    fields = sub_fields(node)
    if fields is None:
        return None
    shape: PersonShape | None = None
    edges: list[tuple[str, str]] = []
    connection: list[tuple[str, str]] = []
    for field in fields:
        name, out = field.name.value, response_key(field)
        if field.arguments:
            return None
        if name in CONNECTION_FIELDS:
            parts = connection_parts(field, "PersonConnection", "pageInfo.")
            if parts is None:
                return None
            connection.extend(parts)
        elif name == "edges" and not edges:
            edge_fields = sub_fields(field)
            if not edge_fields:
                return None
            for edge in edge_fields:
                if edge.name.value == "__typename":
                    edges.append((response_key(edge), "'PersonEdge'"))
                elif edge.name.value == "node" and shape is None:
                    shape = person_shape(edge, principal)
                    if shape is None:
                        return None
                    edges.append((response_key(edge), "node"))
                else:
                    return None
            connection.append((out, "edges"))
        else:
            return None
    return PersonsPlan(
        key=response_key(node),
        node=node,
        shape=shape,
        edges=tuple(edges),
        connection=tuple(connection),
    )
