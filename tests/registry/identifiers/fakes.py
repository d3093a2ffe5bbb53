"""An in-memory administrative-unit directory with a handful of real units for the tests.

Names and dates are those the hub's admin-unit import reads from the ``vietnamadminunits``
data: 26740 and 00004 kept their codes through the 2025 reform under new names, 24 passed from
Bắc Giang to the new Bắc Ninh, 00001 and district 760 ended with it.
"""

from __future__ import annotations

from datetime import date

from hub.registry.identifiers.models import AdminUnitRef

# The reform of Decision 19/2025/QĐ-TTg took effect on this day; the legacy units end the day
# before (valid_to is exclusive).
REFORM = date(2025, 7, 1)

# Like the real directory, the fake does not know when legacy units came into being, so their
# valid_from is None.
UNITS: tuple[AdminUnitRef, ...] = (
    AdminUnitRef("01", "Thành phố Hà Nội", "PROVINCE", None, REFORM),
    AdminUnitRef("01", "Thành phố Hà Nội", "PROVINCE", REFORM, None),
    AdminUnitRef("24", "Tỉnh Bắc Giang", "PROVINCE", None, REFORM),
    AdminUnitRef("24", "Tỉnh Bắc Ninh", "PROVINCE", REFORM, None),
    AdminUnitRef("27", "Tỉnh Bắc Ninh", "PROVINCE", None, REFORM),
    AdminUnitRef("46", "Thành phố Huế", "PROVINCE", None, REFORM),
    AdminUnitRef("46", "Thành phố Huế", "PROVINCE", REFORM, None),
    AdminUnitRef("74", "Tỉnh Bình Dương", "PROVINCE", None, REFORM),
    AdminUnitRef("79", "Thành phố Hồ Chí Minh", "PROVINCE", None, REFORM),
    AdminUnitRef("79", "Thành phố Hồ Chí Minh", "PROVINCE", REFORM, None),
    AdminUnitRef("001", "Quận Ba Đình", "DISTRICT", None, REFORM),
    AdminUnitRef("760", "Quận 1", "DISTRICT", None, REFORM),
    AdminUnitRef("00001", "Phường Phúc Xá", "COMMUNE", None, REFORM),
    AdminUnitRef("00004", "Phường Trúc Bạch", "COMMUNE", None, REFORM),
    AdminUnitRef("00004", "Phường Ba Đình", "COMMUNE", REFORM, None),
    AdminUnitRef("26740", "Phường Bến Nghé", "COMMUNE", None, REFORM),
    AdminUnitRef("26740", "Phường Sài Gòn", "COMMUNE", REFORM, None),
)

# Province codes of the legacy list that the fake knows, for generated citizen IDs.
LEGACY_PROVINCE_CODES = ("01", "24", "27", "46", "74", "79")


class FakeAdminUnitDirectory:
    """Answers directory questions from ``UNITS`` and counts the questions asked."""

    def __init__(self, units: tuple[AdminUnitRef, ...] = UNITS) -> None:
        """Serve ``units``, by default the real ones above."""
        self.units = units
        self.calls: list[tuple[str, str, date | None]] = []

    async def find(self, code: str, as_of: date) -> AdminUnitRef | None:
        """Return the unit with ``code`` valid on ``as_of``."""
        self.calls.append(("find", code, as_of))
        for unit in self.units:
            started = unit.valid_from is None or unit.valid_from <= as_of
            not_ended = unit.valid_to is None or as_of < unit.valid_to
            if unit.code == code and started and not_ended:
                return unit
        return None

    async def find_any(self, code: str) -> list[AdminUnitRef]:
        """Return every unit that ever had ``code``, oldest first."""
        self.calls.append(("find_any", code, None))
        return sorted(
            (u for u in self.units if u.code == code), key=lambda u: u.valid_from or date.min
        )
