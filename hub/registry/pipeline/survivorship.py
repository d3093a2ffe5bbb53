"""Per-attribute survivorship: which source value becomes the golden value, and where sources
disagree.

Order, per attribute: a steward override; then values not known to be degraded (a name without
diacritics, a superseded commune code); then the trust ranking of source systems for that
attribute; then the most recent SOURCE update time (never the hub's ingest time); then the
source record id, so that the outcome never depends on load order.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType
from typing import Any

from hub.kit.text import fold
from hub.registry.matching.normalise import normalize_street

STEWARD = "steward"
"""The provenance system of a value a steward set."""


@dataclass(frozen=True)
class SurvivorshipRules:
    """Trust ranking of source systems, most trusted first: per attribute, else ``default``.

    Systems a ranking does not name come after those it names, in no preferred order.
    """

    default: Sequence[str]
    by_attribute: Mapping[str, Sequence[str]] = field(default_factory=dict)

    def rank(self, attribute: str, system: str) -> int:
        """Return the position of ``system`` in ``attribute``'s ranking (lower wins)."""
        ranking = self.by_attribute.get(attribute, self.default)
        return ranking.index(system) if system in ranking else len(ranking)


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

ORGANIZATION_RULES = SurvivorshipRules(
    # The agency directory is the register of agency codes; enterprise data comes from the
    # business registry; HR systems only copy them.
    default=("agency_directory", "business_registry", "cadre_management", "land_records"),
)
"""The organization rules the hub uses unless a caller passes others."""


@dataclass(frozen=True)
class Contribution:
    """One source record's valid values, as survivorship sees them."""

    system: str
    source_record_id: str
    source_updated_at: datetime
    attributes: Mapping[str, Any]
    demoted: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Override:
    """A steward's value for an attribute."""

    value: Any
    created_at: datetime


@dataclass(frozen=True)
class Chosen:
    """The golden value of one attribute and where it came from."""

    value: Any
    system: str
    source_record_id: str | None
    source_updated_at: datetime


Comparable = Callable[[Any], Any]
"""Reduces a value to what must agree across sources for them not to conflict."""


def _folded(value: Any) -> Any:
    return fold(str(value))


def _street(value: Any) -> Any:
    return normalize_street(str(value))


PERSON_COMPARABLE: Mapping[str, Comparable] = MappingProxyType(
    {"full_name": _folded, "address_street": _street, "email": _folded}
)
"""Differences that are not conflicts: case, diacritics and spacing in names and streets."""

ORGANIZATION_COMPARABLE: Mapping[str, Comparable] = MappingProxyType({"name": _folded})
"""Differences that are not conflicts: case, diacritics and spacing in organization names."""


def survive(
    attributes: Sequence[str],
    contributions: Sequence[Contribution],
    overrides: Mapping[str, Override],
    rules: SurvivorshipRules,
) -> dict[str, Chosen]:
    """Return the golden value of every attribute that has one."""
    chosen: dict[str, Chosen] = {}
    for attribute in attributes:
        if attribute in overrides:
            override = overrides[attribute]
            chosen[attribute] = Chosen(override.value, STEWARD, None, override.created_at)
            continue
        offering = [c for c in contributions if c.attributes.get(attribute) is not None]
        if not offering:
            continue
        best = min(
            offering,
            key=lambda c: (
                attribute in c.demoted,
                rules.rank(attribute, c.system),
                -c.source_updated_at.timestamp(),
                c.source_record_id,
            ),
        )
        chosen[attribute] = Chosen(
            best.attributes[attribute], best.system, best.source_record_id, best.source_updated_at
        )
    return chosen


def conflicts(
    attributes: Sequence[str],
    contributions: Sequence[Contribution],
    same: Mapping[str, Callable[[Any, Any], bool]] | None = None,
    comparable: Mapping[str, Comparable] = PERSON_COMPARABLE,
) -> dict[str, list[dict[str, Any]]]:
    """Return, per attribute on which sources disagree, every source's value.

    ``same`` may declare two values equal (an old commune code and its successor);
    ``comparable`` reduces values before comparing.
    """
    found: dict[str, list[dict[str, Any]]] = {}
    for attribute in attributes:
        offering = [c for c in contributions if c.attributes.get(attribute) is not None]
        reduce = comparable.get(attribute, lambda v: v)
        equal = (same or {}).get(attribute)
        values = [reduce(c.attributes[attribute]) for c in offering]
        disagree = any(
            a != b and not (equal is not None and equal(a, b))
            for i, a in enumerate(values)
            for b in values[i + 1 :]
        )
        if disagree:
            found[attribute] = [
                {
                    "system": c.system,
                    "sourceRecordId": c.source_record_id,
                    "value": c.attributes[attribute],
                }
                for c in offering
            ]
    return found


LAND_PARCEL_RULES = SurvivorshipRules(
    # The cadastral database (VBDLIS) surveys the parcel; the registration office issues the
    # certificate and records who holds the rights; land-use tax records copy both.
    default=("land_records", "land_registration", "tax_records"),
    by_attribute=MappingProxyType(
        {
            "certificate_number": ("land_registration", "land_records", "tax_records"),
            "right_holders": ("land_registration", "land_records", "tax_records"),
        }
    ),
)
"""The land parcel rules the hub uses unless a caller passes others."""

HEALTH_ENROLLMENT_RULES = SurvivorshipRules(
    # The social-security agency issues the card; hospitals only see it at the counter; HR
    # systems hold the employee's citizen ID checked at hiring.
    default=("health_insurance", "hospital_records", "cadre_management"),
    by_attribute=MappingProxyType(
        {"citizen_id": ("cadre_management", "health_insurance", "hospital_records")}
    ),
)
"""The enrolment rules the hub uses unless a caller passes others."""

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


def _holders(value: Any) -> Any:
    # Names are spelt as each office likes and the person link depends on what the registry
    # knew at ingestion: only who holds which share is a disagreement.
    return tuple(sorted((str(h.get("citizen_id")), str(h.get("share"))) for h in value))


LAND_PARCEL_COMPARABLE: Mapping[str, Comparable] = MappingProxyType(
    {"right_holders": _holders, "certificate_number": _folded}
)
"""Differences that are not conflicts in parcels: holder names, certificate number case."""

HEALTH_ENROLLMENT_COMPARABLE: Mapping[str, Comparable] = MappingProxyType({"clinic_name": _folded})
"""Differences that are not conflicts in enrolments: case and diacritics of clinic names."""

APPOINTMENT_COMPARABLE: Mapping[str, Comparable] = MappingProxyType({"position": _folded})
"""Differences that are not conflicts in appointments: case and diacritics of positions."""
