"""A person's civil-servant appointment (``Person.appointments``)."""

from __future__ import annotations

from datetime import date

import strawberry

from hub.graphql.context import Info
from hub.graphql.types.connection import Connection
from hub.graphql.types.global_ids import encode_global_id
from hub.graphql.types.history import HistoryEntry, history_connection
from hub.graphql.types.organizations import Organization
from hub.graphql.types.provenance import ProvenanceEntry, camel, provenance_entries
from hub.registry.kinds.civil_servant_appointment import CIVIL_SERVANT_APPOINTMENT
from hub.registry.kinds.civil_servant_appointment.models import (
    CivilServantAppointment as AppointmentRecord,
)

APPOINTMENT_TYPE = "CivilServantAppointment"


@strawberry.type(description="A position a person holds in an organization (scope cadre:read).")
class CivilServantAppointment:
    """An appointment's golden record."""

    record: strawberry.Private[AppointmentRecord]

    @strawberry.field(description="Opaque global id of the appointment.")
    def id(self) -> strawberry.ID:
        """The global id."""
        return strawberry.ID(encode_global_id(APPOINTMENT_TYPE, self.record.id))

    @strawberry.field(description="The position, as the source named it.")
    def position(self) -> str:
        """The position."""
        return self.record.position

    @strawberry.field(description="Civil-service rank code (ngạch).")
    def rank_code(self) -> str | None:
        """The rank code."""
        return self.record.rank_code

    @strawberry.field(description="Salary grade (bậc).")
    def salary_grade(self) -> int | None:
        """The salary grade."""
        return self.record.salary_grade

    @strawberry.field(description="Salary coefficient (hệ số), as a decimal string.")
    def salary_coefficient(self) -> str | None:
        """The salary coefficient."""
        value = self.record.salary_coefficient
        return None if value is None else str(value)

    @strawberry.field(description="First day in the position.")
    def valid_from(self) -> date | None:
        """The start."""
        return self.record.valid_from

    @strawberry.field(description="Day the position ended (open when null).")
    def valid_to(self) -> date | None:
        """The end."""
        return self.record.valid_to

    @strawberry.field(description="Agency code of the organization, as the source sent it.")
    def agency_code(self) -> str | None:
        """The agency code."""
        return self.record.agency_code

    @strawberry.field(description="The organization, when the hub knows it.")
    async def organization(self, info: Info) -> Organization | None:
        """The organization, through the dataloader."""
        if self.record.organization_id is None:
            return None
        found = await info.context.loaders.organization_by_id.load(self.record.organization_id)
        return None if found is None else Organization(record=found)

    @strawberry.field(description="Where each golden value came from.")
    async def provenance(self, info: Info) -> list[ProvenanceEntry]:
        """The provenance of every attribute."""
        return provenance_entries(
            await info.context.loaders.provenance_by_master_id(CIVIL_SERVANT_APPOINTMENT).load(
                self.record.id
            )
        )

    @strawberry.field(description="Versions of the golden record, newest first.")
    async def history(
        self, info: Info, first: int | None = 20, after: str | None = None
    ) -> Connection[HistoryEntry]:
        """The versions, paged."""
        changes = await info.context.loaders.history_by_master_id(CIVIL_SERVANT_APPOINTMENT).load(
            self.record.id
        )
        names = {a: camel(a) for c in changes for a in c.changed}
        return history_connection(info, changes, names, APPOINTMENT_TYPE, first, after)
