"""The administrative-unit directory that identifier validation consults."""

from __future__ import annotations

from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from hub.registry.codelists import repository
from hub.registry.codelists.models import ADMIN_UNITS_LIST_ID, Code
from hub.registry.identifiers.models import AdminUnitRef


def _ref(code: Code) -> AdminUnitRef:
    return AdminUnitRef(
        code=code.code,
        name=code.name,
        level=code.level.value if code.level else "",
        valid_from=code.valid_from,
        valid_to=code.valid_to,
    )


class CodeListDirectory:
    """Answers "which unit had this code on that date" from the stored code lists."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def find(self, code: str, as_of: date) -> AdminUnitRef | None:
        """Return the unit with ``code`` valid on ``as_of``, or ``None``."""
        found = await repository.find_codes(self._session, ADMIN_UNITS_LIST_ID, [(code, as_of)])
        unit = found.get((code, as_of))
        return None if unit is None else _ref(unit)

    async def find_any(self, code: str) -> list[AdminUnitRef]:
        """Return every unit that ever had ``code``, oldest first."""
        return [
            _ref(u) for u in await repository.codes_ever(self._session, ADMIN_UNITS_LIST_ID, code)
        ]
