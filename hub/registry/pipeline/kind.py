"""The kinds of master record ingestion handles, and what differs between them: the master
table, the attributes, how records are validated and matched, and the survivorship rules.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType
from typing import Any, Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from hub.registry.identifiers import AdminUnitDirectory
from hub.registry.kinds.civil_servant_appointment.models import CivilServantAppointment
from hub.registry.kinds.civil_servant_appointment.validation import (
    APPOINTMENT_ATTRIBUTES,
    CIVIL_SERVANT_APPOINTMENT,
    validate_appointment,
)
from hub.registry.kinds.health_enrollment.models import HealthInsuranceEnrollment
from hub.registry.kinds.health_enrollment.validation import (
    HEALTH_ENROLLMENT_ATTRIBUTES,
    HEALTH_INSURANCE_ENROLLMENT,
    validate_enrollment,
)
from hub.registry.kinds.land_parcel import reads as land
from hub.registry.kinds.land_parcel.models import LandParcel
from hub.registry.kinds.land_parcel.validation import (
    LAND_PARCEL,
    LAND_PARCEL_ATTRIBUTES,
    validate_land_parcel_record,
)
from hub.registry.kinds.organization.matching import OrganizationMatcher
from hub.registry.kinds.organization.models import Organization
from hub.registry.kinds.organization.validation import (
    ORGANIZATION_ATTRIBUTES,
    validate_organization,
)
from hub.registry.kinds.person.ethnic_groups import LIST_2008, LIST_FIELD, validate_person_record
from hub.registry.kinds.person.models import Person
from hub.registry.kinds.person.validation import PERSON_ATTRIBUTES, Validated, match_record
from hub.registry.matching import (
    Comparison,
    Decision,
    Level,
    Matcher,
    MatchResult,
    Rule,
    person_config,
)
from hub.registry.pipeline.inputs import ORGANIZATION, PERSON
from hub.registry.pipeline.reference import Communes
from hub.registry.pipeline.survivorship import (
    APPOINTMENT_COMPARABLE,
    APPOINTMENT_RULES,
    HEALTH_ENROLLMENT_COMPARABLE,
    HEALTH_ENROLLMENT_RULES,
    LAND_PARCEL_COMPARABLE,
    LAND_PARCEL_RULES,
    ORGANIZATION_COMPARABLE,
    ORGANIZATION_RULES,
    PERSON_COMPARABLE,
    PERSON_RULES,
    Comparable,
    SurvivorshipRules,
)


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


class PersonMatcher:
    """The probabilistic person matcher over source attributes."""

    def __init__(self, matcher: Matcher) -> None:
        self._matcher = matcher

    def keys(self, record_id: str, attributes: Mapping[str, Any]) -> tuple[str, ...]:
        """Return the person matcher's blocking keys."""
        return self._matcher.blocking_keys(match_record(record_id, attributes))

    def score(
        self, left_id: str, left: Mapping[str, Any], right_id: str, right: Mapping[str, Any]
    ) -> MatchResult:
        """Score a pair of person records."""
        return self._matcher.score(match_record(left_id, left), match_record(right_id, right))


class IdentifierMatcher:
    """Deterministic matching on strong identifiers only: an equal one links, a differing one
    alongside an equal one goes to a steward, otherwise the records are different.
    """

    def __init__(self, identifiers: Sequence[str]) -> None:
        self._identifiers = tuple(identifiers)

    def keys(self, record_id: str, attributes: Mapping[str, Any]) -> tuple[str, ...]:
        """Return one key per identifier present."""
        return tuple(f"{n}:{attributes[n]}" for n in self._identifiers if attributes.get(n))

    def score(
        self, left_id: str, left: Mapping[str, Any], right_id: str, right: Mapping[str, Any]
    ) -> MatchResult:
        """Decide a pair by its identifiers."""
        comparisons = []
        for name in self._identifiers:
            a, b = left.get(name), right.get(name)
            level = (
                Level.MISSING
                if a is None or b is None
                else (Level.EXACT if a == b else Level.DIFFERENT)
            )
            comparisons.append(Comparison(name, level, 0.0, a, b))
        equal = any(c.level is Level.EXACT for c in comparisons)
        differ = any(c.level is Level.DIFFERENT for c in comparisons)
        if equal and not differ:
            decision, score, rule = Decision.LINK, 1.0, Rule.IDENTIFIER_MATCH
        elif equal:
            decision, score, rule = Decision.REVIEW, 0.5, Rule.IDENTIFIER_MIXED
        else:
            decision, score, rule = Decision.NO_MATCH, 0.0, Rule.IDENTIFIER_CONFLICT
        return MatchResult(left_id, right_id, score, decision, tuple(comparisons), 0.0, rule)


