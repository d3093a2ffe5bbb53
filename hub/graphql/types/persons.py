"""The GraphQL person: each field in an attribute group, each group behind its own scope.

Every field is nullable so that a refused group leaves the others readable.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

import strawberry

from hub.audit import service as audit
from hub.audit.reads import ID_GROUP
from hub.graphql.context import Info
from hub.graphql.permissions import any_person_group, attribute_group, requires
from hub.graphql.types.access_log import AccessLogEntry
from hub.graphql.types.admin_units import AdministrativeUnit
from hub.graphql.types.appointments import CivilServantAppointment
from hub.graphql.types.connection import Connection, connection_from_page, page_of
from hub.graphql.types.ethnic_groups import EthnicGroup
from hub.graphql.types.global_ids import encode_global_id
from hub.graphql.types.health_insurance import HealthInsuranceEnrollment
from hub.graphql.types.history import HistoryEntry, history_connection
from hub.graphql.types.land_parcels import LandParcel
from hub.graphql.types.person_identifiers import PersonIdentifier, PersonIdentifierScheme
from hub.graphql.types.provenance import ProvenanceEntry, readable_attributes
from hub.principals.scopes import Scope
from hub.registry.kinds.person import PERSON
from hub.registry.kinds.person.models import Person as PersonRecord

PERSON_TYPE = "Person"
PERSON_SCOPES = (
    Scope.PERSON_IDENTITY_READ,
    Scope.PERSON_CONTACT_READ,
    Scope.PERSON_ADDRESS_READ,
    Scope.PERSON_SENSITIVE_READ,
)
LOOKUP_SCOPES = (*PERSON_SCOPES, Scope.AUDIT_READ)
"""Any one of these lets a caller look persons up (and see their ids)."""


@strawberry.type(description="A person's permanent address (scope person.address:read).")
class PersonAddress:
    """The address group of a person."""

    record: strawberry.Private[PersonRecord]

    @property
    def subject_id(self) -> str:
        """The person the address belongs to."""
        return self.record.id

    def attribute_name(self, field_name: str) -> str:
        """Address fields are logged as ``address.<field>``."""
        return f"address.{field_name}"

    @strawberry.field(
        description="Code of the commune (5 digits, structure in force since 2025-07-01).",
        extensions=attribute_group("address_commune_code"),
    )
    def commune_code(self) -> str | None:
        """The commune code."""
        return self.record.address_commune_code

    @strawberry.field(
        description="House number, street, hamlet: the part below the commune.",
        extensions=attribute_group("address_street"),
    )
    def street(self) -> str | None:
        """The street address."""
        return self.record.address_street

    @strawberry.field(
        description="The commune as of today (Vietnam time); null if the code is unknown.",
        extensions=attribute_group("address_commune_code"),
    )
    async def commune(self, info: Info) -> AdministrativeUnit | None:
        """The commune, through the admin-unit dataloader."""
        code = self.record.address_commune_code
        if code is None:
            return None
        day = info.context.today
        unit = await info.context.loaders.administrative_unit_by_code_and_date.load((code, day))
        return None if unit is None else AdministrativeUnit(unit=unit, as_of=day)


@strawberry.type(
    description=(
        "A person in the registry. Each field needs the scope of its attribute group (shown as "
        "@requiresScopes); agencies must state a purpose (Hub-Purpose header), and every read "
        "is written to the person's access log."
    )
)
class Person:
    """A person, read group by group."""

    record: strawberry.Private[PersonRecord]
    as_of: strawberry.Private[datetime | None] = None
    """Set when the record is a past version, as the hub knew it at this time."""
    snapshot_provenance: strawberry.Private[Mapping[str, Mapping[str, Any]] | None] = None
    requested_id: strawberry.Private[str | None] = None
    """The id asked for, when it was merged into this person and redirected here."""

    @property
    def subject_id(self) -> str:
        """The person's registry id."""
        return self.record.id

    def attribute_name(self, field_name: str) -> str:
        """Fields are logged by their GraphQL name."""
        return field_name

    @strawberry.field(
        description="Opaque, stable global id of the person (any person scope).",
        extensions=requires(*LOOKUP_SCOPES, group=ID_GROUP),
    )
    def id(self) -> strawberry.ID | None:
        """The global id."""
        return strawberry.ID(encode_global_id(PERSON_TYPE, self.record.id))

    @strawberry.field(
        description="12-digit citizen ID (số định danh cá nhân).",
        extensions=attribute_group("citizen_id"),
    )
    def citizen_id(self) -> str | None:
        """The citizen ID."""
        return self.record.citizen_id

    @strawberry.field(
        description=(
            "Identifiers of the person: citizen ID, social insurance number (empty list when "
            "none is known)."
        ),
        extensions=attribute_group("citizen_id"),
    )
    def identifiers(self) -> list[PersonIdentifier] | None:
        """The identifiers that are known."""
        found = [
            (PersonIdentifierScheme.CITIZEN_ID, self.record.citizen_id),
            (PersonIdentifierScheme.SOCIAL_INSURANCE_NUMBER, self.record.social_insurance_number),
        ]
        return [PersonIdentifier(scheme=k, value=v) for k, v in found if v is not None]

    @strawberry.field(description="Full name.", extensions=attribute_group("full_name"))
    def full_name(self) -> str | None:
        """The full name (null rather than empty for a master that has none yet)."""
        return self.record.full_name or None

    @strawberry.field(description="Date of birth.", extensions=attribute_group("birth_date"))
    def birth_date(self) -> date | None:
        """The birth date."""
        return self.record.birth_date

    @strawberry.field(description="Sex: MALE or FEMALE.", extensions=attribute_group("sex"))
    def sex(self) -> str | None:
        """The sex."""
        return self.record.sex

    @strawberry.field(description="Phone number.", extensions=attribute_group("phone"))
    def phone(self) -> str | None:
        """The phone number."""
        return self.record.phone

    @strawberry.field(description="E-mail address.", extensions=attribute_group("email"))
    def email(self) -> str | None:
        """The e-mail address."""
        return self.record.email

    @strawberry.field(
        description="Permanent address; null when none is known.",
        extensions=attribute_group("address_street"),
    )
    def address(self) -> PersonAddress | None:
        """The address group."""
        if self.record.address_commune_code is None and self.record.address_street is None:
            return None
        return PersonAddress(record=self.record)

    @strawberry.field(
        description=(
            "Ethnic group (dân tộc), as a code of the 2008 list with its name; null when no "
            "source sent one. Sensitive personal data (Decree 13/2023/NĐ-CP): scope "
            "person.sensitive:read; citizens and delegated agencies need assurance level 2."
        ),
        extensions=attribute_group("ethnic_group"),
    )
    def ethnic_group(self, info: Info) -> EthnicGroup | None:
        """The ethnic group, named as of today."""
        code = self.record.ethnic_group
        return None if code is None else EthnicGroup(code=code, as_of=info.context.today)

    @strawberry.field(
        description=(
            "Who read this person's data, newest first (oversight bodies, scope audit:read). "
            "Reading it is itself logged."
        ),
        extensions=requires(Scope.AUDIT_READ),
    )
    async def access_log(
        self, info: Info, first: int | None = 20, after: str | None = None
    ) -> Connection[AccessLogEntry] | None:
        """The whole log of the person, including entries not yet disclosed to them."""
        request = page_of(info, first, after)
        page = await audit.person_log(
            info.context.session, self.record.id, request, include_self=True, visible_at=None
        )
        return connection_from_page(
            page, AccessLogEntry.of, audit.cursor_of, info=info, after=after
        )

    @strawberry.field(
        description=(
            "True when the id asked for belonged to a person merged into this one: the old id "
            "still resolves, to the survivor (any person scope)."
        ),
        extensions=requires(*LOOKUP_SCOPES, group=ID_GROUP),
    )
    def was_merged(self) -> bool | None:
        """Whether the lookup followed a merge redirect."""
        return self.requested_id is not None

    @strawberry.field(
        description=(
            "Global ids of the persons merged into this one; they resolve to it (any person scope)."
        ),
        extensions=requires(*LOOKUP_SCOPES, group=ID_GROUP),
    )
    async def merged_from(self, info: Info) -> list[strawberry.ID] | None:
        """The ids that redirect here."""
        losers = await info.context.loaders.merged_ids_by_survivor_id(PERSON).load(self.record.id)
        return [strawberry.ID(encode_global_id(PERSON_TYPE, loser)) for loser in losers]

    @strawberry.field(
        description=(
            "Where each golden value came from. Each entry is shown only if you may read its "
            "attribute's group (fullName needs person.identity:read, ...); each read is logged."
        ),
        extensions=any_person_group(),
    )
    async def provenance(self, info: Info) -> list[ProvenanceEntry] | None:
        """The provenance of the attributes the caller may read."""
        if self.snapshot_provenance is not None:
            stored = self.snapshot_provenance
            shown = readable_attributes(info, self.record.id, sorted(stored), "provenance")
            return [ProvenanceEntry.of_snapshot(shown[a], stored[a]) for a in shown]
        rows = await info.context.loaders.provenance_by_master_id(PERSON).load(self.record.id)
        shown = readable_attributes(info, self.record.id, sorted(rows), "provenance")
        return [ProvenanceEntry.of(shown[a], rows[a]) for a in shown]

    @strawberry.field(
        description=(
            "Versions of the golden record, newest first (up to `asOf` when given); "
            "`changedAttributes` lists only attributes of groups you may read."
        ),
        extensions=any_person_group(),
    )
    async def history(
        self, info: Info, first: int | None = 20, after: str | None = None
    ) -> Connection[HistoryEntry] | None:
        """The versions, paged."""
        changes = await info.context.loaders.history_by_master_id(PERSON).load(self.record.id)
        if self.as_of is not None:
            as_of = self.as_of
            changes = [c for c in changes if c.recorded_at <= as_of]
        changed = sorted({a for c in changes for a in c.changed})
        names = readable_attributes(info, self.record.id, changed, "history")
        return history_connection(info, changes, names, PERSON_TYPE, first, after)

    @strawberry.field(
        description=(
            "Land parcels the person holds rights in, with their share (scope land:read; "
            "citizens and delegated agencies need assurance level 2). Current data, also "
            "with `asOf`."
        ),
        extensions=requires(Scope.LAND_READ),
    )
    async def land_parcels(self, info: Info) -> list[LandParcel] | None:
        """The parcels, through a dataloader."""
        found = await info.context.loaders.parcels_by_person_id.load(self.record.id)
        return [LandParcel(record=p, holder_id=self.record.id) for p in found]

    @strawberry.field(
        description=(
            "Health-insurance enrolments, latest first (scope health:read; citizens and "
            "delegated agencies need assurance level 2). Current data, also with `asOf`."
        ),
        extensions=requires(Scope.HEALTH_READ),
    )
    async def health_insurance(self, info: Info) -> list[HealthInsuranceEnrollment] | None:
        """The enrolments, through a dataloader."""
        found = await info.context.loaders.enrollments_by_person_id.load(self.record.id)
        return [HealthInsuranceEnrollment(record=e) for e in found]

    @strawberry.field(
        description=(
            "Civil-servant appointments, latest first (scope cadre:read). Current data, also "
            "with `asOf`."
        ),
        extensions=requires(Scope.CADRE_READ),
    )
    async def appointments(self, info: Info) -> list[CivilServantAppointment] | None:
        """The appointments, through a dataloader."""
        found = await info.context.loaders.appointments_by_person_id.load(self.record.id)
        return [CivilServantAppointment(record=a) for a in found]
