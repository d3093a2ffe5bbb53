"""What one receiver may see of one event, and the reads that seeing it makes.

The rules are those of a read through the API (``hub.graphql.permissions``): an agency needs a
purpose registered for its client; each attribute group needs its scope (for citizens and
delegated agencies, the high-assurance groups only at level 2); a citizen, or an agency acting
for one, sees only events about that citizen. A receiver that may read none of the groups an
event changed does not get the event at all: not even that the person changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from hub.audit.reads import ID_GROUP, Read
from hub.errors import HubError
from hub.feed.cloudevents import cloud_event
from hub.feed.entries import FeedItem
from hub.feed.kinds import FEED_KINDS, PERSON, camel, group_name
from hub.graphql.permissions import PERSON_ATTRIBUTES, check_principal, usable_scopes
from hub.principals.principal import Principal, PrincipalKind
from hub.principals.scopes import PERSONAL_SCOPES, Scope

PERSON_SCOPES: frozenset[Scope] = frozenset(scope for _, scope in PERSON_ATTRIBUTES.values())
_BOUND = frozenset({PrincipalKind.CITIZEN, PrincipalKind.DELEGATED})
_ADDRESS_COMMUNE = "address_commune_code"


@dataclass(frozen=True)
class Delivery:
    """An event as one receiver may see it, and the reads of personal data it carries."""

    seq: int
    event: dict[str, Any]
    reads: list[Read]


def may_receive(principal: Principal, now: datetime) -> bool:
    """Rules 1-2: a receiver with valid credentials and, for agencies, a registered purpose."""
    if principal.has_expired(now):
        return False
    try:
        check_principal(principal, principal.scopes or frozenset({Scope.PERSON_IDENTITY_READ}))
    except HubError:
        return False
    return True


def readable_types(principal: Principal) -> frozenset[str]:
    """The entity types ``principal`` may receive any event of."""
    usable = usable_scopes(principal)
    found = {PERSON} if usable & PERSON_SCOPES else set()
    found |= {name for name, kind in FEED_KINDS.items() if kind.scope in usable}
    return frozenset(found)


def view(
    principal: Principal, item: FeedItem, *, source: str, commune: str | None = None
) -> Delivery | None:
    """Return what ``principal`` may see of ``item`` (None: nothing, not even the event).

    ``commune`` keeps only events of that commune; matching on it reads the commune, so it
    needs the scope of the commune's group and is logged as a read of it.
    """
    if item.event.entity_type == PERSON:
        return _person(principal, item, source, commune)
    kind = FEED_KINDS.get(item.event.entity_type)
    if kind is None or kind.scope not in usable_scopes(principal):
        return None
    if commune is not None and (kind.commune is None or item.values.get(kind.commune) != commune):
        return None
    persons = kind.persons(item.event.entity_id, item.values)
    if principal.kind in _BOUND and principal.person_id not in persons:
        return None
    attributes = tuple(sorted(camel(name) for name in item.changed)) or ("id",)
    reads = (
        [Read(person, kind.scope.value, attributes) for person in persons]
        if kind.scope in PERSONAL_SCOPES
        else []
    )
    values = {camel(name): value for name, value in item.values.items()} if item.changed else {}
    data = _data(item, [group_name(kind.scope)], values)
    return Delivery(item.seq, cloud_event(item.event, source=source, data=data), reads)


def _person(
    principal: Principal, item: FeedItem, source: str, commune: str | None
) -> Delivery | None:
    usable = usable_scopes(principal) & PERSON_SCOPES
    person = item.event.entity_id
    if not usable or (principal.kind in _BOUND and principal.person_id != person):
        return None
    changed = {PERSON_ATTRIBUTES[name][1] for name in item.changed if name in PERSON_ATTRIBUTES}
    shown = changed & usable
    if changed and not shown:
        return None
    reads: dict[str, set[str]] = {}
    if commune is not None:
        if Scope.PERSON_ADDRESS_READ not in usable or item.values.get(_ADDRESS_COMMUNE) != commune:
            return None
        reads[Scope.PERSON_ADDRESS_READ.value] = {PERSON_ATTRIBUTES[_ADDRESS_COMMUNE][0]}
    values: dict[str, Any] = {}
    for name, (api_name, scope) in PERSON_ATTRIBUTES.items():
        if scope in shown:
            values[api_name] = item.values.get(name)
            reads.setdefault(scope.value, set()).add(api_name)
    if not reads:
        reads[ID_GROUP] = {"id"}
    data = _data(item, sorted(group_name(scope) for scope in shown), values)
    return Delivery(
        item.seq,
        cloud_event(item.event, source=source, data=data),
        [Read(person, group, tuple(sorted(names))) for group, names in sorted(reads.items())],
    )


def _data(item: FeedItem, groups: list[str], values: dict[str, Any]) -> dict[str, Any]:
    return {
        "entityType": item.event.entity_type,
        "id": item.event.entity_id,
        "change": item.event.event_type,
        "version": item.event.version,
        "changedGroups": groups,
        "values": values,
        "mergedInto": item.event.payload.get("mergedInto"),
    }


def notice(item: FeedItem, *, source: str) -> dict[str, Any]:
    """The event as the message bus carries it: which groups changed, never a value (a bus
    has no receiver whose rights could be checked; consumers read values through the API)."""
    if item.event.entity_type == PERSON:
        groups = {PERSON_ATTRIBUTES[n][1] for n in item.changed if n in PERSON_ATTRIBUTES}
    else:
        kind = FEED_KINDS.get(item.event.entity_type)
        groups = {kind.scope} if kind is not None and item.changed else set()
    data = _data(item, sorted(group_name(scope) for scope in groups), {})
    return cloud_event(item.event, source=source, data=data)
