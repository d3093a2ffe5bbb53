"""The steward's queue and figures: match tasks, quality issues, per-source quality, and the
steward's handle on a person master (scope registry:steward).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import strawberry

from hub.errors import Invalid
from hub.graphql.arguments import clean, clean_optional
from hub.graphql.context import Info
from hub.graphql.types.connection import Connection, connection_from_page
from hub.graphql.types.global_ids import decode_global_id
from hub.graphql.types.persons import PERSON_TYPE
from hub.graphql.types.source_quality import SourceQuality
from hub.graphql.types.stewardship import (
    MatchTask,
    MatchTaskStatus,
    QualityIssue,
    StewardPerson,
    steward_only,
    steward_person,
)
from hub.kit.pagination import Page, PageRequest, encode_cursor, page_request
from hub.registry.records import browse
from hub.registry.stewardship import quality, tasks

RowT = TypeVar("RowT")
NodeT = TypeVar("NodeT")


@strawberry.type
class StewardshipQueries:
    """Queries of data stewards."""

    @strawberry.field(
        description=(
            "Match tasks, best score first (open ones unless `status` says otherwise; null "
            "`status`: all). Scope registry:steward."
        ),
        extensions=steward_only(),
    )
    async def match_tasks(
        self,
        info: Info,
        status: MatchTaskStatus | None = MatchTaskStatus.OPEN,
        first: int | None = 20,
        after: str | None = None,
    ) -> Connection[MatchTask]:
        """The steward queue."""
        request = page_request(first, clean_optional(after, "after"))
        offset = _offset(request)
        wanted = None if status is None else status.name
        session = info.context.session
        rows = await tasks.list_match_tasks(
            session, info.context.principal, status=wanted, first=request.first, offset=offset
        )
        total = await browse.count_match_tasks(session, wanted)
        return _connection(rows, total, offset, after, lambda r: MatchTask(row=r))

    @strawberry.field(
        description=(
            "Data-quality issues, newest first: open ones unless `includeResolved`; `kind` "
            "filters (CONFLICT, INVALID_IDENTIFIER, ...). Scope registry:steward."
        ),
        extensions=steward_only(),
    )
    async def quality_issues(
        self,
        info: Info,
        kind: str | None = None,
        include_resolved: bool = False,
        first: int | None = 20,
        after: str | None = None,
    ) -> Connection[QualityIssue]:
        """The issues."""
        request = page_request(first, clean_optional(after, "after"))
        offset = _offset(request)
        wanted = clean_optional(kind, "kind")
        session = info.context.session
        rows = await quality.list_quality_issues(
            session,
            info.context.principal,
            kind=wanted,
            include_resolved=include_resolved,
            first=request.first,
            offset=offset,
        )
        total = await browse.count_quality_issues(
            session, kind=wanted, include_resolved=include_resolved
        )
        return _connection(rows, total, offset, after, lambda r: QualityIssue(row=r))

    @strawberry.field(
        description=(
            "Quality figures per source system: records, flagged, completeness, validity, "
            "conflicts. Scope registry:steward."
        ),
        extensions=steward_only(),
    )
    async def source_quality(self, info: Info) -> list[SourceQuality]:
        """The figures, by system name."""
        figures = await quality.source_quality(info.context.session, info.context.principal)
        return [SourceQuality.of(f) for f in figures]

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
    rows: list[RowT],
    total: int,
    offset: int,
    after: str | None,
    convert: Callable[[RowT], NodeT],
) -> Connection[NodeT]:
    numbered = list(enumerate(rows, start=offset))
    page = Page(items=numbered, total_count=total, has_next_page=offset + len(rows) < total)
    return connection_from_page(
        page, lambda item: convert(item[1]), lambda item: encode_cursor(str(item[0])), after=after
    )
