"""``administrativeUnits`` compiled: a page of units valid on a date, with its total, in one
statement. Public reference data: no rights, nothing logged.

Compiled: ``level``, ``parentCode``, ``asOf`` and ``first``; ``edges { node { ... } }`` with
the unit's scalar fields, ``totalCount`` and ``pageInfo { hasNextPage hasPreviousPage }``.
A cursor (``after``, ``cursor``, ``startCursor``/``endCursor``), ``search`` and the unit's
relations go through the resolvers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graphql import FieldNode
from sqlalchemy import text

from hub.graphql.arguments import MAX_ARGUMENT_LENGTH, text_problem
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
from hub.kit.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from hub.registry.codelists.models import ADMIN_UNITS_LIST_ID

_UNIT = {
    "code": "c.code",
    "name": "c.name",
    "level": "c.level",
    "unitType": "c.kind",
    "validFrom": "c.valid_from",
    "validTo": "c.valid_to",
}
_DIALECTS = ("postgresql", "sqlite")


@dataclass(frozen=True)
class UnitsPlan:
    """``administrativeUnits`` with a compiled selection."""

    key: str
    node: FieldNode
    edges: tuple[tuple[str, str], ...]
    """(response key of ``edges``, response key of ``node``) pairs, or ``__typename`` parts."""
    node_fields: tuple[tuple[str, str], ...]
    """(response key, GraphQL field) of the unit."""
    connection: tuple[tuple[str, str], ...]
    """(response key, part) of the connection: edges, totalCount, pageInfo.*, __typename."""

    async def run(self, request: Request) -> str | Fallback | None:
        """Return the page as the database builds it."""
        arguments = request.arguments
        if arguments.get("search") is not None or arguments.get("after") is not None:
            return FALLBACK
        first = arguments.get("first")
        first = DEFAULT_PAGE_SIZE if first is None else first
        if not isinstance(first, int) or not 0 <= first <= MAX_PAGE_SIZE:
            return FALLBACK
        day = arguments.get("asOf") or request.today
        params: dict[str, Any] = {
            "list_id": ADMIN_UNITS_LIST_ID,
            "day": request.dialect.date_value(day),
            "first": first,
        }
        where = [
            "c.list_id = :list_id",
            "(c.valid_from IS NULL OR c.valid_from <= :day)",
            "(c.valid_to IS NULL OR c.valid_to > :day)",
        ]
        level = arguments.get("level")
        if level is not None:
            where.append("c.level = :level")
            params["level"] = level.value
        parent = arguments.get("parentCode")
        if parent is not None:
            if text_problem(parent) is not None or len(parent) > MAX_ARGUMENT_LENGTH:
                return FALLBACK
            where.append("c.parent_code = :parent")
            params["parent"] = parent
        sql = self._sql(request.dialect, " AND ".join(where))
        row = (await request.session.execute(text(sql), params)).first()
        return None if row is None else str(row[0])

    def _sql(self, dialect: Dialect, where: str) -> str:
        unit = dialect.obj(
            [
                (k, dialect.date_parameter("day") if f == "asOfDate" else _UNIT.get(f, f))
                for k, f in self.node_fields
            ]
        )
        edge = dialect.obj([(k, unit if part == "node" else part) for k, part in self.edges])
        page = f"SELECT c.* FROM code AS c WHERE {where} ORDER BY c.code LIMIT :first"
        total = f"(SELECT count(*) FROM code AS c WHERE {where})"
        parts: list[tuple[str, str]] = []
        for out, part in self.connection:
            if part == "edges":
                edges = dialect.array(edge, "c.code")
                parts.append((out, dialect.nested(f"(SELECT {edges} FROM ({page}) AS c)")))
            elif part == "totalCount":
                parts.append((out, total))
            elif part == "hasNextPage":
                parts.append((out, dialect.boolean(f"{total} > :first")))
            elif part == "hasPreviousPage":
                parts.append((out, dialect.false()))
            else:
                parts.append((out, part))
        return f"SELECT {dialect.as_text(_page_info(dialect, parts))}"


def _page_info(dialect: Dialect, parts: list[tuple[str, str]]) -> str:
    # pageInfo's members were flattened as "pageInfo.<key>" keys: fold them into one object.
    top: list[tuple[str, str]] = []
    info: dict[str, list[tuple[str, str]]] = {}
    for out, expression in parts:
        if "." in out:
            outer, inner = out.split(".", 1)
            if outer not in info:
                info[outer] = []
                top.append((outer, ""))
            info[outer].append((inner, expression))
        else:
            top.append((out, expression))
    return dialect.obj([(k, e or dialect.obj(info[k])) for k, e in top])


def plan_units(node: FieldNode) -> UnitsPlan | None:
    """Compile ``administrativeUnits``, or None when the resolvers must run it."""
    fields = sub_fields(node)
    if fields is None:
        return None
    edges: list[tuple[str, str]] = []
    node_fields: list[tuple[str, str]] = []
    connection: list[tuple[str, str]] = []
    for field in fields:
        name, out = field.name.value, response_key(field)
        if field.arguments:
            return None
        if name in CONNECTION_FIELDS:
            parts = connection_parts(field, "AdministrativeUnitConnection", "")
            if parts is None:
                return None
            connection.extend(parts)
        elif name == "edges":
            if edges or not _edges(field, edges, node_fields):
                return None
            connection.append((out, "edges"))
        else:
            return None
    return UnitsPlan(
        key=response_key(node),
        node=node,
        edges=tuple(edges),
        node_fields=tuple(node_fields),
        connection=tuple(connection),
    )


def _edges(
    node: FieldNode, edges: list[tuple[str, str]], node_fields: list[tuple[str, str]]
) -> bool:
    fields = sub_fields(node)
    if fields is None:
        return False
    for field in fields:
        name, out = field.name.value, response_key(field)
        if name == "__typename":
            edges.append((out, "'AdministrativeUnitEdge'"))
        elif name == "node" and not node_fields:
            units = sub_fields(field)
            if not units:
                return False
            for unit in units:
                unit_name = unit.name.value
                if unit.arguments:
                    return False
                if unit_name == "__typename":
                    node_fields.append((response_key(unit), "'AdministrativeUnit'"))
                elif unit_name in _UNIT or unit_name == "asOfDate":
                    node_fields.append((response_key(unit), unit_name))
                else:
                    return False
            edges.append((out, "node"))
        else:
            return False
    return True
