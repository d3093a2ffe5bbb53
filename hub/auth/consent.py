"""Citizens' consent: a client may read these attribute groups of mine for this purpose.

A consent is never deleted or edited except to set ``revoked_at``: granting again makes a new
row, so the rows are the history. The token exchange asks ``consented_scopes`` which groups an
agency may read when it acts for a citizen.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from hub.auth import consent_repository as repository
from hub.auth.models import Agency, Consent, OAuthClient, Purpose
from hub.errors import Forbidden, Invalid, NotFound, Unauthenticated
from hub.kit.clock import utcnow
from hub.principals.principal import AssuranceLevel, Principal, PrincipalKind
from hub.principals.scopes import HIGH_ASSURANCE_SCOPES, PERSONAL_SCOPES, Scope, format_scopes

_NOT_FOUND = "No consent with this id."
_BY_VALUE = {scope.value: scope for scope in Scope}


@dataclass(frozen=True)
class ConsentView:
    """A consent with the client, agency and purpose it names."""

    consent: Consent
    client: OAuthClient
    agency: Agency | None
    purpose: Purpose

    @property
    def scopes(self) -> list[Scope]:
        """The attribute groups consented to, in scope order."""
        return sorted(_parse(self.consent.scope))


def _parse(text: str) -> set[Scope]:
    # A scope retired from the hub after the consent was given simply no longer applies.
    return {_BY_VALUE[item] for item in text.split() if item in _BY_VALUE}


async def consented_scopes(
    session: AsyncSession, *, person_id: str, client_id: str, purpose_code: str
) -> frozenset[Scope]:
    """Return the union of the scopes of the unrevoked consents for this triple."""
    found: set[Scope] = set()
    for text in await repository.active_scope_strings(
        session, person_id=person_id, client_id=client_id, purpose_code=purpose_code
    ):
        found |= _parse(text)
    return frozenset(found)


def _citizen(principal: Principal) -> str:
    """Return the person id of a citizen principal; refuse everybody else."""
    if principal.is_anonymous:
        raise Unauthenticated("Sign in as a citizen to manage your consents.")
    if principal.kind is not PrincipalKind.CITIZEN or principal.person_id is None:
        raise Forbidden("Only citizens manage consents, each their own.")
    return principal.person_id


def _scopes(principal: Principal, given: Sequence[str]) -> frozenset[Scope]:
    if not given:
        raise Invalid("Argument 'scopes' must name at least one scope", argument="scopes")
    scopes: set[Scope] = set()
    for item in given:
        scope = _BY_VALUE.get(item.strip())
        if scope is None or scope not in PERSONAL_SCOPES:
            raise Invalid(
                f"Argument 'scopes' has an unknown attribute-group scope {item!r}; known: "
                f"{format_scopes(set(PERSONAL_SCOPES))}",
                argument="scopes",
            )
        scopes.add(scope)
    if scopes & HIGH_ASSURANCE_SCOPES and principal.assurance < AssuranceLevel.LEVEL_2:
        raise Forbidden(
            "Consent to health, land or sensitive data needs a level 2 e-identity sign-in."
        )
    return frozenset(scopes)


async def grant_consent(
    session: AsyncSession,
    principal: Principal,
    *,
    client_id: str,
    purpose_code: str,
    scopes: Sequence[str],
) -> ConsentView:
    """Let ``client_id`` read ``scopes`` of the signed-in citizen for ``purpose_code``."""
    person_id = _citizen(principal)
    client = await repository.client(session, client_id)
    if client is None or client.disabled_at is not None:
        raise Invalid(f"Argument 'clientId': no client {client_id!r}", argument="clientId")
    if await repository.purpose(session, purpose_code) is None:
        raise Invalid(f"Argument 'purpose': no purpose {purpose_code!r}", argument="purpose")
    if await repository.client_purpose(session, client_id, purpose_code) is None:
        raise Invalid(
            f"Argument 'purpose': {purpose_code!r} is not registered for client {client_id!r}",
            argument="purpose",
        )
    granted = _scopes(principal, scopes)
    consent = await repository.add(
        session,
        Consent(
            person_id=person_id,
            client_id=client_id,
            purpose_code=purpose_code,
            scope=format_scopes(set(granted)),
            granted_at=utcnow(),
        ),
    )
    return await _view(session, person_id, consent)


async def revoke_consent(
    session: AsyncSession, principal: Principal, consent_id: int
) -> ConsentView:
    """Revoke one of the citizen's consents; revoking twice keeps the first revocation."""
    person_id = _citizen(principal)
    consent = await repository.get(session, consent_id)
    # Someone else's consent answers exactly like a missing one.
    if consent is None or consent.person_id != person_id:
        raise NotFound(_NOT_FOUND)
    if consent.revoked_at is None:
        consent.revoked_at = utcnow()
        await repository.add(session, consent)
    return await _view(session, person_id, consent)


async def consents_of(session: AsyncSession, principal: Principal) -> list[ConsentView]:
    """Return every consent of the signed-in citizen, revoked ones included, newest first."""
    person_id = _citizen(principal)
    return [ConsentView(*row) for row in await repository.rows(session, person_id)]


async def _view(session: AsyncSession, person_id: str, consent: Consent) -> ConsentView:
    assert consent.id is not None
    found = await repository.rows(session, person_id, consent_id=consent.id)
    return ConsentView(*found[0])
