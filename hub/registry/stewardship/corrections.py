"""Citizens' correction requests: "this value about me is wrong", resolved by a steward.

A citizen files a request against one attribute of their own golden person record; it keeps the
value and the source it came from as the citizen saw them. Stewards list the open requests and
either resolve one with an override of the attribute (the same service as any override, with
its version check) or reject it with a reason the citizen sees.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from hub.errors import Conflict, Forbidden, Invalid, NotFound, Unauthenticated
from hub.kit import clock
from hub.principals.principal import Principal, PrincipalKind
from hub.registry.kinds.person import PERSON
from hub.registry.kinds.person import service as persons
from hub.registry.kinds.person.models import Person
from hub.registry.kinds.person.provenance import person_provenance
from hub.registry.stewardship import correction_repository as repository
from hub.registry.stewardship import overrides
from hub.registry.stewardship.access import log_action, require_steward
from hub.registry.stewardship.models import CorrectionRequest

MAX_COMMENT = 2000
CORRECTABLE = (
    "full_name",
    "birth_date",
    "sex",
    "phone",
    "email",
    "address_commune_code",
    "address_street",
    "social_insurance_number",
    "ethnic_group",
)
"""Person attributes a citizen may report as wrong (the citizen ID is the sign-in itself)."""
_NOT_FOUND = "No correction request with this id."


def _citizen(principal: Principal) -> str:
    if principal.is_anonymous:
        raise Unauthenticated("Sign in as a citizen to report an error in your data.")
    if principal.kind is not PrincipalKind.CITIZEN or principal.person_id is None:
        raise Forbidden("Only citizens report errors, each in their own data.")
    return principal.person_id


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


async def file_correction(
    session: AsyncSession, principal: Principal, *, attribute: str, comment: str
) -> CorrectionRequest:
    """File a correction request of the signed-in citizen against one of their attributes."""
    person_id = _citizen(principal)
    if attribute not in CORRECTABLE:
        raise Invalid(
            f"Argument 'attribute' must be one of {', '.join(CORRECTABLE)}", argument="attribute"
        )
    text = comment.strip()
    if not text:
        raise Invalid("Say what is wrong: the comment may not be blank", argument="comment")
    if len(text) > MAX_COMMENT:
        raise Invalid(f"The comment is longer than {MAX_COMMENT} characters", argument="comment")
    person = await persons.resolve(session, person_id)
    if person is None:
        raise NotFound("There is no record about you in the registry yet.")
    source = (await person_provenance(session, person.id)).get(attribute)
    request = CorrectionRequest(
        entity_type=PERSON,
        master_id=person.id,
        attribute=attribute,
        reported_value=_text(getattr(person, attribute)),
        system=None if source is None else source.system,
        source_record_id=None if source is None else source.source_record_id,
        comment=text,
        status="OPEN",
        created_at=clock.utcnow(),
    )
    await repository.add(session, request)
    return request


async def corrections_of_citizen(
    session: AsyncSession, principal: Principal
) -> list[CorrectionRequest]:
    """Return the signed-in citizen's requests, newest first, with stewards' decisions."""
    person_id = _citizen(principal)
    person = await persons.resolve(session, person_id)
    return [] if person is None else await repository.of_master(session, person.id)


async def list_corrections(
    session: AsyncSession, principal: Principal, *, status: str | None = "OPEN"
) -> list[CorrectionRequest]:
    """Return the requests stewards work on (open ones by default), oldest first."""
    require_steward(principal)
    return await repository.listed(session, status)


async def get_correction(
    session: AsyncSession, principal: Principal, request_id: int
) -> tuple[CorrectionRequest, Person | None]:
    """Return one request with the person it is about (as now, merges followed)."""
    require_steward(principal)
    request = await repository.get(session, request_id)
    if request is None:
        raise NotFound(_NOT_FOUND)
    return request, await persons.resolve(session, request.master_id)


async def _open(session: AsyncSession, request_id: int) -> CorrectionRequest:
    request = await repository.get(session, request_id)
    if request is None:
        raise NotFound(_NOT_FOUND)
    if request.status != "OPEN":
        raise Conflict(f"correction request {request_id} was already decided ({request.status})")
    return request


async def resolve_by_override(
    session: AsyncSession,
    principal: Principal,
    request_id: int,
    *,
    value: str | None,
    expected_version: int,
    reason: str,
) -> CorrectionRequest:
    """Override the attribute the request names (``Conflict`` when the person moved since
    ``expected_version``), then mark the request RESOLVED with ``reason``.
    """
    actor = require_steward(principal, reason)
    request = await _open(session, request_id)
    person = await persons.resolve(session, request.master_id)
    if person is None:
        raise NotFound("The person of this request is no longer in the registry.")
    await overrides.override_attribute(
        session,
        principal,
        person.id,
        request.attribute,
        value,
        expected_version=expected_version,
        reason=reason,
        entity_type=PERSON,
    )
    return await _decide(session, request, "RESOLVED", actor, reason)


async def reject_correction(
    session: AsyncSession, principal: Principal, request_id: int, *, reason: str
) -> CorrectionRequest:
    """Reject a request with a reason the citizen sees."""
    actor = require_steward(principal, reason)
    request = await _open(session, request_id)
    return await _decide(session, request, "REJECTED", actor, reason)


async def _decide(
    session: AsyncSession, request: CorrectionRequest, status: str, actor: str, reason: str
) -> CorrectionRequest:
    request.status = status
    request.decided_at = clock.utcnow()
    request.decided_by = actor
    request.decision_reason = reason.strip()
    await repository.add(session, request)
    assert request.id is not None
    log_action(
        session,
        actor,
        f"CORRECTION_{status}",
        request.master_id,
        reason,
        {"correctionRequest": request.id, "attribute": request.attribute},
        request.entity_type,
    )
    await session.flush()
    return request
