"""The GraphQL ethnic group of a person: the golden 2008 code and its name in that list."""

from __future__ import annotations

from datetime import date

import strawberry

from hub.graphql.context import Info
from hub.registry.kinds.person.ethnic_groups import LIST_2008


@strawberry.type(
    description=(
        "An ethnic group (dân tộc), by its code in the statistics office's 2008 list (code list "
        "`ethnic-groups-2008`, Decision 1019/QĐ-TCTK), whichever list the source used."
    )
)
class EthnicGroup:
    """A golden ethnic-group code, named through the code-list dataloader."""

    code: str = strawberry.field(
        description=(
            "Code in the 2008 list: `01` Kinh, `04` Mường, `05` Khmer, `06` Hoa, ... Codes sent "
            "in the 1979 list (`ethnic-groups`, where `04` is Hoa) are translated."
        )
    )
    as_of: strawberry.Private[date]
    """The day the name is read on."""

    @strawberry.field(
        description=(
            "Official Vietnamese name in the 2008 list, e.g. `Hoa`; null if the code is not in "
            "the list stored in the hub."
        )
    )
    async def name(self, info: Info) -> str | None:
        """The name, through the code-list dataloader."""
        key = (LIST_2008, self.code, self.as_of)
        entry = await info.context.loaders.code_by_list_and_code.load(key)
        return None if entry is None else entry.name
