"""Asking again whether credentials still stand (for sockets that outlive their first check):
consent withdrawn, purpose not registered, and nothing withdrawn."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from hub.auth.consent import grant_consent, revoke_consent
from hub.auth.server.withdrawal import withdrawal_reason
from hub.principals.principal import AssuranceLevel, Principal, PrincipalKind
from hub.principals.scopes import Scope
from tests.auth.server.support import (
    LAND_OFFICE,
    OTHER_PURPOSE,
    PURPOSE,
    World,
    citizen_principal,
)


def _delegated(world: World, *, purpose: str = PURPOSE) -> Principal:
    """The land office acting for Alice, as a delegated token for ``purpose`` makes it."""
    return Principal(
        kind=PrincipalKind.DELEGATED,
        scopes=frozenset({Scope.PERSON_IDENTITY_READ, Scope.LAND_READ}),
        client_id=LAND_OFFICE,
        person_id=world.alice.id,
        subject=world.alice.id,
        assurance=AssuranceLevel.LEVEL_2,
        token_id="token-1",
        grant_id="grant-1",
        purpose=purpose,
        allowed_purposes=frozenset({purpose}),
    )


async def _consent(session: AsyncSession, world: World, scopes: list[str]) -> int:
    view = await grant_consent(
        session,
        citizen_principal(world.alice),
        client_id=LAND_OFFICE,
        purpose_code=PURPOSE,
        scopes=scopes,
    )
    await session.commit()
    return int(view.consent.id or 0)


async def test_delegated_credentials_stand_while_the_consent_is_in_force(
    session: AsyncSession, world: World
) -> None:
    # Given Alice consented to what the land office's token carries
    await _consent(session, world, ["person.identity:read", "land:read"])
    # When the land office's credentials are checked again, then they stand
    assert await withdrawal_reason(session, _delegated(world)) is None


async def test_withdrawing_the_consent_withdraws_the_delegated_credentials(
    session: AsyncSession, world: World
) -> None:
    # Given Alice consented, and the land office holds a delegated token
    consent = await _consent(session, world, ["person.identity:read", "land:read"])
    # When she revokes the consent
    await revoke_consent(session, citizen_principal(world.alice), consent)
    await session.commit()
    # Then the credentials no longer stand, and the reason says why
    reason = await withdrawal_reason(session, _delegated(world))
    assert reason == "The citizen withdrew the consent the access token was issued under."


async def test_a_narrower_consent_withdraws_a_wider_token(
    session: AsyncSession, world: World
) -> None:
    # Given Alice's consent in force now covers only her identity, not the land the token reads
    consent = await _consent(session, world, ["person.identity:read", "land:read"])
    await revoke_consent(session, citizen_principal(world.alice), consent)
    await _consent(session, world, ["person.identity:read"])
    # When the token's credentials are checked again, then they no longer stand
    assert await withdrawal_reason(session, _delegated(world)) is not None


async def test_a_purpose_not_registered_for_the_client_withdraws_the_credentials(
    session: AsyncSession, world: World
) -> None:
    # Given a principal of the land office stating a purpose its client no longer has
    principal = _delegated(world, purpose=OTHER_PURPOSE)
    # When it is checked again, then it no longer stands, the purpose named
    reason = await withdrawal_reason(session, principal)
    assert reason is not None and OTHER_PURPOSE in reason
