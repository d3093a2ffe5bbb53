"""Asking again, for a connection that outlives its first check (a subscription's WebSocket),
whether the credentials it was opened with still stand: the token or its grant not revoked,
the client not disabled, the purpose still registered, and, for an agency acting for a
citizen, the citizen's consent still in force."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from hub.auth.clients import client_standing
from hub.auth.consent import consented_scopes
from hub.auth.server.revocations_repository import revoked_among
from hub.principals.principal import Principal, PrincipalKind


async def withdrawal_reason(session: AsyncSession, principal: Principal) -> str | None:
    """Return why ``principal``'s credentials no longer stand, or None while they do.

    At most three indexed queries: revocations, the client's standing, the consents. A
    citizen's browser session has no token to revoke: it ends when its cookie expires.
    """
    ids = {value for value in (principal.token_id, principal.grant_id) if value}
    if ids and await revoked_among(session, ids):
        return "The access token has been revoked."
    if principal.client_id is None:
        return None
    standing = await client_standing(session, principal.client_id)
    if not standing.enabled:
        return "The client of the access token is disabled."
    if principal.purpose is not None and principal.purpose not in standing.purposes:
        return f"The purpose {principal.purpose!r} is no longer registered for the client."
    if principal.kind is PrincipalKind.DELEGATED and principal.person_id is not None:
        return await _consent_reason(session, principal, principal.person_id)
    return None


async def _consent_reason(
    session: AsyncSession, principal: Principal, person_id: str
) -> str | None:
    """A delegated token carries what the citizen consented to when it was issued: once the
    consents in force cover less than that, the token reads more than the citizen allows."""
    assert principal.client_id is not None
    # The purpose a delegated token serves is the one of its ``purpose`` claim.
    purposes = set(principal.allowed_purposes) or {principal.purpose} - {None}
    for purpose in sorted(p for p in purposes if p is not None):
        consented = await consented_scopes(
            session, person_id=person_id, client_id=principal.client_id, purpose_code=purpose
        )
        if principal.scopes <= consented:
            return None
    return "The citizen withdrew the consent the access token was issued under."
