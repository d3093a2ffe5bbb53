"""Versions of a golden record, newest first, as a Relay connection."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

import strawberry

from hub.errors import Invalid
from hub.graphql.context import Info
from hub.graphql.types.connection import Connection, connection_from_page, page_of
from hub.graphql.types.global_ids import encode_global_id
from hub.kit.pagination import Page, encode_cursor
from hub.registry.browse.service import VersionChange


@strawberry.type(
    description=(
        "One version of a golden record: when its values became true at the sources (validFrom) "
        "and when the hub learnt them (recordedAt)."
    )
)
class HistoryEntry:
    """One version of a master."""

    version: int = strawberry.field(description="Version number, from 1.")
    change: str = strawberry.field(
        description="CREATED, UPDATED, MERGED, UNMERGED, RESTORED or RETIRED (every source record deleted at its source)."
    )
    valid_from: datetime = strawberry.field(
        description="Valid time: the latest source update time behind this version's values."
    )
    recorded_at: datetime = strawberry.field(
        description="Record time: when the hub recorded this version."
    )
    changed_attributes: list[str] = strawberry.field(
        description=(
            "Attributes whose value this version changed (those you may read), named as in "
            "`provenance`."
        )
    )
    merged_into_id: strawberry.ID | None = strawberry.field(
        description="Global id of the record this one was merged into, when it was a redirect."
    )


def history_connection(
    info: Info,
    changes: Sequence[VersionChange],
    names: Mapping[str, str],
    type_name: str,
    first: int | None,
    after: str | None,
) -> Connection[HistoryEntry]:
    """Page ``changes`` (newest first); ``names`` maps the attributes shown to their names."""
    request = page_of(info, first, after)
    below = _version(request.after)
    rest = [c for c in changes if below is None or c.version < below]
    page = Page(
        items=rest[: request.first],
        total_count=len(changes),
        has_next_page=len(rest) > request.first,
    )

    def entry(change: VersionChange) -> HistoryEntry:
        merged = change.merged_into_id
        return HistoryEntry(
            version=change.version,
            change=change.change,
            valid_from=change.valid_from,
            recorded_at=change.recorded_at,
            changed_attributes=[names[a] for a in change.changed if a in names],
            merged_into_id=None
            if merged is None
            else strawberry.ID(encode_global_id(type_name, merged)),
        )

    return connection_from_page(
        page, entry, lambda c: encode_cursor(str(c.version)), info=info, after=after
    )


def _version(key: str | None) -> int | None:
    if key is None:
        return None
    if not key.isdigit():
        raise Invalid("Argument 'after' is not a cursor returned by this API", argument="after")
    return int(key)
