"""Mutations of a citizen's consents."""

from __future__ import annotations

import strawberry

from hub.auth import consent
from hub.errors import Invalid
from hub.graphql.arguments import clean
from hub.graphql.context import Info
from hub.graphql.permissions import citizen_only
from hub.graphql.types.consents import CONSENT_TYPE, Consent
from hub.graphql.types.global_ids import decode_global_id


@strawberry.type
class ConsentMutations:
    """Granting and revoking consent."""

    @strawberry.field(
        description=(
            "Let a client read these attribute groups of yours (scopes such as "
            '"person.contact:read") for a purpose registered for that client.'
        ),
        extensions=citizen_only(),
    )
    async def grant_consent(
        self, info: Info, client_id: str, purpose: str, scopes: list[str]
    ) -> Consent:
        """Grant a consent."""
        view = await consent.grant_consent(
            info.context.session,
            info.context.principal,
            client_id=clean(client_id, "clientId").strip(),
            purpose_code=clean(purpose, "purpose").strip(),
            scopes=[clean(scope, "scopes") for scope in scopes],
        )
        return Consent(view=view)

    @strawberry.field(
        description="Revoke one of your consents; it stays listed with revokedAt.",
        extensions=citizen_only(),
    )
    async def revoke_consent(self, info: Info, id: strawberry.ID) -> Consent:
        """Revoke a consent."""
        key = decode_global_id(clean(id, "id"), CONSENT_TYPE, argument="id")
        if not key.isdigit():
            raise Invalid(f"Argument 'id' is not a {CONSENT_TYPE} id", argument="id")
        view = await consent.revoke_consent(info.context.session, info.context.principal, int(key))
        return Consent(view=view)
