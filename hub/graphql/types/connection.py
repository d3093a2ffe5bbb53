"""Relay connections: ``edges { cursor node }``, ``pageInfo`` and ``totalCount``.

Each connection field's cursors are bound to that field (``Query.persons``,
``AdministrativeUnit.children``...): ``page_of`` accepts as ``after`` only a cursor that
``connection_from_page`` issued for the same field, and refuses another's as BAD_USER_INPUT.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

import strawberry

from hub.graphql.arguments import clean_optional
from hub.graphql.context import Info
from hub.kit.pagination import Page, PageRequest, bind_cursor, page_request

NodeT = TypeVar("NodeT")
ItemT = TypeVar("ItemT")


@strawberry.type(description="Where a page stands in the whole list.")
class PageInfo:
    """Relay page information."""

    has_next_page: bool = strawberry.field(description="True when more items follow this page.")
    has_previous_page: bool = strawberry.field(
        description="True when items precede this page (only forward paging is offered)."
    )
    start_cursor: str | None = strawberry.field(description="Cursor of the first item.")
    end_cursor: str | None = strawberry.field(
        description="Cursor of the last item; pass it as `after` to get the next page."
    )


@strawberry.type(description="One item of a page and its cursor.")
class Edge(Generic[NodeT]):
    """A Relay edge."""

    cursor: str = strawberry.field(description="Opaque cursor of this item.")
    node: NodeT = strawberry.field(description="The item.")


@strawberry.type(description="A page of items (at most 100) with the total count.")
class Connection(Generic[NodeT]):
    """A Relay connection."""

    edges: list[Edge[NodeT]] = strawberry.field(description="The items of this page.")
    page_info: PageInfo = strawberry.field(description="Paging information.")
    total_count: int = strawberry.field(description="Number of items matching, on all pages.")


def connection_name(info: Info) -> str:
    """Name the connection field being resolved: its type and field (``Query.persons``)."""
    return f"{info.path.typename}.{info.field_name}"


def page_of(info: Info, first: int | None, after: str | None) -> PageRequest:
    """Validate ``first`` and ``after`` of the connection field being resolved."""
    return page_request(first, clean_optional(after, "after"), connection=connection_name(info))


def connection_from_page(
    page: Page[ItemT],
    convert: Callable[[ItemT], NodeT],
    cursor: Callable[[ItemT], str],
    *,
    info: Info,
    after: str | None,
) -> Connection[NodeT]:
    """Build the connection of the field being resolved from a domain page.

    ``cursor`` gives an item's cursor as the services make it; it is bound to the field here.
    """
    name = connection_name(info)
    edges = [
        Edge(cursor=bind_cursor(cursor(item), name), node=convert(item)) for item in page.items
    ]
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=page.has_next_page,
            has_previous_page=after is not None,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        total_count=page.total_count,
    )
