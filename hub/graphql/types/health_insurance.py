"""A person's health-insurance enrolment (``Person.healthInsurance``)."""

from __future__ import annotations

from datetime import date

import strawberry

from hub.graphql.context import Info
from hub.graphql.types.connection import Connection
from hub.graphql.types.global_ids import encode_global_id
from hub.graphql.types.history import HistoryEntry, history_connection
from hub.graphql.types.provenance import ProvenanceEntry, camel, provenance_entries
from hub.registry.kinds.health_enrollment import HEALTH_INSURANCE_ENROLLMENT
from hub.registry.kinds.health_enrollment.models import (
    HealthInsuranceEnrollment as EnrollmentRecord,
)

ENROLLMENT_TYPE = "HealthInsuranceEnrollment"


@strawberry.type(description="One card validity period of an insured person (scope health:read).")
class HealthInsuranceEnrollment:
    """An enrolment's golden record."""

    record: strawberry.Private[EnrollmentRecord]

    @strawberry.field(description="Opaque global id of the enrolment.")
    def id(self) -> strawberry.ID:
        """The global id."""
        return strawberry.ID(encode_global_id(ENROLLMENT_TYPE, self.record.id))

    @strawberry.field(description="Code printed on the card (15 characters).")
    def card_code(self) -> str | None:
        """The card code."""
        return self.record.card_code

    @strawberry.field(description="Social insurance number (10 digits).")
    def social_insurance_number(self) -> str:
        """The social insurance number."""
        return self.record.social_insurance_number

    @strawberry.field(description="Beneficiary group code (2 letters).")
    def beneficiary_group(self) -> str | None:
        """The beneficiary group."""
        return self.record.beneficiary_group

    @strawberry.field(description="Benefit level (1 to 5).")
    def benefit_level(self) -> str | None:
        """The benefit level."""
        return self.record.benefit_level

    @strawberry.field(description="Code of the issuing province (2 digits).")
    def issuing_province(self) -> str | None:
        """The issuing province."""
        return self.record.issuing_province

    @strawberry.field(description="First day of validity.")
    def valid_from(self) -> date | None:
        """The start."""
        return self.record.valid_from

    @strawberry.field(description="Day after the last day of validity (open when null).")
    def valid_to(self) -> date | None:
        """The end."""
        return self.record.valid_to

    @strawberry.field(description="Code of the primary clinic.")
    def clinic_code(self) -> str | None:
        """The clinic code."""
        return self.record.clinic_code

    @strawberry.field(description="Name of the primary clinic.")
    def clinic_name(self) -> str | None:
        """The clinic name."""
        return self.record.clinic_name

    @strawberry.field(description="Where each golden value came from.")
    async def provenance(self, info: Info) -> list[ProvenanceEntry]:
        """The provenance of every attribute."""
        return provenance_entries(
            await info.context.loaders.provenance_by_master_id(HEALTH_INSURANCE_ENROLLMENT).load(
                self.record.id
            )
        )

    @strawberry.field(description="Versions of the golden record, newest first.")
    async def history(
        self, info: Info, first: int | None = 20, after: str | None = None
    ) -> Connection[HistoryEntry]:
        """The versions, paged."""
        changes = await info.context.loaders.history_by_master_id(HEALTH_INSURANCE_ENROLLMENT).load(
            self.record.id
        )
        names = {a: camel(a) for c in changes for a in c.changed}
        return history_connection(info, changes, names, ENROLLMENT_TYPE, first, after)
