"""What the feed needs to know of each kind: the scope that reads it, the persons an event is
about (for rule 4 and the access log) and the attribute naming its commune."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from hub.principals.scopes import Scope
from hub.registry.kinds.civil_servant_appointment.kind import APPOINTMENT_KIND
from hub.registry.kinds.health_enrollment.kind import HEALTH_ENROLLMENT_KIND
from hub.registry.kinds.land_parcel.kind import LAND_PARCEL_KIND
from hub.registry.kinds.organization.kind import ORGANIZATION_KIND
from hub.registry.kinds.person.kind import PERSON_KIND

PERSON = PERSON_KIND.entity_type


@dataclass(frozen=True)
class FeedKind:
    """The feed's view of one kind other than persons (whose groups are per attribute)."""

    scope: Scope
    persons: Callable[[str, Mapping[str, Any]], list[str]]
    commune: str | None = None


def _linked_person(_id: str, values: Mapping[str, Any]) -> list[str]:
    person = values.get("person_id")
    return [str(person)] if person else []


def _holders(_id: str, values: Mapping[str, Any]) -> list[str]:
    holders = values.get("right_holders") or ()
    return sorted(
        {str(h["person_id"]) for h in holders if isinstance(h, dict) and h.get("person_id")}
    )


def _nobody(_id: str, _values: Mapping[str, Any]) -> list[str]:
    return []


FEED_KINDS: dict[str, FeedKind] = {
    ORGANIZATION_KIND.entity_type: FeedKind(Scope.ORGANIZATION_READ, _nobody, "commune_code"),
    LAND_PARCEL_KIND.entity_type: FeedKind(Scope.LAND_READ, _holders, "commune_code"),
    HEALTH_ENROLLMENT_KIND.entity_type: FeedKind(Scope.HEALTH_READ, _linked_person),
    APPOINTMENT_KIND.entity_type: FeedKind(Scope.CADRE_READ, _linked_person),
}
"""Every kind but persons; a kind missing here is never sent (fail closed)."""


def camel(name: str) -> str:
    """``address_street`` → ``addressStreet``, as the API names attributes."""
    head, *rest = name.split("_")
    return head + "".join(part.capitalize() for part in rest)


def group_name(scope: Scope) -> str:
    """The name of an attribute group in events: its scope without ``:read``."""
    return scope.value.removesuffix(":read")
