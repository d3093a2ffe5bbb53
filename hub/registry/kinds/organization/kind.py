"""The organization kind: agencies by agency code, enterprises by tax code."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from hub.registry.kinds.organization import ORGANIZATION, reads
from hub.registry.kinds.organization.matching import OrganizationMatcher
from hub.registry.kinds.organization.models import Organization
from hub.registry.kinds.organization.validation import (
    ORGANIZATION_ATTRIBUTES,
    validate_organization,
)
from hub.registry.pipeline.kind import EntityKind
from hub.registry.pipeline.survivorship import Comparable, SurvivorshipRules, folded

ORGANIZATION_RULES = SurvivorshipRules(
    # The agency directory is the register of agency codes; enterprise data comes from the
    # business registry; HR systems only copy them.
    default=("agency_directory", "business_registry", "cadre_management", "land_records"),
)
"""The organization rules the hub uses unless a caller passes others."""

ORGANIZATION_COMPARABLE: Mapping[str, Comparable] = MappingProxyType({"name": folded})
"""Differences that are not conflicts: case, diacritics and spacing in organization names."""

ORGANIZATION_KIND = EntityKind(
    entity_type=ORGANIZATION,
    description="Organizations: state agencies and enterprises.",
    noun="organization",
    model=Organization,
    attributes=ORGANIZATION_ATTRIBUTES,
    rules=ORGANIZATION_RULES,
    comparable=ORGANIZATION_COMPARABLE,
    unique="agency_code",
    name="name",
    validate=validate_organization,
    matcher=lambda communes: OrganizationMatcher(communes.equivalence),
    places=("commune_code",),
    resolvers=MappingProxyType({"agency_code": reads.organization_id_by_agency_code}),
)
"""Organizations: identifiers decide; folded names and communes for records without them."""
