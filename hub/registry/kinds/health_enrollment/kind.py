"""The health-insurance enrolment kind: one card validity period of one insured person."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from hub.registry.kinds.health_enrollment import HEALTH_INSURANCE_ENROLLMENT
from hub.registry.kinds.health_enrollment.models import HealthInsuranceEnrollment
from hub.registry.kinds.health_enrollment.validation import (
    HEALTH_ENROLLMENT_ATTRIBUTES,
    validate_enrollment,
)
from hub.registry.pipeline.identifier_matcher import IdentifierMatcher
from hub.registry.pipeline.kind import EntityKind
from hub.registry.pipeline.survivorship import Comparable, SurvivorshipRules, folded

HEALTH_ENROLLMENT_RULES = SurvivorshipRules(
    # The social-security agency issues the card; hospitals only see it at the counter; HR
    # systems hold the employee's citizen ID checked at hiring.
    default=("health_insurance", "hospital_records", "cadre_management"),
    by_attribute=MappingProxyType(
        {"citizen_id": ("cadre_management", "health_insurance", "hospital_records")}
    ),
)
"""The enrolment rules the hub uses unless a caller passes others."""

HEALTH_ENROLLMENT_COMPARABLE: Mapping[str, Comparable] = MappingProxyType({"clinic_name": folded})
"""Differences that are not conflicts in enrolments: case and diacritics of clinic names."""

HEALTH_ENROLLMENT_KIND = EntityKind(
    entity_type=HEALTH_INSURANCE_ENROLLMENT,
    description="Health-insurance enrolments (card periods).",
    noun="health-insurance enrolment",
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
"""Enrolments: matched on their enrolment key (insurance number and validity start)."""
