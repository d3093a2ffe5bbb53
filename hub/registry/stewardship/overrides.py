"""Steward overrides: a value that wins survivorship until it is cleared."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from hub.auth.principal import Principal
from hub.errors import Invalid
from hub.kit import clock
from hub.registry.records import golden_repository, reference
from hub.registry.records.golden import recompute
from hub.registry.records.golden_models import GoldenOverride
from hub.registry.records.inputs import PERSON
from hub.registry.records.models import Person
from hub.registry.records.person_validation import PERSON_ATTRIBUTES
from hub.registry.stewardship.access import log_action, require_steward
from hub.registry.stewardship.masters import active_person


def _checked(attribute: str, value: Any) -> Any:
    if attribute not in PERSON_ATTRIBUTES:
        raise Invalid(f"unknown person attribute {attribute!r}", argument="attribute")
    if value is None:
        return None
    if attribute == "birth_date":
        try:
            return date.fromisoformat(str(value)).isoformat()
        except ValueError:
            raise Invalid("birth_date must be an ISO date", argument="value") from None
    if attribute == "sex" and value not in ("MALE", "FEMALE"):
        raise Invalid("sex must be MALE or FEMALE", argument="value")
    return str(value)


async def override_attribute(
    session: AsyncSession,
    principal: Principal,
    person_id: str,
    attribute: str,
    value: Any,
    *,
    expected_version: int,
    reason: str,
) -> Person:
    """Set a person attribute to ``value`` (``None`` forces it empty) until cleared."""
    actor = require_steward(principal, reason)
    checked = _checked(attribute, value)
    person = await active_person(session, person_id, expected_version)
    now = clock.utcnow()
    await _clear(session, person.id, attribute, actor)
    session.add(
        GoldenOverride(
            entity_type=PERSON,
            master_id=person.id,
            attribute=attribute,
            value=checked,
            reason=reason.strip(),
            created_by=actor,
            created_at=now,
        )
    )
    await session.flush()
    await recompute(session, [person.id], await reference.communes(session))
    log_action(
        session, actor, "OVERRIDE", person.id, reason, {"attribute": attribute, "value": checked}
    )
    await session.flush()
    return person


async def clear_override(
    session: AsyncSession,
    principal: Principal,
    person_id: str,
    attribute: str,
    *,
    expected_version: int,
    reason: str,
) -> Person:
    """Clear an override so that survivorship decides the attribute again."""
    actor = require_steward(principal, reason)
    _checked(attribute, None)
    person = await active_person(session, person_id, expected_version)
    if not await _clear(session, person.id, attribute, actor):
        raise Invalid(f"{attribute} has no override", argument="attribute")
    await session.flush()
    await recompute(session, [person.id], await reference.communes(session))
    log_action(session, actor, "CLEAR_OVERRIDE", person.id, reason, {"attribute": attribute})
    await session.flush()
    return person


async def _clear(session: AsyncSession, person_id: str, attribute: str, actor: str) -> bool:
    found = await golden_repository.active_overrides(session, PERSON, [person_id])
    current = found.get(person_id, {}).get(attribute)
    if current is None:
        return False
    current.cleared_at = clock.utcnow()
    current.cleared_by = actor
    return True
