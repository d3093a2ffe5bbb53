"""What the pipeline needs to know about a kind of master record, and the registry of kinds it
is given. The pipeline never names a kind: every difference between persons, organizations,
parcels and the rest is a field of an ``EntityKind``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType
from typing import Any, Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from hub.errors import Invalid
from hub.registry.identifiers import AdminUnitDirectory
from hub.registry.matching import MatchResult
from hub.registry.pipeline.lookups import Resolver
from hub.registry.pipeline.masters import Master
from hub.registry.pipeline.reference import Communes
from hub.registry.pipeline.survivorship import Comparable, SurvivorshipRules
from hub.registry.pipeline.validated import Validated


class RecordMatcher(Protocol):
    """Matches source records of one kind, given their valid attributes."""

    def keys(self, record_id: str, attributes: Mapping[str, Any]) -> tuple[str, ...]:
        """Return the record's blocking keys."""
        ...

    def score(
        self, left_id: str, left: Mapping[str, Any], right_id: str, right: Mapping[str, Any]
    ) -> MatchResult:
        """Score a pair of records."""
        ...


Validator = Callable[[Mapping[str, Any], Communes, AdminUnitDirectory], Awaitable[Validated]]
"""Validates a payload against the communes and the dated lookups of its source's date."""
Finisher = Callable[[AsyncSession, Sequence[str], datetime], Awaitable[None]]
"""Keeps a kind's child tables in step after its masters were recomputed."""


@dataclass(frozen=True)
class EntityKind:
    """Everything ingestion and survivorship need to know about one kind of master."""

    entity_type: str
    description: str
    """What masters of this kind are, in a few words ("Land parcels.")."""
    noun: str
    """One master of this kind in words ("land parcel")."""
    model: type[Any]
    """The master table's model (a ``MasterColumns`` subclass)."""
    attributes: tuple[str, ...]
    rules: SurvivorshipRules
    comparable: Mapping[str, Comparable]
    unique: str
    """The golden attribute the master table keeps unique."""
    name: str
    """The required text column of the master table."""
    validate: Validator
    matcher: Callable[[Communes], RecordMatcher]
    places: tuple[str, ...] = ()
    """Attributes holding commune codes (an old code and its successor do not conflict)."""
    dates: frozenset[str] = frozenset()
    """Attributes stored as dates (kept as ISO text in JSON)."""
    finish: Finisher | None = None
    """Run after ingestion recomputed masters of this kind (child tables kept in step)."""
    steward_context: Mapping[str, Mapping[str, Any]] = field(
        default_factory=lambda: MappingProxyType({})
    )
    """Payload keys sent with a steward's value of an attribute, so that the kind's validator
    reads it in the form the golden record keeps (an ethnic group as a 2008 code)."""
    resolvers: Mapping[str, Resolver] = field(default_factory=lambda: MappingProxyType({}))
    """Identifier schemes whose holders are masters of this kind (``citizen_id`` for persons):
    validators of other kinds resolve the identifiers their records name through these."""

    def blank(self) -> Master:
        """Return a new master with no golden value yet (version 0 until computed)."""
        master: Master = self.model(**{self.name: ""}, version=0)
        return master


class KindRegistry:
    """The kinds the hub ingests, in the order ingestion handles them (kinds that others link
    to first), by entity type.
    """

    def __init__(self, kinds: Sequence[EntityKind]) -> None:
        self._kinds = {kind.entity_type: kind for kind in kinds}
        if len(self._kinds) != len(kinds):
            raise ValueError("two kinds share an entity type")
        self._resolvers: dict[str, Resolver] = {}
        for kind in kinds:
            for scheme, resolver in kind.resolvers.items():
                if scheme in self._resolvers:
                    raise ValueError(f"two kinds resolve {scheme!r}")
                self._resolvers[scheme] = resolver

    def __iter__(self) -> Iterator[str]:
        return iter(self._kinds)

    def __contains__(self, entity_type: object) -> bool:
        return entity_type in self._kinds

    def __getitem__(self, entity_type: str) -> EntityKind:
        return self._kinds[entity_type]

    def __len__(self) -> int:
        return len(self._kinds)

    def items(self) -> Iterator[tuple[str, EntityKind]]:
        """Return ``(entity type, kind)`` pairs in ingestion order."""
        return iter(self._kinds.items())

    def values(self) -> Iterator[EntityKind]:
        """Return the kinds in ingestion order."""
        return iter(self._kinds.values())

    def get(self, entity_type: str) -> EntityKind | None:
        """Return the kind of ``entity_type``, or ``None``."""
        return self._kinds.get(entity_type)

    def require(self, entity_type: str, argument: str = "entityType") -> EntityKind:
        """Return the kind of ``entity_type``; raise ``Invalid`` naming the known ones."""
        kind = self._kinds.get(entity_type)
        if kind is None:
            known = ", ".join(self._kinds)
            raise Invalid(f"no entity type {entity_type!r}; one of {known}", argument=argument)
        return kind

    def with_kind(self, kind: EntityKind) -> KindRegistry:
        """Return a registry with ``kind`` added last (a new kind tried in a test)."""
        return KindRegistry([*self._kinds.values(), kind])

    @property
    def resolvers(self) -> Mapping[str, Resolver]:
        """Every identifier scheme some kind resolves, with its resolver."""
        return MappingProxyType(self._resolvers)


_matchers: dict[tuple[str, int], RecordMatcher] = {}


def matcher_for(kind: EntityKind, communes: Communes) -> RecordMatcher:
    """Return the kind's matcher over this commune reference (built once)."""
    key = (kind.entity_type, id(communes))
    if key not in _matchers:
        _matchers[key] = kind.matcher(communes)
    return _matchers[key]
