"""GraphQL types of agencies, their OAuth clients and the purposes they state."""

from __future__ import annotations

import strawberry

from hub.auth.models import Agency as AgencyRecord
from hub.auth.models import OAuthClient
from hub.auth.models import Purpose as PurposeRecord


@strawberry.type(description="A government agency, named by its Decision 20/2020 code.")
class Agency:
    """An agency."""

    code: str = strawberry.field(description='Agency code, e.g. "G12.18".')
    name: str = strawberry.field(description="Official name of the agency.")

    @classmethod
    def of(cls, record: AgencyRecord) -> Agency:
        """Convert an agency row."""
        return cls(code=record.code, name=record.name)


@strawberry.type(description="A registered purpose of use, as shown to citizens.")
class Purpose:
    """A purpose of use."""

    code: str = strawberry.field(description="Code sent in the Hub-Purpose header.")
    description_vi: str = strawberry.field(description="Description in Vietnamese.")
    description_en: str = strawberry.field(description="Description in English.")

    @classmethod
    def of(cls, record: PurposeRecord) -> Purpose:
        """Convert a purpose row."""
        return cls(
            code=record.code,
            description_vi=record.description_vi,
            description_en=record.description_en,
        )


@strawberry.type(description="An OAuth2 client: an agency's system, or a citizen-facing app.")
class Client:
    """An OAuth client."""

    client_id: str = strawberry.field(description="The client's id.")
    name: str = strawberry.field(description="Display name of the client.")
    agency: Agency | None = strawberry.field(
        description="The agency running the client (null for the hub's own clients)."
    )

    @classmethod
    def of(cls, record: OAuthClient, agency: AgencyRecord | None) -> Client:
        """Convert a client row and its agency row."""
        return cls(
            client_id=record.client_id,
            name=record.name,
            agency=None if agency is None else Agency.of(agency),
        )
