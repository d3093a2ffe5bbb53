"""Per-request dataloaders, named ``<Target>By<Key>Loader``; one set is built per request."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.dataloader import DataLoader

from hub.registry.codelists import service as codelists
from hub.registry.codelists.models import ADMIN_UNITS_LIST_ID, Code, CodeListVersion, Crosswalk


class AdministrativeUnitByCodeAndDateLoader(DataLoader[tuple[str, date], Code | None]):
    """Loads the unit that had a code on a date."""

    def __init__(self, session: AsyncSession) -> None:
        async def load(keys: Sequence[tuple[str, date]]) -> list[Code | None]:
            return await codelists.find_many(session, ADMIN_UNITS_LIST_ID, keys)

        super().__init__(load_fn=load)


class SuccessorLinksByUnitLoader(DataLoader[Code, list[Crosswalk]]):
    """Loads the crosswalk links from an ended unit to its successors."""

    def __init__(self, session: AsyncSession) -> None:
        async def load(units: Sequence[Code]) -> list[list[Crosswalk]]:
            grouped = await codelists.successor_links(session, units)
            return [grouped.get((u.code, u.valid_to), []) if u.valid_to else [] for u in units]

        super().__init__(load_fn=load, cache_key_fn=lambda unit: unit.id)


class PredecessorLinksByUnitLoader(DataLoader[Code, list[Crosswalk]]):
    """Loads the crosswalk links from a unit's predecessors to it."""

    def __init__(self, session: AsyncSession) -> None:
        async def load(units: Sequence[Code]) -> list[list[Crosswalk]]:
            grouped = await codelists.predecessor_links(session, units)
            return [grouped.get((u.code, u.valid_from), []) if u.valid_from else [] for u in units]

        super().__init__(load_fn=load, cache_key_fn=lambda unit: unit.id)


class CodeListVersionsByListIdLoader(DataLoader[str, list[CodeListVersion]]):
    """Loads the versions of code lists."""

    def __init__(self, session: AsyncSession) -> None:
        async def load(list_ids: Sequence[str]) -> list[list[CodeListVersion]]:
            found = await codelists.versions(session, list_ids)
            return [found.get(list_id, []) for list_id in list_ids]

        super().__init__(load_fn=load)


class Loaders:
    """The dataloaders of one request."""

    def __init__(self, session: AsyncSession) -> None:
        self.administrative_unit_by_code_and_date = AdministrativeUnitByCodeAndDateLoader(session)
        self.successor_links_by_unit = SuccessorLinksByUnitLoader(session)
        self.predecessor_links_by_unit = PredecessorLinksByUnitLoader(session)
        self.code_list_versions_by_list_id = CodeListVersionsByListIdLoader(session)
