"""GraphQL types of the other code lists (ethnic groups, land-use purposes, ...)."""

from __future__ import annotations

from datetime import date

import strawberry

from hub.graphql.arguments import clean_optional
from hub.graphql.context import Info
from hub.graphql.types.connection import Connection, connection_from_page, page_of
from hub.registry.codelists import service as codelists
from hub.registry.codelists.models import Code, CodeList, CodeListVersion


@strawberry.type(name="Code", description="One code of a code list, with its validity interval.")
class CodeEntry:
    """A code as stored."""

    entry: strawberry.Private[Code]

    @strawberry.field(description="The code as exchanged between systems.")
    def code(self) -> str:
        """The code."""
        return self.entry.code

    @strawberry.field(description="Official name in Vietnamese.")
    def name(self) -> str:
        """The Vietnamese name."""
        return self.entry.name

    @strawberry.field(description="English gloss, when the list has one.")
    def name_en(self) -> str | None:
        """The English name."""
        return self.entry.name_en

    @strawberry.field(
        description="Code of the parent entry in the same list (for hierarchical lists)."
    )
    def parent_code(self) -> str | None:
        """The parent's code."""
        return self.entry.parent_code

    @strawberry.field(description="First day the code is valid; null if unknown.")
    def valid_from(self) -> date | None:
        """Start of validity (inclusive)."""
        return self.entry.valid_from

    @strawberry.field(
        description="First day the code is no longer valid (exclusive); null while in force."
    )
    def valid_to(self) -> date | None:
        """End of validity (exclusive)."""
        return self.entry.valid_to


@strawberry.type(name="CodeListVersion", description="A published version of a code list.")
class CodeListVersionInfo:
    """One version."""

    version: str = strawberry.field(
        description="Version label (legal text number or release date)."
    )
    valid_from: date | None = strawberry.field(
        description="The day the version took effect, if known."
    )
    source: str = strawberry.field(description="Where this version was read from.")

    @classmethod
    def of(cls, version: CodeListVersion) -> CodeListVersionInfo:
        """Convert a domain version."""
        return cls(version=version.version, valid_from=version.valid_from, source=version.source)


@strawberry.type(
    name="CodeList",
    description="A reference code list with its source; codes are read as of a date.",
)
class CodeListType:
    """A code list."""

    code_list: strawberry.Private[CodeList]

    @strawberry.field(description='Identifier of the list, e.g. "ethnic-groups".')
    def id(self) -> str:
        """The list id."""
        return self.code_list.id

    @strawberry.field(description="Name in Vietnamese.")
    def name(self) -> str:
        """The Vietnamese name."""
        return self.code_list.name

    @strawberry.field(description="Name in English.")
    def name_en(self) -> str:
        """The English name."""
        return self.code_list.name_en

    @strawberry.field(description="The legal text or publication the list comes from.")
    def source(self) -> str:
        """The source."""
        return self.code_list.source

    @strawberry.field(description="Address of the source, when public.")
    def source_url(self) -> str | None:
        """The source's URL."""
        return self.code_list.source_url

    @strawberry.field(description="Licence or terms of reuse.")
    def licence(self) -> str | None:
        """The licence."""
        return self.code_list.licence

    @strawberry.field(description="What is known and what is unverified about this list.")
    def notes(self) -> str | None:
        """Notes on the list."""
        return self.code_list.notes

    @strawberry.field(description="Imported versions, oldest first.")
    async def versions(self, info: Info) -> list[CodeListVersionInfo]:
        """The list's versions."""
        found = await info.context.loaders.code_list_versions_by_list_id.load(self.code_list.id)
        return [CodeListVersionInfo.of(v) for v in found]

    @strawberry.field(
        description="Codes valid on `asOf` (default today, Vietnam time), in code order; `search` ignores case and diacritics."
    )
    async def codes(
        self,
        info: Info,
        as_of: date | None = None,
        search: str | None = None,
        first: int | None = 20,
        after: str | None = None,
    ) -> Connection[CodeEntry]:
        """A page of the list's codes."""
        request = page_of(info, first, after)
        page = await codelists.page(
            info.context.session,
            self.code_list.id,
            as_of or info.context.today,
            request,
            search=clean_optional(search, "search"),
        )
        return connection_from_page(
            page, lambda c: CodeEntry(entry=c), codelists.cursor_of, info=info, after=after
        )
