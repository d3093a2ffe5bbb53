"""Who may steward, and the change log every steward action writes."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from hub.errors import Forbidden, Invalid
from hub.kit import clock
from hub.principals.principal import Principal
from hub.principals.scopes import Scope
from hub.registry.stewardship import repository
from hub.registry.stewardship.models import StewardAction


def require_steward(principal: Principal, reason: str | None = None) -> str:
    """Return the actor name of a steward; raise ``Forbidden`` for anyone else, and
    ``Invalid`` when an action comes without a reason.
    """
    if not principal.has_scope(Scope.REGISTRY_STEWARD):
        raise Forbidden("this needs the registry:steward scope")
    if reason is not None and not reason.strip():
        raise Invalid("a steward action needs a reason", argument="reason")
    return principal.subject or principal.client_id or principal.person_id or "unknown"


def log_action(
    session: AsyncSession,
    actor: str,
    action: str,
    target_id: str,
    reason: str,
    detail: dict[str, Any],
    entity_type: str,
) -> None:
    """Append a steward action on a master (or task) of ``entity_type`` with its reason to
    the change log.
    """
    repository.log(
        session,
        StewardAction(
            entity_type=entity_type,
            action=action,
            target_id=target_id,
            actor=actor,
            reason=reason.strip(),
            detail=detail,
            at=clock.utcnow(),
        ),
    )
