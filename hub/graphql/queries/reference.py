"""Public queries on reference data: administrative units, code lists, identifier validation.

Reference data is open data: these fields need no token.
"""

from __future__ import annotations

from datetime import date

import strawberry

from hub.graphql.arguments import clean, clean_optional
from hub.graphql.context import Info
from hub.graphql.types.admin_units import AdministrativeUnit
from hub.graphql.types.codelists import CodeListType
from hub.graphql.types.connection import Connection, connection_from_page, page_of
from hub.graphql.types.identifiers import IdentifierValidationType
from hub.registry.codelists import service as codelists
from hub.registry.codelists.directory import CodeListDirectory
from hub.registry.codelists.models import ADMIN_UNITS_LIST_ID, AdminLevel
from hub.registry.identifiers import service as identifiers
from hub.registry.identifiers.models import IdentifierScheme


@strawberry.type
class ReferenceQueries:
    """Queries on reference data."""

    @strawberry.field(
        description=(
            "The administrative unit that had `code` on `asOf` (default: today, Vietnam time). "
            "Null, without error, when no unit had that code on that date."
        )
    )
    async def administrative_unit(
        self, info: Info, code: str, as_of: date | None = None
    ) -> AdministrativeUnit | None:
        """Look a unit up by code and date."""
        day = as_of or info.context.today
        loader = info.context.loaders.administrative_unit_by_code_and_date
        unit = await loader.load((clean(code, "code").strip(), day))
        return None if unit is None else AdministrativeUnit(unit=unit, as_of=day)

    @strawberry.field(
        description=(
            "Every unit that ever had `code`, oldest first: what a code meant before and after "
            "the 2025 reform."
        )
    )
    async def administrative_unit_versions(self, info: Info, code: str) -> list[AdministrativeUnit]:
        """All meanings of a code."""
        units = await codelists.history(
            info.context.session, ADMIN_UNITS_LIST_ID, clean(code, "code").strip()
        )
        return [
            AdministrativeUnit(
                unit=u, as_of=u.valid_from or codelists.day_before(u.valid_to or info.context.today)
            )
            for u in units
        ]

    @strawberry.field(
        description=(
            "Units valid on `asOf` (default today), filtered by level, parent and a search on the "
            'name that ignores case and diacritics ("bac ninh" finds "Bắc Ninh"); in code order.'
        )
    )
    async def administrative_units(
        self,
        info: Info,
        level: AdminLevel | None = None,
        parent_code: str | None = None,
        as_of: date | None = None,
        search: str | None = None,
        first: int | None = 20,
        after: str | None = None,
    ) -> Connection[AdministrativeUnit]:
        """Search units."""
        day = as_of or info.context.today
        request = page_of(info, first, after)
        page = await codelists.page(
            info.context.session,
            ADMIN_UNITS_LIST_ID,
            day,
            request,
            level=level,
            parent_code=clean_optional(parent_code, "parentCode"),
            search=clean_optional(search, "search"),
        )
        return connection_from_page(
            page,
            lambda c: AdministrativeUnit(unit=c, as_of=day),
            codelists.cursor_of,
            info=info,
            after=after,
        )

    @strawberry.field(description="Every reference code list the hub holds, with its source.")
    async def code_lists(self, info: Info) -> list[CodeListType]:
        """All code lists."""
        return [CodeListType(code_list=c) for c in await codelists.code_lists(info.context.session)]

    @strawberry.field(description='One code list by id (e.g. "ethnic-groups"); null if unknown.')
    async def code_list(self, info: Info, id: str) -> CodeListType | None:
        """One code list."""
        found = await codelists.code_list(info.context.session, clean(id, "id"))
        return None if found is None else CodeListType(code_list=found)

    @strawberry.field(
        description=(
            "Validate and normalise an identifier and decode its parts. An invalid value gives "
            "`valid: false` with every error; administrative-unit codes are checked as of `asOf` "
            "(default today)."
        )
    )
    async def validate_identifier(
        self, info: Info, scheme: IdentifierScheme, value: str, as_of: date | None = None
    ) -> IdentifierValidationType:
        """Validate an identifier."""
        result = await identifiers.validate(
            scheme,
            value,
            as_of=as_of or info.context.today,
            directory=CodeListDirectory(info.context.session),
        )
        return IdentifierValidationType.of(result)
