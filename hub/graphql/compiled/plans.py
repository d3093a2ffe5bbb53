"""What a plan is: one compiled root field, and the selection helpers the catalogues share."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from graphql import FieldNode
from sqlalchemy.ext.asyncio import AsyncSession

from hub.audit.reads import ReadCollector
from hub.graphql.compiled.sql import Dialect
from hub.principals.principal import Principal


class Fallback:
    """The answer of a root field that the resolvers must give instead (see ``FALLBACK``)."""


FALLBACK = Fallback()
"""Returned by a compiled root field when this request is not one it answers in full."""


@dataclass(frozen=True)
class Request:
    """What a compiled root field runs with."""

    session: AsyncSession
    principal: Principal
    arguments: dict[str, Any]
    reads: ReadCollector
    dialect: Dialect
    today: Any


class RootPlan(Protocol):
    """One root field compiled for one set of caller rights."""

    @property
    def key(self) -> str:
        """The response key (alias or field name)."""
        ...

    @property
    def node(self) -> FieldNode:
        """The root field as the document selects it."""
        ...

    async def run(self, request: Request) -> str | Fallback | None:
        """Return the field's JSON text, None for null, or ``FALLBACK``."""
        ...


def response_key(node: FieldNode) -> str:
    """The key of ``node`` in the response: its alias, else its name."""
    return node.alias.value if node.alias else node.name.value


def sub_fields(node: FieldNode) -> list[FieldNode] | None:
    """The fields selected under ``node``; None when a response key repeats (the resolvers
    merge such fields; the compiled path leaves them to them)."""
    selections = node.selection_set.selections if node.selection_set else ()
    fields = [s for s in selections if isinstance(s, FieldNode)]
    if len(fields) != len(selections):
        return None
    keys = [response_key(f) for f in fields]
    return fields if len(set(keys)) == len(keys) else None


CONNECTION_FIELDS = frozenset({"__typename", "totalCount", "pageInfo"})
"""A connection's own fields, beside its ``edges``."""


def connection_parts(
    field: FieldNode, type_name: str, page_info_prefix: str
) -> list[tuple[str, str]] | None:
    """The (response key, SQL expression) parts of one of a connection's own fields
    (``CONNECTION_FIELDS``), or None when the resolvers must answer it. ``pageInfo``'s flags are
    read from columns named ``page_info_prefix`` + the flag."""
    out = response_key(field)
    if field.name.value == "__typename":
        return [(out, f"'{type_name}'")]
    if field.name.value == "totalCount":
        return [(out, "totalCount")]
    info = sub_fields(field)
    if info is None or any(
        f.name.value not in ("hasNextPage", "hasPreviousPage", "__typename") for f in info
    ):
        return None
    return [
        (
            f"{out}.{response_key(f)}",
            "'PageInfo'" if f.name.value == "__typename" else page_info_prefix + f.name.value,
        )
        for f in info
    ]


def has_arguments(node: FieldNode) -> bool:
    """True when ``node`` is given arguments."""
    return bool(node.arguments)
