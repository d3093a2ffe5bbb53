"""Agencies that own OAuth2 clients, named by their Decision 20/2020 agency code."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from hub.auth import agencies_repository
from hub.auth.models import Agency
from hub.errors import Conflict, Invalid
from hub.kit.text import has_control_characters
from hub.registry.identifiers import validate_agency_code

MAX_NAME_LENGTH = 300


def normalize_agency_code(code: str) -> str:
    """Return ``code`` (Decision-20 or QCVN 102 form) in the Decision-20 form.

    Raises ``Invalid`` with the validator's reasons when it is no agency code.
    """
    validation = validate_agency_code(code)
    if not validation.valid or validation.normalized is None:
        reasons = "; ".join(error.message for error in validation.errors)
        raise Invalid(f"invalid agency code {code!r}: {reasons}", argument="agency")
    return validation.normalized


async def create_agency(session: AsyncSession, *, code: str, name: str) -> Agency:
    """Register an agency; its code is stored in the Decision-20 form."""
    normalized = normalize_agency_code(code)
    clean_name = name.strip()
    if not clean_name or len(clean_name) > MAX_NAME_LENGTH or has_control_characters(clean_name):
        raise Invalid(
            f"agency name must be 1 to {MAX_NAME_LENGTH} printable characters", argument="name"
        )
    if await agencies_repository.get(session, normalized) is not None:
        raise Conflict(f"agency {normalized} already exists")
    return await agencies_repository.add(session, Agency(code=normalized, name=clean_name))


async def get_agency(session: AsyncSession, code: str) -> Agency | None:
    """Return the agency with ``code`` (either written form), or ``None``."""
    return await agencies_repository.get(session, normalize_agency_code(code))


async def list_agencies(session: AsyncSession) -> list[Agency]:
    """Return every agency, by code."""
    return await agencies_repository.every(session)
