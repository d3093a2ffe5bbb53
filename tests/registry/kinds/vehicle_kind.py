"""A sixth kind of master record, added by following ``docs/adding-a-kind.md``: road vehicles
by their VIN, with the owner's citizen ID linked to the person master. It lives in the tests
(its table in a metadata of its own, created by the test instead of a migration), so that the
checklist is proved on every run without the product carrying a demo kind.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from sqlalchemy import MetaData
from sqlmodel import Field, SQLModel

from hub.registry.identifiers import AdminUnitDirectory
from hub.registry.pipeline.identifier_matcher import IdentifierMatcher
from hub.registry.pipeline.kind import EntityKind
from hub.registry.pipeline.lookups import dated
from hub.registry.pipeline.masters import MasterColumns
from hub.registry.pipeline.payload_fields import citizen_field, text_field
from hub.registry.pipeline.reference import Communes
from hub.registry.pipeline.survivorship import Comparable, SurvivorshipRules, folded
from hub.registry.pipeline.validated import Validated

VEHICLE = "vehicle"
VEHICLE_ATTRIBUTES = ("vin", "plate", "make", "owner_citizen_id", "owner_person_id")


class _TestTables(SQLModel):
    metadata = MetaData()


class Vehicle(MasterColumns, _TestTables, table=True):
    """A road vehicle: ``vin`` is unique, the plate changes when the vehicle moves province."""

    __tablename__ = "vehicle"

    vin: str | None = Field(default=None, unique=True, max_length=17)
    plate: str
    make: str | None = None
    owner_citizen_id: str | None = Field(default=None, max_length=12)
    owner_person_id: str | None = Field(default=None, max_length=36)


async def validate_vehicle(
    payload: Mapping[str, Any], communes: Communes, directory: AdminUnitDirectory
) -> Validated:
    """Validate a vehicle payload: a 17-character VIN, a plate, the owner's citizen ID."""
    out = Validated()
    vin = text_field(payload, ("vin", "SoKhung"))
    if vin is not None and len(vin) == 17 and vin.isalnum():
        out.attributes["vin"] = vin.upper()
    elif vin is not None:
        out.flag("vin", "INVALID_IDENTIFIER", f"a VIN has 17 letters and digits, found {vin!r}")
    plate = text_field(payload, ("plate", "BienSo"))
    if plate is not None:
        out.attributes["plate"] = plate.upper()
    make = text_field(payload, ("make",))
    if make is not None:
        out.attributes["make"] = make
    citizen_id, person_id = await citizen_field(
        out, payload.get("owner_citizen_id"), "owner_citizen_id", dated(directory)
    )
    if citizen_id is not None:
        out.attributes["owner_citizen_id"] = citizen_id
    if person_id is not None:
        out.attributes["owner_person_id"] = person_id
    return out


VEHICLE_COMPARABLE: Mapping[str, Comparable] = MappingProxyType({"make": folded})

VEHICLE_KIND = EntityKind(
    entity_type=VEHICLE,
    description="Road vehicles.",
    noun="vehicle",
    model=Vehicle,
    attributes=VEHICLE_ATTRIBUTES,
    # The registration office issues plates; insurers copy them.
    rules=SurvivorshipRules(default=("vehicle_registration", "insurance")),
    comparable=VEHICLE_COMPARABLE,
    unique="vin",
    name="plate",
    validate=validate_vehicle,
    matcher=lambda communes: IdentifierMatcher(("vin",)),
)
"""The sixth kind: one ``EntityKind``, registered with ``KINDS.with_kind(VEHICLE_KIND)``."""
