"""The person kind: what ingestion, survivorship and stewardship need to know about persons."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from hub.registry.kinds.person import PERSON, link_repository
from hub.registry.kinds.person.ethnic_groups import LIST_2008, LIST_FIELD, validate_person_record
from hub.registry.kinds.person.matching import PersonMatcher
from hub.registry.kinds.person.models import Person
from hub.registry.kinds.person.validation import PERSON_ATTRIBUTES
from hub.registry.matching import Matcher, person_config
from hub.registry.matching.normalise import normalize_street
from hub.registry.pipeline.kind import EntityKind
from hub.registry.pipeline.survivorship import Comparable, SurvivorshipRules, folded

PERSON_RULES = SurvivorshipRules(
    # The social-security agency keeps identity data current for benefits; cadre HR records
    # are checked at appointment; cadastral owner data is the oldest.
    default=("health_insurance", "cadre_management", "land_records"),
    by_attribute=MappingProxyType(
        {
            # The land office surveys where people actually hold land and live.
            "address_commune_code": ("land_records", "health_insurance", "cadre_management"),
            "address_street": ("land_records", "health_insurance", "cadre_management"),
            "phone": ("cadre_management", "health_insurance", "land_records"),
            "email": ("cadre_management", "health_insurance", "land_records"),
        }
    ),
)
"""The person rules the hub uses unless a caller passes others."""


def _street(value: Any) -> Any:
    return normalize_street(str(value))


PERSON_COMPARABLE: Mapping[str, Comparable] = MappingProxyType(
    {"full_name": folded, "address_street": _street, "email": folded}
)
"""Differences that are not conflicts: case, diacritics and spacing in names and streets."""

PERSON_KIND = EntityKind(
    entity_type=PERSON,
    description="Persons (citizens, officials).",
    noun="person",
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
    resolvers=MappingProxyType(
        {
            "citizen_id": link_repository.person_by_citizen_id,
            "social_insurance_number": link_repository.person_by_social_insurance_number,
        }
    ),
)
"""Persons: matched probabilistically (identifiers decide when present)."""
