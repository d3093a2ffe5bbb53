"""The civil-servant appointment kind: a person in a position of an organization."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from hub.registry.kinds.civil_servant_appointment import CIVIL_SERVANT_APPOINTMENT
from hub.registry.kinds.civil_servant_appointment.models import CivilServantAppointment
from hub.registry.kinds.civil_servant_appointment.validation import (
    APPOINTMENT_ATTRIBUTES,
    validate_appointment,
)
from hub.registry.pipeline.identifier_matcher import IdentifierMatcher
from hub.registry.pipeline.kind import EntityKind
from hub.registry.pipeline.survivorship import Comparable, SurvivorshipRules, folded

APPOINTMENT_RULES = SurvivorshipRules(
    # The cadre-management system records decisions; payroll pays by grade and coefficient, so
    # it is first for those; the agency directory knows only where people sit.
    default=("cadre_management", "payroll", "agency_directory"),
    by_attribute=MappingProxyType(
        {
            "salary_grade": ("payroll", "cadre_management", "agency_directory"),
            "salary_coefficient": ("payroll", "cadre_management", "agency_directory"),
        }
    ),
)
"""The appointment rules the hub uses unless a caller passes others."""

APPOINTMENT_COMPARABLE: Mapping[str, Comparable] = MappingProxyType({"position": folded})
"""Differences that are not conflicts in appointments: case and diacritics of positions."""

APPOINTMENT_KIND = EntityKind(
    entity_type=CIVIL_SERVANT_APPOINTMENT,
    description="Civil-servant appointments.",
    noun="civil-servant appointment",
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
"""Appointments: matched on their appointment key."""
