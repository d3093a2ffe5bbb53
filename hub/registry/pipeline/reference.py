"""Reference data ingestion consults: the 2025 commune crosswalk and a cached unit directory."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from hub.kit.periods import in_force
from hub.registry.codelists.directory import CodeListDirectory
from hub.registry.identifiers.models import AdminUnitRef
from hub.registry.matching import CrosswalkEquivalence
from hub.registry.pipeline import source_repository


class Communes:
    """Every commune code before and after the 2025 reform, and which codes were superseded."""

    def __init__(self, pairs: Iterable[tuple[str, str]]) -> None:
        self.pairs = tuple(pairs)
        successors: defaultdict[str, set[str]] = defaultdict(set)
        for old, new in self.pairs:
            successors[old].add(new)
        self._successors = successors
        self._current = {new for _, new in self.pairs}
        self.equivalence = CrosswalkEquivalence(self.pairs)

    def known(self, code: str) -> bool:
        """Tell whether ``code`` is a commune code of either structure."""
        return code in self._current or code in self._successors

    def superseded(self, code: str) -> bool:
        """Tell whether ``code`` names a pre-2025 commune that no longer exists under it."""
        return code in self._successors and code not in self._current


_communes: Communes | None = None


async def communes(session: AsyncSession) -> Communes:
    """Return the commune reference, read from the code lists once per process.

    The crosswalk is fixed history, so one read serves every ingestion; an empty database
    (code lists not yet imported) is not cached, so importing them later is seen.
    """
    global _communes
    if _communes is None:
        loaded = Communes(await source_repository.commune_crosswalk(session))
        if not loaded.pairs:
            return loaded
        _communes = loaded
    return _communes


class CachedDirectory:
    """The code-list directory, remembering answers for one ingestion: citizen IDs of a batch
    name few registration provinces, so each code's versions are read once and every date is
    answered from them (records carry many different dates).
    """

    def __init__(self, session: AsyncSession) -> None:
        self._inner = CodeListDirectory(session)
        self._versions: dict[str, list[AdminUnitRef]] = {}

    async def find(self, code: str, as_of: date) -> AdminUnitRef | None:
        """Return the unit with ``code`` valid on ``as_of``, or ``None``."""
        for unit in await self.find_any(code):
            if in_force(unit.valid_from, unit.valid_to, as_of):
                return unit
        return None

    async def find_any(self, code: str) -> list[AdminUnitRef]:
        """Return every unit that ever had ``code``, oldest first."""
        if code not in self._versions:
            self._versions[code] = await self._inner.find_any(code)
        return list(self._versions[code])
