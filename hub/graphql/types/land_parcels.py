"""A land parcel as seen from one of its right holders (``Person.landParcels``).

The other holders are persons too: only their number is shown here, so that reading one
person's parcels reveals nothing about anyone else.
"""

from __future__ import annotations

from fractions import Fraction

import strawberry

from hub.graphql.context import Info
from hub.graphql.types.connection import Connection
from hub.graphql.types.global_ids import encode_global_id
from hub.graphql.types.history import HistoryEntry, history_connection
from hub.graphql.types.provenance import ProvenanceEntry, camel, provenance_entries
from hub.registry.records.land_models import LandParcel as LandParcelRecord

LAND_PARCEL_TYPE = "LandParcel"


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
            await info.context.loaders.provenance_by_parcel_id.load(self.record.id)
        )

    @strawberry.field(description="Versions of the golden record, newest first.")
    async def history(
        self, info: Info, first: int | None = 20, after: str | None = None
    ) -> Connection[HistoryEntry]:
        """The versions, paged."""
        changes = await info.context.loaders.history_by_parcel_id.load(self.record.id)
        names = {a: camel(a) for c in changes for a in c.changed}
        return history_connection(changes, names, LAND_PARCEL_TYPE, first, after)
