"""The signed-in citizen's own page: their record, who read it, and their consents."""

from __future__ import annotations

import strawberry

from hub.audit import service as audit
from hub.auth import consent
from hub.graphql.context import Info
from hub.graphql.types.access_log import AccessLogEntry
from hub.graphql.types.connection import Connection, connection_from_page, page_of
from hub.graphql.types.consents import Consent
from hub.graphql.types.persons import Person
from hub.kit.clock import utcnow
from hub.registry.kinds.person import service as records


@strawberry.type(description="Your own page, as the citizen signed in.")
class Me:
    """The citizen's page; only ever built for a CITIZEN principal."""

    person_id: strawberry.Private[str]

    @strawberry.field(description="Your record in the registry (null if there is none).")
    async def person(self, info: Info) -> Person | None:
        """The citizen's person record."""
        record = await records.get(info.context.session, self.person_id)
        return None if record is None else Person(record=record)

    @strawberry.field(
        description=(
            "Who read your data, newest first: agency, purpose, case and which attributes. "
            "Reads under an investigation purpose appear once its disclosure delay is over. "
            "Your own reads are left out unless `includeSelf` is true."
        )
    )
    async def access_log(
        self,
        info: Info,
        first: int | None = 20,
        after: str | None = None,
        include_self: bool = False,
    ) -> Connection[AccessLogEntry]:
        """A page of the citizen's access log."""
        request = page_of(info, first, after)
        page = await audit.person_log(
            info.context.session,
            self.person_id,
            request,
            include_self=include_self,
            visible_at=utcnow(),
        )
        return connection_from_page(
            page, AccessLogEntry.of, audit.cursor_of, info=info, after=after
        )

    @strawberry.field(description="Your consents, newest first, revoked ones included.")
    async def consents(self, info: Info) -> list[Consent]:
        """The citizen's consents."""
        views = await consent.consents_of(info.context.session, info.context.principal)
        return [Consent(view=view) for view in views]
