"""GraphQL types of the access log: who read a person's data, when and why."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

import strawberry

from hub.audit.service import AccessLogItem
from hub.graphql.permissions import own_data
from hub.graphql.types.agencies import Agency, Purpose
from hub.principals.scopes import Scope


@strawberry.enum(description="Who read.")
class ReaderKind(Enum):
    """How the reader was signed in."""

    AGENCY = "CLIENT"
    AGENCY_FOR_PERSON = "DELEGATED"
    SELF = "CITIZEN"


@strawberry.type(
    description=(
        "One read of one attribute group of a person by one request. Readable by the person "
        "and by oversight bodies (audit:read)."
    )
)
class AccessLogEntry:
    """An access-log entry."""

    item: strawberry.Private[AccessLogItem]

    @classmethod
    def of(cls, item: AccessLogItem) -> AccessLogEntry:
        """Convert a domain item."""
        return cls(item=item)

    @property
    def subject_id(self) -> str:
        """The person the entry is about."""
        return self.item.entry.person_id

    @strawberry.field(
        description="When the data was read (UTC).", extensions=own_data(Scope.AUDIT_READ)
    )
    def at(self) -> datetime | None:
        """Time of the read."""
        return self.item.entry.at

    @strawberry.field(
        description="The agency that read (null when you read your own data).",
        extensions=own_data(Scope.AUDIT_READ),
    )
    def agency(self) -> Agency | None:
        """The reading agency."""
        entry = self.item.entry
        if entry.agency_code is None:
            return None
        return Agency(code=entry.agency_code, name=self.item.agency_name or entry.agency_code)

    @strawberry.field(
        description="The purpose the agency stated.", extensions=own_data(Scope.AUDIT_READ)
    )
    def purpose(self) -> Purpose | None:
        """The stated purpose."""
        entry = self.item.entry
        if entry.purpose_code is None:
            return None
        return Purpose(
            code=entry.purpose_code,
            description_vi=self.item.purpose_description_vi or entry.purpose_code,
            description_en=self.item.purpose_description_en or entry.purpose_code,
        )

    @strawberry.field(
        description="Case or dossier number the agency gave (Hub-Case header), if any.",
        extensions=own_data(Scope.AUDIT_READ),
    )
    def case(self) -> str | None:
        """The case number."""
        return self.item.entry.case

    @strawberry.field(
        description='Attribute group read: a scope such as "person.identity:read".',
        extensions=own_data(Scope.AUDIT_READ),
    )
    def attribute_group(self) -> str | None:
        """The attribute group."""
        return self.item.entry.attribute_group

    @strawberry.field(
        description='The fields read in that group, e.g. ["birthDate", "fullName"].',
        extensions=own_data(Scope.AUDIT_READ),
    )
    def attributes(self) -> list[str] | None:
        """The fields read."""
        return self.item.entry.attributes.split()

    @strawberry.field(
        description="Name of the GraphQL operation that read, as the agency named it.",
        extensions=own_data(Scope.AUDIT_READ),
    )
    def operation_name(self) -> str | None:
        """The operation name."""
        return self.item.entry.operation_name

    @strawberry.field(
        description="An agency on its own, an agency acting for you, or yourself.",
        extensions=own_data(Scope.AUDIT_READ),
    )
    def reader_kind(self) -> ReaderKind | None:
        """Who read."""
        return ReaderKind(self.item.entry.reader_kind)