Validator = Callable[[Mapping[str, Any], Communes, AdminUnitDirectory], Awaitable[Validated]]
Finisher = Callable[[AsyncSession, Sequence[str], datetime], Awaitable[None]]


@dataclass(frozen=True)
class EntityKind:
    """Everything ingestion and survivorship need to know about one kind of master."""

    entity_type: str
    model: type[Any]
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

    def blank(self) -> Any:
        """Return a new master with no golden value yet (version 0 until computed)."""
        return self.model(**{self.name: ""}, version=0)


PERSON_KIND = EntityKind(
    entity_type=PERSON,
    model=Person,
    attributes=PERSON_ATTRIBUTES,
    rules=PERSON_RULES,
    comparable=PERSON_COMPARABLE,
    unique="citizen_id",
    name="full_name",
    validate=validate_person_record,
    matcher=lambda communes: PersonMatcher(Matcher(person_config(communes.equivalence))),
    places=("address_commune_code",),
    dates=frozenset({"birth_date"}),
    steward_context=MappingProxyType({"ethnic_group": MappingProxyType({LIST_FIELD: LIST_2008})}),
)
ORGANIZATION_KIND = EntityKind(
    entity_type=ORGANIZATION,
    model=Organization,
    attributes=ORGANIZATION_ATTRIBUTES,
    rules=ORGANIZATION_RULES,
    comparable=ORGANIZATION_COMPARABLE,
    unique="agency_code",
    name="name",
    validate=validate_organization,
    matcher=lambda communes: OrganizationMatcher(communes.equivalence),
    places=("commune_code",),
)
LAND_PARCEL_KIND = EntityKind(
    entity_type=LAND_PARCEL,
    model=LandParcel,
    attributes=LAND_PARCEL_ATTRIBUTES,
    rules=LAND_PARCEL_RULES,
    comparable=LAND_PARCEL_COMPARABLE,
    unique="national_id",
    name="legacy_key",
    validate=validate_land_parcel_record,
    matcher=lambda communes: IdentifierMatcher(("legacy_key", "national_id")),
    finish=land.sync_children,
)
HEALTH_ENROLLMENT_KIND = EntityKind(
    entity_type=HEALTH_INSURANCE_ENROLLMENT,
    model=HealthInsuranceEnrollment,
    attributes=HEALTH_ENROLLMENT_ATTRIBUTES,
    rules=HEALTH_ENROLLMENT_RULES,
    comparable=HEALTH_ENROLLMENT_COMPARABLE,
    unique="enrollment_key",
    name="social_insurance_number",
    validate=validate_enrollment,
    matcher=lambda communes: IdentifierMatcher(("enrollment_key",)),
    dates=frozenset({"valid_from", "valid_to"}),
)
APPOINTMENT_KIND = EntityKind(
    entity_type=CIVIL_SERVANT_APPOINTMENT,
    model=CivilServantAppointment,
    attributes=APPOINTMENT_ATTRIBUTES,
    rules=APPOINTMENT_RULES,
    comparable=APPOINTMENT_COMPARABLE,
    unique="appointment_key",
    name="position",
    validate=validate_appointment,
    matcher=lambda communes: IdentifierMatcher(("appointment_key",)),
    dates=frozenset({"valid_from", "valid_to"}),
)
# Dependent kinds come after persons and organizations, whose masters they link to when
# one ``ingest`` call carries both.
KINDS: Mapping[str, EntityKind] = MappingProxyType(
    {
        kind.entity_type: kind
        for kind in (
            PERSON_KIND,
            ORGANIZATION_KIND,
            LAND_PARCEL_KIND,
            HEALTH_ENROLLMENT_KIND,
            APPOINTMENT_KIND,
        )
    }
)
"""The kinds ``ingest`` accepts, by entity type."""

_matchers: dict[tuple[str, int], RecordMatcher] = {}


def matcher_for(kind: EntityKind, communes: Communes) -> RecordMatcher:
    """Return the kind's matcher over this commune reference (built once)."""
    key = (kind.entity_type, id(communes))
    if key not in _matchers:
        _matchers[key] = kind.matcher(communes)
    return _matchers[key]
