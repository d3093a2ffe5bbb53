"""Who is looking at a page: the signed-in citizen, or a member of staff with their roles.

The citizen is the principal the authentication middleware put in the request (the same one
GraphQL gets). Staff sign in the same way; their console principal carries the scopes of the
roles ``hub staff grant`` gave their citizen ID, read anew at every request.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request

from hub.auth import staff
from hub.auth.eid.session import read_citizen_session
from hub.auth.staff import StaffRoleName
from hub.principals.principal import AssuranceLevel, Principal, PrincipalKind
from hub.principals.scopes import HIGH_ASSURANCE_SCOPES, Scope
from hub.settings import Settings

CONSOLE_CLIENT_ID = "hub-console"
"""How the access log and the steward log name the console as the reading system."""


def citizen_of(request: Request) -> Principal | None:
    """Return the citizen principal of the request, or ``None`` when signed out."""
    principal = request.scope.get("state", {}).get("principal")
    if isinstance(principal, Principal) and principal.kind is PrincipalKind.CITIZEN:
        return principal
    return None


def usable_scopes(principal: Principal) -> frozenset[Scope]:
    """The citizen's scopes, less those that need a level-2 sign-in when it was level 1."""
    if principal.assurance >= AssuranceLevel.LEVEL_2:
        return principal.scopes
    return principal.scopes - HIGH_ASSURANCE_SCOPES


@dataclass(frozen=True)
class StaffMember:
    """A signed-in member of staff: their console principal and roles."""

    principal: Principal
    citizen_id: str
    roles: frozenset[StaffRoleName]


async def staff_of(
    request: Request, session: AsyncSession, settings: Settings
) -> StaffMember | None:
    """Return the staff member of the request, or ``None`` (signed out, or no role held)."""
    if citizen_of(request) is None:
        # Signed out, or the middleware refused the session (a request from another origin).
        return None
    citizen = read_citizen_session(request.scope, settings)
    if citizen is None:
        return None
    roles = await staff.roles_of(session, citizen.citizen_id)
    if not roles:
        return None
    principal = Principal(
        kind=PrincipalKind.CLIENT,
        scopes=staff.scopes_of(roles),
        client_id=CONSOLE_CLIENT_ID,
        subject=f"staff:{citizen.citizen_id}",
        assurance=citizen.assurance,
        expires_at=citizen.expires_at,
    )
    return StaffMember(principal=principal, citizen_id=citizen.citizen_id, roles=roles)
