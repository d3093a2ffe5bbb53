"""The steward's queue and figures for every kind of master: match tasks, quality issues,
per-source quality, and the steward's handle on a master (scope registry:steward).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, TypeVar

import strawberry

from hub.errors import Invalid
from hub.graphql.arguments import clean, clean_optional
from hub.graphql.context import Info
from hub.graphql.permissions import steward_only
from hub.graphql.types.connection import Connection, connection_from_page, page_of
from hub.graphql.types.global_ids import decode_global_id
from hub.graphql.types.persons import PERSON_TYPE
from hub.graphql.types.source_quality import SourceQuality
from hub.graphql.types.steward_masters import (
    EntityType,
    StewardMaster,
    StewardPerson,
    decode_master_id,
    load_steward_master,
)
from hub.graphql.types.stewardship import (
    MatchTask,
    MatchTaskStatus,
    QualityIssue,
    steward_person,
)
from hub.kit.pagination import Page, PageRequest, encode_cursor
from hub.registry.stewardship import quality, tasks

RowT = TypeVar("RowT")
NodeT = TypeVar("NodeT")


@strawberry.type
class StewardshipQueries:
    """Queries of data stewards."""

    @strawberry.field(
        description=(
            "Match tasks of one kind of master, best score first (open ones unless `status` "
            "says otherwise; null `status`: all). Scope registry:steward."
        ),
        extensions=steward_only(),
    )
    async def match_tasks(
        self,
        info: Info,
        entity_type: Annotated[
            EntityType, strawberry.argument(description="The kind of master; persons by default.")
        ] = EntityType.PERSON,
        status: Annotated[
            MatchTaskStatus | None,
            strawberry.argument(description="Tasks of this status; null for all."),
        ] = MatchTaskStatus.OPEN,
        first: Annotated[
            int | None, strawberry.argument(description="Page size, at most 100.")
        ] = 20,
        after: Annotated[
            str | None, strawberry.argument(description="Cursor of the last task seen.")
        ] = None,
    ) -> Connection[MatchTask]:
        """The steward queue."""
        request = page_of(info, first, after)
        offset = _offset(request)
        wanted = None if status is None else status.name
        session, principal = info.context.session, info.context.principal
        kind = entity_type.entity
        rows = await tasks.list_match_tasks(
            session,
            principal,
            entity_type=kind,
            status=wanted,
            first=request.first,
            offset=offset,
        )
        total = await tasks.count_match_tasks(session, principal, entity_type=kind, status=wanted)
        return _connection(info, rows, total, offset, after, lambda r: MatchTask(row=r))

    @strawberry.field(
        description=(
            "Data-quality issues of one kind of master, newest first: open ones unless "
            "`includeResolved`; `kind` filters (CONFLICT, INVALID_IDENTIFIER, ...). Scope "
            "registry:steward."
        ),
        extensions=steward_only(),
    )
    async def quality_issues(
        self,
        info: Info,
        entity_type: Annotated[
            EntityType, strawberry.argument(description="The kind of master; persons by default.")
        ] = EntityType.PERSON,
        kind: Annotated[
            str | None,
            strawberry.argument(description="Only issues of this kind, e.g. `CONFLICT`."),
        ] = None,
        include_resolved: Annotated[
            bool, strawberry.argument(description="Include issues that were resolved.")
        ] = False,
        first: Annotated[
            int | None, strawberry.argument(description="Page size, at most 100.")
        ] = 20,
        after: Annotated[
            str | None, strawberry.argument(description="Cursor of the last issue seen.")
        ] = None,
    ) -> Connection[QualityIssue]:
        """The issues."""
        request = page_of(info, first, after)
        offset = _offset(request)
        wanted = clean_optional(kind, "kind")
        session, principal = info.context.session, info.context.principal
        rows = await quality.list_quality_issues(
            session,
            principal,
            entity_type=entity_type.entity,
            kind=wanted,
            include_resolved=include_resolved,
            first=request.first,
            offset=offset,
        )
        total = await quality.count_quality_issues(
            session,
            principal,
            entity_type=entity_type.entity,
            kind=wanted,
            include_resolved=include_resolved,
        )
        return _connection(info, rows, total, offset, after, lambda r: QualityIssue(row=r))

    @strawberry.field(
        description=(
            "Quality figures per source system for one kind of master: records, flagged, "
            "completeness (over that kind's attributes), validity, conflicts. Scope "
            "registry:steward."
        ),
        extensions=steward_only(),
    )
    async def source_quality(
        self,
        info: Info,
        entity_type: Annotated[
            EntityType, strawberry.argument(description="The kind of master; persons by default.")
        ] = EntityType.PERSON,
    ) -> list[SourceQuality]:
        """The figures, by system name."""
        figures = await quality.source_quality(
            info.context.session, info.context.principal, entity_type=entity_type.entity
        )
        return [SourceQuality.of(f) for f in figures]

    @strawberry.field(
        description=(
            "A master of any kind as stewards handle it (version, source records), by the "
            "global id of its own type (`Person.id`, `Organization.id`, `LandParcel.id`, ...); "
            "null if unknown. Scope registry:steward."
        ),
        extensions=steward_only(),
    )
    async def steward_master(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="Global id of the master.")],
    ) -> StewardMaster | None:
        """The handle of one master."""
        entity_type, master_id = decode_master_id(clean(id, "id"), "id")
        return await load_steward_master(info, entity_type, master_id)

    @strawberry.field(
        description=(
            "A person master as stewards handle it (version, source records), by global id; "
            "null if unknown. Scope registry:steward."
        ),
        extensions=steward_only(),
    )
    async def steward_person(self, info: Info, id: strawberry.ID) -> StewardPerson | None:
        """The handle of one person master."""
        person_id = decode_global_id(clean(id, "id"), PERSON_TYPE, argument="id")
        return await steward_person(info, person_id)


def _offset(request: PageRequest) -> int:
    if request.after is None:
        return 0
    if not request.after.isdigit():
        raise Invalid("Argument 'after' is not a cursor returned by this API", argument="after")
    return int(request.after) + 1


def _connection(
    info: Info,
    rows: list[RowT],
    total: int,
    offset: int,
    after: str | None,
    convert: Callable[[RowT], NodeT],
) -> Connection[NodeT]:
    numbered = list(enumerate(rows, start=offset))
    page = Page(items=numbered, total_count=total, has_next_page=offset + len(rows) < total)
    return connection_from_page(
        page,
        lambda item: convert(item[1]),
        lambda item: encode_cursor(str(item[0])),
        info=info,
        after=after,
    )
