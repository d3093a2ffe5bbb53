"""The GraphQL organization: an agency or an enterprise, with provenance and history.

Organization data is not personal: it needs the ``organization:read`` scope, no purpose, and
is not written to the access log.
"""

from __future__ import annotations

import strawberry

from hub.graphql.context import Info
from hub.graphql.types.connection import Connection
from hub.graphql.types.global_ids import encode_global_id
from hub.graphql.types.history import HistoryEntry, history_connection
from hub.graphql.types.provenance import ORGANIZATION_ATTRIBUTES, ProvenanceEntry
from hub.registry.identifiers import validate_agency_code
from hub.registry.kinds.organization import ORGANIZATION
from hub.registry.kinds.organization.models import Organization as OrganizationRecord

ORGANIZATION_TYPE = "Organization"


@strawberry.type(
    description=(
        "An organization: a state agency (agency code, Decision 20/2020) or an enterprise "
        "(tax code), as the golden record of every source that knows it."
    )
)
class Organization:
    """An organization's golden record."""

    record: strawberry.Private[OrganizationRecord]

    @strawberry.field(description="Opaque, stable global id of the organization.")
    def id(self) -> strawberry.ID:
        """The global id."""
        return strawberry.ID(encode_global_id(ORGANIZATION_TYPE, self.record.id))

    @strawberry.field(description="Agency code in the Decision 20/2020 form, e.g. `G12.18`.")
    def agency_code(self) -> str | None:
        """The agency code."""
        return self.record.agency_code

    @strawberry.field(
        description="The same agency code in the QCVN 102 form, e.g. `000.00.18.G12`."
    )
    def agency_code_qcvn102(self) -> str | None:
        """The QCVN 102 form, when the code has one."""
        if self.record.agency_code is None:
            return None
        parts = validate_agency_code(self.record.agency_code).parts
        return next((p.value for p in parts if p.name == "qcvn102Form"), None)

    @strawberry.field(description="Tax code (10 digits, or 10-3 for a branch).")
    def tax_code(self) -> str | None:
        """The tax code."""
        return self.record.tax_code

    @strawberry.field(description="Name.")
    def name(self) -> str | None:
        """The name (null rather than empty for a master without one)."""
        return self.record.name or None

    @strawberry.field(description="Agency code of the parent organization.")
    def parent_code(self) -> str | None:
        """The parent's agency code."""
        return self.record.parent_code

    @strawberry.field(description="The parent organization, when the hub knows it.")
    async def parent(self, info: Info) -> Organization | None:
        """The parent, through the agency-code dataloader."""
        code = self.record.parent_code
        if code is None:
            return None
        found = await info.context.loaders.organization_by_agency_code.load(code)
        return None if found is None else Organization(record=found)

    @strawberry.field(description="Code of the commune of the seat (5 digits).")
    def commune_code(self) -> str | None:
        """The commune code."""
        return self.record.commune_code

    @strawberry.field(description="Global ids of the organizations merged into this one.")
    async def merged_from(self, info: Info) -> list[strawberry.ID]:
        """The ids that redirect here."""
        losers = await info.context.loaders.merged_ids_by_survivor_id(ORGANIZATION).load(
            self.record.id
        )
        return [strawberry.ID(encode_global_id(ORGANIZATION_TYPE, loser)) for loser in losers]

    @strawberry.field(description="Where each golden value came from.")
    async def provenance(self, info: Info) -> list[ProvenanceEntry]:
        """The provenance of every attribute."""
        rows = await info.context.loaders.provenance_by_master_id(ORGANIZATION).load(self.record.id)
        return [
            ProvenanceEntry.of(ORGANIZATION_ATTRIBUTES.get(a, a), rows[a]) for a in sorted(rows)
        ]

    @strawberry.field(description="Versions of the golden record, newest first.")
    async def history(
        self, info: Info, first: int | None = 20, after: str | None = None
    ) -> Connection[HistoryEntry]:
        """The versions, paged."""
        changes = await info.context.loaders.history_by_master_id(ORGANIZATION).load(self.record.id)
        return history_connection(
            info, changes, ORGANIZATION_ATTRIBUTES, ORGANIZATION_TYPE, first, after
        )
