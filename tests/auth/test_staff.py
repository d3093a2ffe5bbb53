"""Staff roles of the steward console: granted, listed, revoked, mapped to scopes."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from hub.auth import staff
from hub.auth.staff import StaffRoleName
from hub.errors import Invalid, NotFound
from hub.principals.scopes import Scope

CITIZEN_ID = "048201007316"


async def test_roles_are_granted_once_listed_and_revoked(session: AsyncSession) -> None:
    # Given a steward role granted twice and an auditor role
    first = await staff.grant_role(session, CITIZEN_ID, "steward", granted_by="cli:root")
    again = await staff.grant_role(session, CITIZEN_ID, " Steward ", granted_by="cli:root")
    await staff.grant_role(session, CITIZEN_ID, "auditor", granted_by="cli:root")
    # Then one row per role, and the roles give both scopes
    assert first.id == again.id
    roles = await staff.roles_of(session, CITIZEN_ID)
    assert roles == {StaffRoleName.STEWARD, StaffRoleName.AUDITOR}
    assert staff.scopes_of(roles) == {Scope.REGISTRY_STEWARD, Scope.AUDIT_READ}
    assert [r.role for r in await staff.list_roles(session)] == ["auditor", "steward"]
    # When the auditor role is revoked, then only the steward role is left
    await staff.revoke_role(session, CITIZEN_ID, "auditor")
    assert await staff.roles_of(session, CITIZEN_ID) == {StaffRoleName.STEWARD}
    with pytest.raises(NotFound):
        await staff.revoke_role(session, CITIZEN_ID, "auditor")


async def test_unknown_roles_and_malformed_citizen_ids_are_refused(session: AsyncSession) -> None:
    # When a role is granted that does not exist, or to something that is not a citizen ID
    with pytest.raises(Invalid, match="known: steward, auditor"):
        await staff.grant_role(session, CITIZEN_ID, "admin", granted_by="x")
    with pytest.raises(Invalid, match="12 digits"):
        await staff.grant_role(session, "12345", "steward", granted_by="x")
    # Then nobody holds a role
    assert await staff.list_roles(session) == []
