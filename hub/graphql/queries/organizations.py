"""``organization`` and ``organizations``: agencies and enterprises (scope organization:read)."""

from __future__ import annotations

import strawberry

from hub.errors import Invalid
from hub.graphql.arguments import clean, clean_optional
from hub.graphql.context import Info
from hub.graphql.permissions import organization_reader
from hub.graphql.types.connection import Connection, connection_from_page, page_of
from hub.graphql.types.organizations import Organization
from hub.kit.pagination import encode_cursor
from hub.registry.browse import service as browse


@strawberry.type
class OrganizationQueries:
    """Queries on organizations."""

    @strawberry.field(
        description=(
            "One organization by agency code, in either form (`G12.18` or `000.00.18.G12`), "
            "or by tax code; null when none has it (scope organization:read)."
        ),
        extensions=organization_reader(),
    )
    async def organization(self, info: Info, code: str) -> Organization | None:
        """Find an organization by code."""
        value = clean(code, "code").strip()
        if not value:
            raise Invalid("Argument 'code' must not be blank", argument="code")
        found = await browse.find_organization(info.context.session, value)
        return None if found is None else Organization(record=found)

    @strawberry.field(
        description=(
            "Organizations ordered by registry id: all, or those whose agency code or tax code "
            "is `search`, or else whose name holds every word of `search` (ignoring case and "
            "diacritics). Scope organization:read."
        ),
        extensions=organization_reader(),
    )
    async def organizations(
        self,
        info: Info,
        search: str | None = None,
        first: int | None = 20,
        after: str | None = None,
    ) -> Connection[Organization]:
        """List or search organizations."""
        request = page_of(info, first, after)
        text = clean_optional(search, "search")
        page = await browse.search_organizations(
            info.context.session, text.strip() if text else None, request
        )
        return connection_from_page(
            page,
            lambda r: Organization(record=r),
            lambda r: encode_cursor(r.id),
            info=info,
            after=after,
        )
