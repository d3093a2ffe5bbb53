"""The GraphQL consent: a citizen lets a client read attribute groups for a purpose."""

from __future__ import annotations

from datetime import datetime

import strawberry

from hub.auth.consent import ConsentView
from hub.graphql.permissions import own_data
from hub.graphql.types.agencies import Client, Purpose
from hub.graphql.types.global_ids import encode_global_id

CONSENT_TYPE = "Consent"


@strawberry.type(
    description=(
        "Your consent that a client may read these attribute groups of yours for a purpose. "
        "Revoked consents stay listed, with revokedAt."
    )
)
class Consent:
    """A consent, visible to its citizen only."""

    view: strawberry.Private[ConsentView]

    @property
    def subject_id(self) -> str:
        """The citizen who consented."""
        return self.view.consent.person_id

    @strawberry.field(description="Global id of the consent.", extensions=own_data())
    def id(self) -> strawberry.ID | None:
        """The global id."""
        return strawberry.ID(encode_global_id(CONSENT_TYPE, str(self.view.consent.id)))

    @strawberry.field(description="The client allowed to read.", extensions=own_data())
    def client(self) -> Client | None:
        """The client."""
        return Client.of(self.view.client, self.view.agency)

    @strawberry.field(description="The purpose the consent is for.", extensions=own_data())
    def purpose(self) -> Purpose | None:
        """The purpose."""
        return Purpose.of(self.view.purpose)

    @strawberry.field(description="The attribute-group scopes consented to.", extensions=own_data())
    def scopes(self) -> list[str] | None:
        """The scopes."""
        return [scope.value for scope in self.view.scopes]

    @strawberry.field(description="When the consent was given (UTC).", extensions=own_data())
    def granted_at(self) -> datetime | None:
        """Grant time."""
        return self.view.consent.granted_at

    @strawberry.field(
        description="When it was revoked (UTC); null while in force.", extensions=own_data()
    )
    def revoked_at(self) -> datetime | None:
        """Revocation time."""
        return self.view.consent.revoked_at
