"""Staff roles: which people signed in with e-identity may use the steward console.

An administrator grants ``steward`` (curation: the ``registry:steward`` scope) and ``auditor``
(the access log of everybody: ``audit:read``) by citizen ID with ``hub staff grant``. The
console reads a staff member's roles at each request, so a revocation takes effect at once.
"""

from __future__ import annotations

import re
from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession

from hub.auth import staff_repository as repository
from hub.auth.staff_models import StaffRole
from hub.errors import Invalid, NotFound
from hub.kit.clock import utcnow
from hub.principals.scopes import Scope

_CITIZEN_ID = re.compile(r"^\d{12}$")


class StaffRoleName(StrEnum):
    """The roles of the steward console."""

    STEWARD = "steward"
    AUDITOR = "auditor"


ROLE_SCOPES: dict[StaffRoleName, frozenset[Scope]] = {
    StaffRoleName.STEWARD: frozenset({Scope.REGISTRY_STEWARD}),
    StaffRoleName.AUDITOR: frozenset({Scope.AUDIT_READ}),
}
"""The scopes each role gives its holder's console principal."""


def _citizen_id(value: str) -> str:
    text = value.strip()
    if not _CITIZEN_ID.match(text):
        raise Invalid("A citizen ID has 12 digits", argument="citizen_id")
    return text


def _role(value: str) -> StaffRoleName:
    try:
        return StaffRoleName(value.strip().lower())
    except ValueError:
        known = ", ".join(r.value for r in StaffRoleName)
        raise Invalid(f"Unknown role {value!r}; known: {known}", argument="role") from None


async def grant_role(
    session: AsyncSession, citizen_id: str, role: str, *, granted_by: str
) -> StaffRole:
    """Grant ``role`` to the person with ``citizen_id``; granting a held role keeps the row."""
    cid, name = _citizen_id(citizen_id), _role(role)
    for held in await repository.active(session, cid):
        if held.role == name.value:
            return held
    row = StaffRole(citizen_id=cid, role=name.value, granted_at=utcnow(), granted_by=granted_by)
    await repository.add(session, row)
    return row


async def revoke_role(session: AsyncSession, citizen_id: str, role: str) -> StaffRole:
    """Revoke a held role; ``NotFound`` when the person does not hold it."""
    cid, name = _citizen_id(citizen_id), _role(role)
    for held in await repository.active(session, cid):
        if held.role == name.value:
            held.revoked_at = utcnow()
            await repository.add(session, held)
            return held
    raise NotFound(f"{cid} does not hold the {name.value} role")


async def list_roles(session: AsyncSession) -> list[StaffRole]:
    """Return every held role, by citizen ID."""
    return await repository.active(session)


async def roles_of(session: AsyncSession, citizen_id: str) -> frozenset[StaffRoleName]:
    """Return the roles a citizen ID holds now."""
    return frozenset(StaffRoleName(r.role) for r in await repository.active(session, citizen_id))


def scopes_of(roles: frozenset[StaffRoleName]) -> frozenset[Scope]:
    """Return the scopes ``roles`` give."""
    found: set[Scope] = set()
    for role in roles:
        found |= ROLE_SCOPES[role]
    return frozenset(found)
