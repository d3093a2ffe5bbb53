"""What validators of dependent records (parcels, enrolments, appointments) consult besides
the unit directory: code lists as valid on the source's date, and the masters their identifiers
name (through the resolvers the kinds declare). Answers are remembered for one ingestion.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from hub.kit.periods import in_force
from hub.registry.codelists import service as codelists
from hub.registry.identifiers import AdminUnitDirectory, AdminUnitRef
from hub.registry.pipeline.reference import CachedDirectory

Resolver = Callable[[AsyncSession, str], Awaitable[str | None]]
"""Returns the id of the master holding an identifier value, or ``None``."""


class Lookups:
    """The reference answers shared by every record of one ingestion."""

    def __init__(self, session: AsyncSession, resolvers: Mapping[str, Resolver]) -> None:
        self.session = session
        self.units = CachedDirectory(session)
        self._resolvers = resolvers
        self._codes: dict[tuple[str, str], list[tuple[date | None, date | None]]] = {}
        self._successors: dict[tuple[str, str, date], list[str]] = {}
        self._masters: dict[tuple[str, str], str | None] = {}

    def on(self, day: date) -> DatedLookups:
        """Return the lookups for a record the source dated ``day``."""
        return DatedLookups(self, day)

    async def known_code(self, list_id: str, code: str, day: date) -> bool:
        """Tell whether ``code`` was in ``list_id`` on ``day``."""
        periods = await self.code_periods(list_id, code)
        return any(in_force(start, end, day) for start, end in periods)

    async def code_periods(self, list_id: str, code: str) -> list[tuple[date | None, date | None]]:
        """Return the validity periods ``[from, to)`` of ``code`` in ``list_id``, oldest first."""
        key = (list_id, code)
        if key not in self._codes:
            # Every validity interval of the code at once: records of one batch carry as many
            # dates as records, and a statement per (code, date) made every person record with
            # an ethnic group cost one more.
            rows = await codelists.history(self.session, list_id, code)
            self._codes[key] = [(row.valid_from, row.valid_to) for row in rows]
        return self._codes[key]

    async def successors(self, list_id: str, code: str, ended: date) -> list[str]:
        """Return the codes ``code`` became when it ended on ``ended`` (crosswalk), default
        first.
        """
        key = (list_id, code, ended)
        if key not in self._successors:
            links = await codelists.crosswalks_from(self.session, list_id, code, ended)
            self._successors[key] = [link.new_code for link in links]
        return self._successors[key]

    async def master(self, scheme: str, value: str) -> str | None:
        """Return the id of the master holding ``value`` of identifier ``scheme`` (a person's
        ``citizen_id`` or ``social_insurance_number``, an organization's ``agency_code``), or
        ``None``. Raises ``KeyError`` for a scheme no registered kind resolves (a wiring mistake).
        """
        key = (scheme, value)
        if key not in self._masters:
            self._masters[key] = await self._resolvers[scheme](self.session, value)
        return self._masters[key]


class DatedLookups:
    """The lookups as of one source record's date; also the unit directory validators take."""

    def __init__(self, lookups: Lookups, day: date) -> None:
        self.lookups = lookups
        self.day = day

    async def find(self, code: str, as_of: date) -> AdminUnitRef | None:
        """Return the unit with ``code`` valid on ``as_of``, or ``None``."""
        return await self.lookups.units.find(code, as_of)

    async def find_any(self, code: str) -> list[AdminUnitRef]:
        """Return every unit that ever had ``code``, oldest first."""
        return await self.lookups.units.find_any(code)

    async def known_code(self, list_id: str, code: str) -> bool:
        """Tell whether ``code`` was in ``list_id`` on the record's date."""
        return await self.lookups.known_code(list_id, code, self.day)

    async def code_periods(self, list_id: str, code: str) -> list[tuple[date | None, date | None]]:
        """Return the validity periods of ``code`` in ``list_id``, oldest first."""
        return await self.lookups.code_periods(list_id, code)

    async def successors(self, list_id: str, code: str, ended: date) -> list[str]:
        """Return the codes ``code`` became when it ended on ``ended``, default first."""
        return await self.lookups.successors(list_id, code, ended)


def dated(directory: AdminUnitDirectory) -> DatedLookups:
    """Return the dated lookups ingestion passes as the directory of dependent records."""
    if not isinstance(directory, DatedLookups):
        # Ingestion always passes DatedLookups; anything else is a wiring mistake.
        raise TypeError("dependent records are validated with DatedLookups")
    return directory
