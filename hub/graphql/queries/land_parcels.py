"""``landParcel``: one parcel by its legacy key or national ID, with its right holders;
``landParcels``: a page of parcels, optionally of one commune.

A parcel's holders are persons: the lookup needs ``land:read`` and a purpose, the read is
logged for every holder the registry knows, and each holder's own fields go through
``Person`` (its scopes, its log). Citizens and agencies acting for one see only parcels that
citizen holds. The same rules guard a parcel reached through another's lineage
(``hub.graphql.types.land_parcels``).
"""

from __future__ import annotations

from fractions import Fraction

import strawberry

from hub.errors import Forbidden, Invalid
from hub.graphql.arguments import clean
from hub.graphql.context import Info
from hub.graphql.permissions import person_lookup
from hub.graphql.types.connection import Connection, connection_from_page, page_of
from hub.graphql.types.land_parcels import LandParcel, check_parcel_reader, log_parcel_read
from hub.graphql.types.persons import Person
from hub.kit.pagination import encode_cursor
from hub.principals.principal import PrincipalKind
from hub.principals.scopes import Scope
from hub.registry.kinds.land_parcel import reads as land
from hub.registry.kinds.land_parcel.models import LandParcel as LandParcelRecord


@strawberry.type(description="One right holder of a parcel and their share.")
class ParcelHolder:
    """A right holder; ``person`` is null when the registry does not know them."""

    share: str = strawberry.field(description="Share of the rights, e.g. `1/2`.")
    person_id: strawberry.Private[str | None]

    @strawberry.field(description="The holder as a person (their fields need person scopes).")
    async def person(self, info: Info) -> Person | None:
        """The person, through the dataloader."""
        if self.person_id is None:
            return None
        found = await info.context.loaders.person_by_id.load(self.person_id)
        return None if found is None else Person(record=found)


@strawberry.type(description="A land parcel found by its key, with its right holders.")
class RegisteredParcel:
    """A parcel looked up by key."""

    parcel: LandParcel = strawberry.field(description="The parcel's golden record.")
    holders: list[ParcelHolder] = strawberry.field(description="The right holders.")


@strawberry.type
class LandParcelQueries:
    """Queries on land parcels."""

    @strawberry.field(
        description=(
            "One parcel by `nationalId`, or by its legacy key `communeCode` + `mapSheet` + "
            "`parcelNumber` (give one or the other). Scope land:read and a purpose; the read is "
            "logged for every known holder; citizens see only their own parcels."
        ),
        extensions=person_lookup(Scope.LAND_READ),
    )
    async def land_parcel(
        self,
        info: Info,
        national_id: str | None = None,
        commune_code: str | None = None,
        map_sheet: int | None = None,
        parcel_number: int | None = None,
    ) -> RegisteredParcel | None:
        """Find a parcel."""
        found = await _find(info, national_id, commune_code, map_sheet, parcel_number)
        check_parcel_reader(info.context.principal, found)
        if found is None:
            return None
        log_parcel_read(found, "landParcel")
        return _registered(found)

    @strawberry.field(
        description=(
            "Parcels in id order, optionally of one commune (`communeCode`, as recorded: an "
            "old code finds parcels recorded under it). Agency clients with land:read and a "
            "purpose; every parcel returned is logged for each holder the registry knows."
        ),
        extensions=person_lookup(Scope.LAND_READ),
    )
    async def land_parcels(
        self,
        info: Info,
        commune_code: str | None = None,
        first: int | None = 20,
        after: str | None = None,
    ) -> Connection[RegisteredParcel]:
        """Page through parcels."""
        if info.context.principal.kind is not PrincipalKind.CLIENT:
            raise Forbidden("Only agency clients acting on their own may list parcels.")
        code = None if commune_code is None else _commune(commune_code)
        request = page_of(info, first, after)
        page = await land.list_parcels(
            info.context.session, commune_code=code, first=request.first, after=request.after
        )
        for parcel in page.items:
            log_parcel_read(parcel, "landParcels")
        return connection_from_page(
            page, _registered, lambda parcel: encode_cursor(parcel.id), info=info, after=after
        )


def _registered(found: LandParcelRecord) -> RegisteredParcel:
    return RegisteredParcel(
        parcel=LandParcel(record=found),
        holders=[
            ParcelHolder(share=str(Fraction(h["share"])), person_id=h.get("person_id"))
            for h in found.right_holders or []
        ],
    )


def _commune(value: str) -> str:
    code = clean(value, "communeCode").strip()
    if not (len(code) == 5 and code.isascii() and code.isdigit()):
        raise Invalid("Argument 'communeCode' must be 5 digits", argument="communeCode")
    return code


async def _find(
    info: Info,
    national_id: str | None,
    commune_code: str | None,
    map_sheet: int | None,
    parcel_number: int | None,
) -> LandParcelRecord | None:
    session = info.context.session
    key = (commune_code, map_sheet, parcel_number)
    if national_id is not None and all(k is None for k in key):
        return await land.find_parcel_by_national_id(session, clean(national_id, "nationalId"))
    if national_id is None and commune_code is not None and None not in key:
        assert map_sheet is not None and parcel_number is not None
        code = _commune(commune_code)
        return await land.find_parcel_by_key(session, code, map_sheet, parcel_number)
    raise Invalid(
        "Give either 'nationalId' or all of 'communeCode', 'mapSheet' and 'parcelNumber'",
        argument="nationalId",
    )
