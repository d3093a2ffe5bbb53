"""Links a verified e-identity to a person of the registry, creating the person when unknown.

The citizen ID comes from the claim named by ``HUB_EID_CITIZEN_ID_CLAIM``, is validated as a
citizen ID, and finds the person; an unknown citizen becomes a new person built from the
``name`` (or ``family_name`` + ``middle_name`` + ``given_name``), ``birthdate`` and ``gender``
claims, provided they agree with what the citizen ID encodes.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from hub.auth.eid.errors import SignInRefused
from hub.kit.clock import today
from hub.registry.codelists.directory import CodeListDirectory
from hub.registry.identifiers import check_citizen_id_plausibility, validate_citizen_id
from hub.registry.kinds.person import service as records
from hub.registry.kinds.person.models import Person

_NO_CITIZEN_ID = (
    "Hệ thống định danh điện tử không cung cấp số định danh cá nhân hợp lệ. / The e-identity "
    "provider did not provide a valid citizen ID."
)
_INCOMPLETE = (
    "Thông tin định danh nhận được chưa đủ hoặc không khớp với số định danh cá nhân, nên chưa "
    "thể tạo hồ sơ. / The identity data received is incomplete or does not agree with the "
    "citizen ID, so no record can be created for you."
)
# The national provider is the authority on citizen IDs; the hub only lacks the country codes
# of births registered abroad, so that one finding does not refuse a sign-in.
_ACCEPTED_FINDINGS = frozenset({"UNKNOWN_REGISTRATION_PROVINCE"})
_SEXES = {"male": "MALE", "female": "FEMALE", "nam": "MALE", "nữ": "FEMALE"}


async def verified_citizen_id(session: AsyncSession, claims: dict[str, Any], claim: str) -> str:
    """Return the normalised citizen ID of ``claims[claim]``; refuse a missing or invalid one."""
    raw = claims.get(claim)
    if not isinstance(raw, str):
        raise SignInRefused(_NO_CITIZEN_ID, detail=f"claim {claim!r} is missing")
    validation = await validate_citizen_id(raw, as_of=today(), directory=CodeListDirectory(session))
    findings = {error.code for error in validation.errors}
    if validation.normalized is None or not findings <= _ACCEPTED_FINDINGS:
        raise SignInRefused(
            _NO_CITIZEN_ID, detail=f"claim {claim!r} is not a valid citizen ID: {sorted(findings)}"
        )
    return validation.normalized


async def link_person(session: AsyncSession, claims: dict[str, Any], citizen_id: str) -> Person:
    """Return the person with ``citizen_id``, creating them from the identity claims."""
    existing = await records.find_by_citizen_id(session, citizen_id)
    if existing is not None:
        return existing
    full_name = _full_name(claims)
    birth_date = _birth_date(claims.get("birthdate"))
    gender = claims.get("gender")
    sex = _SEXES.get(gender.strip().lower()) if isinstance(gender, str) else None
    problems = check_citizen_id_plausibility(citizen_id, birth_date, sex)
    if full_name is None or problems:
        found = [problem.code for problem in problems] or ["NO_NAME"]
        raise SignInRefused(_INCOMPLETE, detail=f"cannot create person: {found}")
    return await records.ensure_person(
        session, citizen_id=citizen_id, full_name=full_name, birth_date=birth_date, sex=sex
    )


def _full_name(claims: dict[str, Any]) -> str | None:
    name = claims.get("name")
    if isinstance(name, str) and name.strip():
        return " ".join(name.split())
    # Vietnamese order: surname, middle name, given name.
    parts = [claims.get(key) for key in ("family_name", "middle_name", "given_name")]
    words = [part.strip() for part in parts if isinstance(part, str) and part.strip()]
    return " ".join(words) or None


def _birth_date(value: object) -> date | None:
    # OIDC allows "0000-MM-DD" or a bare year when only part is known: no full date then.
    if not isinstance(value, str) or len(value) != 10:
        return None
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        return None
    return None if parsed.year == 0 else parsed
