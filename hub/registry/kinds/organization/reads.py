"""Organization reads: by registry id, or by agency code in either of its two forms."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from hub.registry.identifiers import validate_agency_code
from hub.registry.kinds.organization.models import Organization
from hub.registry.pipeline import golden_repository


async def get_organization(session: AsyncSession, organization_id: str) -> Organization | None:
    """Return an organization by registry id (a merged one says ``merged_into_id``)."""
    found = await golden_repository.masters(session, Organization, [organization_id])
    result: Organization | None = found.get(organization_id)
    return result


async def find_by_agency_code(session: AsyncSession, code: str) -> Organization | None:
    """Return the organization with this agency code, written ``G12.18`` or ``000.00.18.G12``;
    ``None`` for an unknown or malformed code.
    """
    checked = validate_agency_code(code)
    if not checked.valid or checked.normalized is None:
        return None
    owners = await golden_repository.owners(
        session, Organization, "agency_code", [checked.normalized]
    )
    owner = owners.get(checked.normalized)
    return None if owner is None else await get_organization(session, owner)


async def organization_id_by_agency_code(session: AsyncSession, code: str) -> str | None:
    """Return the id of the organization with this agency code (either form), or ``None``."""
    found = await find_by_agency_code(session, code)
    return None if found is None else found.id
