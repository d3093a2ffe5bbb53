"""GraphQL types of administrative units, always seen as of a date."""

from __future__ import annotations

from datetime import date

import strawberry

from hub.graphql.context import Info
from hub.graphql.types.connection import Connection, connection_from_page, page_of
from hub.registry.codelists import service as codelists
from hub.registry.codelists.models import (
    ADMIN_UNITS_LIST_ID,
    AdminLevel,
    Code,
    Crosswalk,
    CrosswalkRelation,
)

AdminLevelType = strawberry.enum(
    AdminLevel,
    name="AdminLevel",
    description="Level of an administrative unit. Districts exist only before 2025-07-01.",
)
CrosswalkRelationType = strawberry.enum(
    CrosswalkRelation,
    name="CrosswalkRelation",
    description=(
        "MERGED_INTO: the whole old unit became part of the new one. SPLIT_INTO: the old unit "
        "was divided and part of it went to the new one."
    ),
)


@strawberry.type(
    description=(
        "An administrative unit (province, district or commune) as it was on one date. The same "
        "code can name different units on different dates: new Bắc Ninh has code 24, the code of "
        "old Bắc Giang."
    )
)
class AdministrativeUnit:
    """A unit valid on ``as_of``."""

    unit: strawberry.Private[Code]
    as_of: strawberry.Private[date]

    @strawberry.field(
        description="Code of the unit: 2 digits (province), 3 (district), 5 (commune)."
    )
    def code(self) -> str:
        """The unit's code."""
        return self.unit.code

    @strawberry.field(description='Official name in Vietnamese, e.g. "Phường Sài Gòn".')
    def name(self) -> str:
        """The unit's name."""
        return self.unit.name

    @strawberry.field(description="Province, district or commune.")
    def level(self) -> AdminLevel:
        """The unit's level."""
        assert self.unit.level is not None
        return self.unit.level

    @strawberry.field(
        description="Type of unit as named officially: Tỉnh, Thành phố, Quận, Huyện, Xã, Phường, Đặc khu, ..."
    )
    def unit_type(self) -> str | None:
        """The kind of unit."""
        return self.unit.kind

    @strawberry.field(
        description="First day the unit is valid; null when it predates the data source (the legacy list)."
    )
    def valid_from(self) -> date | None:
        """Start of validity (inclusive)."""
        return self.unit.valid_from

    @strawberry.field(
        description="First day the unit is no longer valid (exclusive end); null while in force. Legacy units end on 2025-07-01, i.e. were last valid on 2025-06-30."
    )
    def valid_to(self) -> date | None:
        """End of validity (exclusive)."""
        return self.unit.valid_to

    @strawberry.field(description="The date this unit is seen at (the `asOf` of the query).")
    def as_of_date(self) -> date:
        """The date the unit is seen at."""
        return self.as_of

    @strawberry.field(
        description="The unit this one belongs to on the same date (null for provinces)."
    )
    async def parent(self, info: Info) -> AdministrativeUnit | None:
        """The parent unit on the same date."""
        if self.unit.parent_code is None:
            return None
        loader = info.context.loaders.administrative_unit_by_code_and_date
        parent = await loader.load((self.unit.parent_code, self.as_of))
        return None if parent is None else AdministrativeUnit(unit=parent, as_of=self.as_of)

    @strawberry.field(description="Units directly below this one on the same date, in code order.")
    async def children(
        self, info: Info, first: int | None = 20, after: str | None = None
    ) -> Connection[AdministrativeUnit]:
        """A page of child units."""
        request = page_of(info, first, after)
        page = await codelists.page(
            info.context.session,
            ADMIN_UNITS_LIST_ID,
            self.as_of,
            request,
            parent_code=self.unit.code,
        )
        return connection_from_page(
            page,
            lambda c: AdministrativeUnit(unit=c, as_of=self.as_of),
            codelists.cursor_of,
            info=info,
            after=after,
        )

    @strawberry.field(
        description="Units this one became when it ended (e.g. on 2025-07-01); the default successor of a split unit comes first."
    )
    async def successors(self, info: Info) -> list[AdministrativeUnit]:
        """The units that succeeded this one."""
        return [link.unit for link in await self.successor_links(info)]

    @strawberry.field(description="Units that became this one when it came into force.")
    async def predecessors(self, info: Info) -> list[AdministrativeUnit]:
        """The units that preceded this one."""
        return [link.unit for link in await self.predecessor_links(info)]

    @strawberry.field(
        description="Successors with the kind of change and the default-successor flag."
    )
    async def successor_links(self, info: Info) -> list[AdministrativeUnitLink]:
        """Links to the successors."""
        if self.unit.valid_to is None:
            return []
        links = await info.context.loaders.successor_links_by_unit.load(self.unit)
        return await _resolve_links(info, links, [(x.new_code, x.effective_date) for x in links])

    @strawberry.field(
        description="Predecessors with the kind of change and the default-successor flag."
    )
    async def predecessor_links(self, info: Info) -> list[AdministrativeUnitLink]:
        """Links from the predecessors."""
        if self.unit.valid_from is None:
            return []
        links = await info.context.loaders.predecessor_links_by_unit.load(self.unit)
        keys = [(x.old_code, codelists.day_before(x.effective_date)) for x in links]
        return await _resolve_links(info, links, keys)


@strawberry.type(description="One old → new change between administrative units.")
class AdministrativeUnitLink:
    """A crosswalk link seen from one of its ends."""

    unit: AdministrativeUnit = strawberry.field(description="The unit at the other end.")
    relation: CrosswalkRelation = strawberry.field(description="Merge or split.")
    is_default: bool = strawberry.field(
        description="For a split unit: whether this is its default successor (where records go when nothing else tells)."
    )
    effective_date: date = strawberry.field(description="The day the change took effect.")


async def _resolve_links(
    info: Info, links: list[Crosswalk], keys: list[tuple[str, date]]
) -> list[AdministrativeUnitLink]:
    loader = info.context.loaders.administrative_unit_by_code_and_date
    units = await loader.load_many(keys)
    return [
        AdministrativeUnitLink(
            unit=AdministrativeUnit(unit=unit, as_of=key[1]),
            relation=link.relation,
            is_default=link.is_default,
            effective_date=link.effective_date,
        )
        for link, key, unit in zip(links, keys, units, strict=True)
        if unit is not None
    ]
