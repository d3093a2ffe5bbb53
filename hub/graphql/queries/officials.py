"""``officials``: who holds positions in an organization, with their appointments.

Appointments are personal data (scope ``cadre:read``): every official returned is logged in
that group, and their person fields go through ``Person``. Only agency clients acting on their
own may list officials.
"""

from __future__ import annotations

from datetime import date

import strawberry

from hub.errors import Forbidden
from hub.graphql.access_logging import current_reads
from hub.graphql.arguments import clean
from hub.graphql.context import Info
from hub.graphql.permissions import person_lookup
from hub.graphql.types.appointments import CivilServantAppointment
from hub.graphql.types.connection import Connection, connection_from_page, page_of
from hub.graphql.types.persons import Person
from hub.kit.pagination import Page, encode_cursor
from hub.principals.principal import PrincipalKind
from hub.principals.scopes import Scope
from hub.registry.browse import service as browse
from hub.registry.kinds.civil_servant_appointment import reads as appointments
from hub.registry.kinds.civil_servant_appointment.models import (
    CivilServantAppointment as AppointmentRecord,
)


@strawberry.type(description="An official: an appointment and the person holding it.")
class Official:
    """One appointment in an organization."""

    appointment: CivilServantAppointment = strawberry.field(description="The appointment.")
    person_id: strawberry.Private[str | None]

    @strawberry.field(description="The person (their fields need person scopes).")
    async def person(self, info: Info) -> Person | None:
        """The person, through the dataloader."""
        if self.person_id is None:
            return None
        found = await info.context.loaders.person_by_id.load(self.person_id)
        return None if found is None else Person(record=found)


@strawberry.type
class OfficialQueries:
    """Queries on officials."""

    @strawberry.field(
        description=(
            "Appointments in the organization with this agency code (either form) or tax code, "
            "in registry-id order; with `asOf`, those in force that day. Scope cadre:read and a "
            "purpose, agency clients only; every official returned is access-logged."
        ),
        extensions=person_lookup(Scope.CADRE_READ),
    )
    async def officials(
        self,
        info: Info,
        organization_code: str,
        as_of: date | None = None,
        first: int | None = 20,
        after: str | None = None,
    ) -> Connection[Official]:
        """List officials."""
        if info.context.principal.kind is not PrincipalKind.CLIENT:
            raise Forbidden("Only agency clients acting on their own may list officials.")
        request = page_of(info, first, after)
        session = info.context.session
        found = await browse.find_organization(session, clean(organization_code, "code").strip())
        page: Page[AppointmentRecord] = Page(items=[], total_count=0, has_next_page=False)
        if found is not None:
            page = await appointments.officials_of_organization(
                session, found.id, as_of=as_of, first=request.first, after=request.after
            )
        for row in page.items:
            if row.person_id is not None:
                current_reads().record(row.person_id, Scope.CADRE_READ.value, "officials")
        return connection_from_page(
            page,
            lambda r: Official(
                appointment=CivilServantAppointment(record=r), person_id=r.person_id
            ),
            lambda r: encode_cursor(r.id),
            info=info,
            after=after,
        )
