"""The land parcel kind: parcels by legacy key or national ID, with right holders and lineage."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from hub.registry.kinds.land_parcel import LAND_PARCEL, reads
from hub.registry.kinds.land_parcel.models import LandParcel
from hub.registry.kinds.land_parcel.validation import (
    LAND_PARCEL_ATTRIBUTES,
    validate_land_parcel_record,
)
from hub.registry.pipeline.identifier_matcher import IdentifierMatcher
from hub.registry.pipeline.kind import EntityKind
from hub.registry.pipeline.survivorship import Comparable, SurvivorshipRules, folded

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


def _holders(value: Any) -> Any:
    # Names are spelt as each office likes and the person link depends on what the registry
    # knew at ingestion: only who holds which share is a disagreement.
    return tuple(sorted((str(h.get("citizen_id")), str(h.get("share"))) for h in value))


LAND_PARCEL_COMPARABLE: Mapping[str, Comparable] = MappingProxyType(
    {"right_holders": _holders, "certificate_number": folded}
)
"""Differences that are not conflicts in parcels: holder names, certificate number case."""

LAND_PARCEL_KIND = EntityKind(
    entity_type=LAND_PARCEL,
    description="Land parcels.",
    noun="land parcel",
    model=LandParcel,
    attributes=LAND_PARCEL_ATTRIBUTES,
    rules=LAND_PARCEL_RULES,
    comparable=LAND_PARCEL_COMPARABLE,
    unique="national_id",
    name="legacy_key",
    validate=validate_land_parcel_record,
    matcher=lambda communes: IdentifierMatcher(("legacy_key", "national_id")),
    finish=reads.sync_children,
)
"""Land parcels: matched on their legacy key or national ID only."""
