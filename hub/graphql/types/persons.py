"""The GraphQL person: each field in an attribute group, each group behind its own scope.

Every field is nullable so that a refused group leaves the others readable.
"""

from __future__ import annotations

from datetime import date

import strawberry

from hub.audit import service as audit
from hub.audit.reads import ID_GROUP
from hub.auth.scopes import Scope
from hub.graphql.arguments import clean_optional
from hub.graphql.context import Info
from hub.graphql.permissions import requires
from hub.graphql.types.access_log import AccessLogEntry
from hub.graphql.types.admin_units import AdministrativeUnit
from hub.graphql.types.connection import Connection, connection_from_page
from hub.graphql.types.global_ids import encode_global_id
from hub.kit.pagination import page_request
from hub.registry.records.models import Person as PersonRecord

PERSON_TYPE = "Person"
PERSON_SCOPES = (
    Scope.PERSON_IDENTITY_READ,
    Scope.PERSON_CONTACT_READ,
    Scope.PERSON_ADDRESS_READ,
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
        extensions=requires(Scope.PERSON_ADDRESS_READ),
    )
    def commune_code(self) -> str | None:
        """The commune code."""
        return self.record.address_commune_code

    @strawberry.field(
        description="House number, street, hamlet: the part below the commune.",
        extensions=requires(Scope.PERSON_ADDRESS_READ),
    )
    def street(self) -> str | None:
        """The street address."""
        return self.record.address_street

    @strawberry.field(
        description="The commune as of today (Vietnam time); null if the code is unknown.",
        extensions=requires(Scope.PERSON_ADDRESS_READ),
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
        extensions=requires(Scope.PERSON_IDENTITY_READ),
    )
    def citizen_id(self) -> str | None:
        """The citizen ID."""
        return self.record.citizen_id

    @strawberry.field(description="Full name.", extensions=requires(Scope.PERSON_IDENTITY_READ))
    def full_name(self) -> str | None:
        """The full name."""
        return self.record.full_name

    @strawberry.field(description="Date of birth.", extensions=requires(Scope.PERSON_IDENTITY_READ))
    def birth_date(self) -> date | None:
        """The birth date."""
        return self.record.birth_date

    @strawberry.field(
        description="Sex: MALE or FEMALE.", extensions=requires(Scope.PERSON_IDENTITY_READ)
    )
    def sex(self) -> str | None:
        """The sex."""
        return self.record.sex

    @strawberry.field(description="Phone number.", extensions=requires(Scope.PERSON_CONTACT_READ))
    def phone(self) -> str | None:
        """The phone number."""
        return self.record.phone

    @strawberry.field(description="E-mail address.", extensions=requires(Scope.PERSON_CONTACT_READ))
    def email(self) -> str | None:
        """The e-mail address."""
        return self.record.email

    @strawberry.field(
        description="Permanent address; null when none is known.",
        extensions=requires(Scope.PERSON_ADDRESS_READ),
    )
    def address(self) -> PersonAddress | None:
        """The address group."""
        if self.record.address_commune_code is None and self.record.address_street is None:
            return None
        return PersonAddress(record=self.record)

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
        request = page_request(first, clean_optional(after, "after"))
        page = await audit.person_log(
            info.context.session, self.record.id, request, include_self=True, visible_at=None
        )
        return connection_from_page(page, AccessLogEntry.of, audit.cursor_of, after=after)
