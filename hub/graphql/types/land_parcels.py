"""A land parcel as seen from one of its right holders (``Person.landParcels``), from a lookup
(``landParcel``), or from a parcel it was split or merged from or into (``parents``,
``children``).

The other holders are persons too: only their number is shown here, so that reading one
person's parcels reveals nothing about anyone else. A parcel reached through lineage is
checked and logged exactly as if it had been looked up by its key.
"""

from __future__ import annotations

from datetime import date
from enum import Enum
from fractions import Fraction

import strawberry

from hub.graphql.access_logging import current_reads
from hub.graphql.context import Info
from hub.graphql.permissions import check_holders, person_lookup
from hub.graphql.types.connection import Connection
from hub.graphql.types.global_ids import encode_global_id
from hub.graphql.types.history import HistoryEntry, history_connection
from hub.graphql.types.provenance import ProvenanceEntry, camel, provenance_entries
from hub.principals.principal import Principal
from hub.principals.scopes import Scope
from hub.registry.kinds.land_parcel import LAND_PARCEL
from hub.registry.kinds.land_parcel.lineage import ParcelLink
from hub.registry.kinds.land_parcel.models import LandParcel as LandParcelRecord

LAND_PARCEL_TYPE = "LandParcel"


def holder_ids(parcel: LandParcelRecord) -> list[str]:
    """Return the registry ids of the parcel's holders the registry knows, sorted."""
    return sorted({str(h["person_id"]) for h in parcel.right_holders or () if h.get("person_id")})


def check_parcel_reader(principal: Principal, parcel: LandParcelRecord | None) -> None:
    """Rule 4 for a parcel (``hub.graphql.permissions.check_holders``); an unknown parcel
    (``None``) is refused alike."""
    check_holders(principal, [] if parcel is None else holder_ids(parcel))


def log_parcel_read(parcel: LandParcelRecord, attribute: str) -> None:
    """Note the read of ``parcel`` in land:read for every holder the registry knows."""
    for person_id in holder_ids(parcel):
        current_reads().record(person_id, Scope.LAND_READ.value, attribute)


@strawberry.enum(description="How a parcel came from another.")
class ParcelRelation(Enum):
    """The kind of a lineage link."""

    SPLIT = strawberry.enum_value("SPLIT", description="The child is a part split off the parent.")
    MERGE = strawberry.enum_value(
        "MERGE", description="The child is the parent merged with one or more other parcels."
    )


