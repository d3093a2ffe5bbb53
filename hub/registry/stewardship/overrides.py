"""Steward overrides: a value that wins survivorship until it is cleared, on a master of any
kind, checked by the same validator that checks that kind's source records.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import JSON
from sqlalchemy.ext.asyncio import AsyncSession

from hub.errors import Conflict, Invalid
from hub.kit import clock
from hub.principals.principal import Principal
from hub.registry.kinds import KINDS
from hub.registry.pipeline import golden_repository, reference
from hub.registry.pipeline.golden_models import GoldenOverride
from hub.registry.pipeline.kind import EntityKind
from hub.registry.pipeline.lookups import Lookups
from hub.registry.pipeline.validated import ERROR, text_value
from hub.registry.stewardship.access import log_action, require_steward
from hub.registry.stewardship.masters import active_master, kind_of, label, refresh

# A source record without a value its kind needs is flagged MISSING; when the steward did give
# a value for the attribute, MISSING means the validator never reads it: the attribute is
# derived from others (a parcel's legacy key, an enrolment's key, a resolved person id).
_MISSING = "MISSING"


def _attribute(kind: EntityKind, attribute: str) -> str:
    if attribute not in kind.attributes:
        known = ", ".join(kind.attributes)
        raise Invalid(
            f"unknown {label(kind)} attribute {attribute!r} (one of {known})",
            argument="attribute",
        )
    return attribute


def _structured(kind: EntityKind, attribute: str) -> bool:
    column = kind.model.__table__.columns.get(attribute)
    return column is not None and isinstance(column.type, JSON)


async def checked_value(session: AsyncSession, kind: EntityKind, attribute: str, value: Any) -> Any:
    """Return ``value`` as the golden value of ``attribute`` of a ``kind`` master would hold
    it, checked and normalised by the kind's own validator (dates to ISO, codes against the
    code lists of today, identifiers with their check digits). A person's ethnic group is a
    code of the 2008 list, the list golden records keep (``EntityKind.steward_context``).

    ``None`` forces the attribute empty. Attributes stored as lists (a parcel's right holders,
    its parents) take their value as JSON text when given as text. Raises ``Invalid`` for an
    unknown or derived attribute and for a value the validator rejects.
    """
    _attribute(kind, attribute)
    if value is None:
        return None
    if isinstance(value, str):
        if text_value(value) is None:
            raise Invalid("give a value, or none to force the attribute empty", argument="value")
        if _structured(kind, attribute):
            try:
                value = json.loads(value)
            except ValueError:
                raise Invalid(f"{attribute} takes a JSON list", argument="value") from None
    communes = await reference.communes(session)
    payload = {**kind.steward_context.get(attribute, {}), attribute: value}
    checked = await kind.validate(
        payload, communes, Lookups(session, KINDS.resolvers).on(clock.today())
    )
    errors = [
        f["message"]
        for f in checked.flags
        if f["attribute"] == attribute and f["severity"] == ERROR and f["code"] != _MISSING
    ]
    if errors:
        raise Invalid(f"{attribute}: {'; '.join(errors)}", argument="value")
    if attribute not in checked.attributes:
        raise Invalid(
            f"{attribute} is derived from other attributes of the {label(kind)}: override those",
            argument="attribute",
        )
    return checked.attributes[attribute]


async def override_attribute(
    session: AsyncSession,
    principal: Principal,
    master_id: str,
    attribute: str,
    value: Any,
    *,
    expected_version: int,
    reason: str,
    entity_type: str,
) -> Any:
    """Set an attribute of a master of ``entity_type`` to ``value`` (``None`` forces it
    empty) until cleared; return the master, recomputed.

    The value of the kind's unique attribute (citizen ID, agency code, national parcel ID, ...)
    must not be held by another master: ``Conflict`` (merge the two instead).
    """
    actor = require_steward(principal, reason)
    kind = kind_of(entity_type)
    checked = await checked_value(session, kind, attribute, value)
    master = await active_master(session, kind, master_id, expected_version)
    if attribute == kind.unique and checked is not None:
        owners = await golden_repository.owners(session, kind.model, kind.unique, [checked])
        holder = owners.get(checked)
        if holder is not None and holder != master.id:
            raise Conflict(f"{label(kind)} {holder} holds this {attribute}: merge the two instead")
    now = clock.utcnow()
    await _clear(session, kind, master.id, attribute, actor)
    session.add(
        GoldenOverride(
            entity_type=kind.entity_type,
            master_id=master.id,
            attribute=attribute,
            value=checked,
            reason=reason.strip(),
            created_by=actor,
            created_at=now,
        )
    )
    await session.flush()
    await refresh(session, kind, [master.id])
    log_action(
        session,
        actor,
        "OVERRIDE",
        master.id,
        reason,
        {"attribute": attribute, "value": checked},
        kind.entity_type,
    )
    await session.flush()
    return master


async def clear_override(
    session: AsyncSession,
    principal: Principal,
    master_id: str,
    attribute: str,
    *,
    expected_version: int,
    reason: str,
    entity_type: str,
) -> Any:
    """Clear an override so that survivorship decides the attribute again; return the master.
    Raises ``Invalid`` when the attribute has no override.
    """
    actor = require_steward(principal, reason)
    kind = kind_of(entity_type)
    _attribute(kind, attribute)
    master = await active_master(session, kind, master_id, expected_version)
    if not await _clear(session, kind, master.id, attribute, actor):
        raise Invalid(f"{attribute} has no override", argument="attribute")
    await session.flush()
    await refresh(session, kind, [master.id])
    log_action(
        session,
        actor,
        "CLEAR_OVERRIDE",
        master.id,
        reason,
        {"attribute": attribute},
        kind.entity_type,
    )
    await session.flush()
    return master


async def _clear(
    session: AsyncSession, kind: EntityKind, master_id: str, attribute: str, actor: str
) -> bool:
    found = await golden_repository.active_overrides(session, kind.entity_type, [master_id])
    current = found.get(master_id, {}).get(attribute)
    if current is None:
        return False
    current.cleared_at = clock.utcnow()
    current.cleared_by = actor
    return True
