"""What validators of dependent records (parcels, enrolments, appointments) consult besides
the unit directory: code lists as valid on the source's date, and the person and organization
masters their identifiers name. Answers are remembered for one ingestion.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from hub.kit.periods import in_force
from hub.registry.codelists import service as codelists
from hub.registry.identifiers import AdminUnitDirectory, AdminUnitRef
from hub.registry.records import link_repository, organizations
from hub.registry.records.reference import CachedDirectory


class Lookups:
    """The reference answers shared by every record of one ingestion."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.units = CachedDirectory(session)
        self._codes: dict[tuple[str, str], list[tuple[date | None, date | None]]] = {}
        self._successors: dict[tuple[str, str, date], list[str]] = {}
        self._people: dict[tuple[str, str], str | None] = {}
        self._organizations: dict[str, str | None] = {}

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

    async def person(self, scheme: str, value: str) -> str | None:
        """Return the person master holding ``value`` of ``scheme`` (``citizen_id`` or
        ``social_insurance_number``), or ``None``.
        """
        key = (scheme, value)
        if key not in self._people:
            if scheme == "citizen_id":
                found = await link_repository.person_by_citizen_id(self.session, value)
            else:
                found = await link_repository.person_by_social_insurance_number(self.session, value)
            self._people[key] = found
        return self._people[key]

    async def organization(self, agency_code: str) -> str | None:
        """Return the organization master with this agency code (either form), or ``None``."""
        if agency_code not in self._organizations:
            found = await organizations.find_by_agency_code(self.session, agency_code)
            self._organizations[agency_code] = None if found is None else found.id
        return self._organizations[agency_code]


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