@strawberry.type(description="A land parcel a person holds rights in (scope land:read).")
class LandParcel:
    """A parcel's golden record, seen from one right holder."""

    record: strawberry.Private[LandParcelRecord]
    holder_id: strawberry.Private[str | None] = None
    """The holder the parcel was reached from; None when looked up by its key."""

    @strawberry.field(description="Opaque global id of the parcel.")
    def id(self) -> strawberry.ID:
        """The global id."""
        return strawberry.ID(encode_global_id(LAND_PARCEL_TYPE, self.record.id))

    @strawberry.field(description="National 12-character parcel ID, when it has one.")
    def national_id(self) -> str | None:
        """The national ID."""
        return self.record.national_id

    @strawberry.field(description="Legacy key `commune-mapSheet-parcelNumber`, as surveyed.")
    def legacy_key(self) -> str:
        """The legacy key."""
        return self.record.legacy_key

    @strawberry.field(description="Commune code the parcel was surveyed under.")
    def commune_code(self) -> str | None:
        """The commune code."""
        return self.record.commune_code

    @strawberry.field(description="Map sheet number.")
    def map_sheet(self) -> int | None:
        """The map sheet."""
        return self.record.map_sheet

    @strawberry.field(description="Parcel number on the map sheet.")
    def parcel_number(self) -> int | None:
        """The parcel number."""
        return self.record.parcel_number

    @strawberry.field(description="Area in square metres, as a decimal string (e.g. `120.5`).")
    def area(self) -> str | None:
        """The area."""
        return None if self.record.area is None else str(self.record.area)

    @strawberry.field(description="Land-use purpose code (e.g. `ONT`).")
    def land_use_purpose(self) -> str | None:
        """The land-use purpose."""
        return self.record.land_use_purpose

    @strawberry.field(description="Number of the land-use right certificate.")
    def certificate_number(self) -> str | None:
        """The certificate number."""
        return self.record.certificate_number

    @strawberry.field(
        description="This person's share of the rights, e.g. `1/2` (from `Person.landParcels`)."
    )
    def share(self) -> str | None:
        """The share of the holder the parcel was reached from."""
        if self.holder_id is None:
            return None
        for holder in self.record.right_holders or ():
            if holder.get("person_id") == self.holder_id:
                return str(Fraction(holder["share"]))
        return None

    @strawberry.field(description="How many right holders the parcel has.")
    def holder_count(self) -> int:
        """The number of holders."""
        return len(self.record.right_holders or ())

    @strawberry.field(description="Where each golden value came from.")
    async def provenance(self, info: Info) -> list[ProvenanceEntry]:
        """The provenance of every attribute."""
        return provenance_entries(
            await info.context.loaders.provenance_by_master_id(LAND_PARCEL).load(self.record.id)
        )

    @strawberry.field(description="Versions of the golden record, newest first.")
    async def history(
        self, info: Info, first: int | None = 20, after: str | None = None
    ) -> Connection[HistoryEntry]:
        """The versions, paged."""
        changes = await info.context.loaders.history_by_master_id(LAND_PARCEL).load(self.record.id)
        names = {a: camel(a) for c in changes for a in c.changed}
        return history_connection(info, changes, names, LAND_PARCEL_TYPE, first, after)

    @strawberry.field(
        description=(
            "The parcels this one was split or merged from, oldest change first (empty when "
            "the sources name none)."
        )
    )
    async def parents(self, info: Info) -> list[ParcelLineageLink]:
        """The links to the parents, through a dataloader."""
        lineage = await info.context.loaders.lineage_by_parcel_id.load(self.record.id)
        return [ParcelLineageLink.of(link) for link in lineage.parents]

    @strawberry.field(description="The parcels split or merged from this one, oldest change first.")
    async def children(self, info: Info) -> list[ParcelLineageLink]:
        """The links to the children, through a dataloader."""
        lineage = await info.context.loaders.lineage_by_parcel_id.load(self.record.id)
        return [ParcelLineageLink.of(link) for link in lineage.children]


@strawberry.type(
    description=(
        "A split or merge linking a parcel to another: in `parents` the other parcel is the "
        "parent, in `children` the child."
    )
)
class ParcelLineageLink:
    """One lineage link; the parcel on the other side is read under the lookup rules."""

    relation: ParcelRelation = strawberry.field(description="Split or merge.")
    changed_on: date = strawberry.field(
        description=(
            "Date of the change: the source's update date of the child record naming the parent."
        )
    )
    parent_key: str = strawberry.field(
        description=(
            "Legacy key of the parent as the child's source named it (in `children`, this "
            "parcel's key); readable even when the registry does not know the parent yet."
        )
    )
    other_id: strawberry.Private[str | None]

    @classmethod
    def of(cls, link: ParcelLink) -> ParcelLineageLink:
        """Convert a domain link."""
        return cls(
            relation=ParcelRelation(link.relation),
            changed_on=link.changed_on,
            parent_key=link.parent_key,
            other_id=link.other_id,
        )

    @strawberry.field(
        description=(
            "The parcel on the other side, under the rules of `landParcel`: scope land:read "
            "and a purpose; citizens (and agencies acting for one) only parcels that citizen "
            "holds, else FORBIDDEN here; the read is logged for each of its known holders. "
            "Null (for agencies) when the registry does not know the parcel yet."
        ),
        extensions=person_lookup(Scope.LAND_READ),
    )
    async def parcel(self, info: Info) -> LandParcel | None:
        """The other parcel, through a dataloader."""
        found = None
        if self.other_id is not None:
            found = await info.context.loaders.parcel_by_id.load(self.other_id)
        # Checked before the null, as landParcel does: to a citizen an unknown parcel and
        # someone else's answer alike.
        check_parcel_reader(info.context.principal, found)
        if found is None:
            return None
        log_parcel_read(found, "parcelLineage")
        return LandParcel(record=found)
