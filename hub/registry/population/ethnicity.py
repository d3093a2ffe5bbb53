"""Ethnic groups of the synthetic population: drawn from census shares, and written by each
source system in its own code list, sometimes without saying which.
"""

from __future__ import annotations

import random

# Ethnic groups by 2008 code with their approximate share of the population in percent (2019
# census, as commonly quoted); the other 36 groups share the rest evenly.
ETHNIC_GROUPS = (
    ("01", 85.3), ("02", 1.92), ("03", 1.89), ("04", 1.51), ("08", 1.45), ("05", 1.37),
    ("07", 1.13), ("09", 0.93), ("06", 0.78), ("10", 0.53), ("11", 0.41), ("12", 0.30),
    ("16", 0.22), ("13", 0.21), ("15", 0.21), ("14", 0.19), ("17", 0.19), ("18", 0.16),
    *((f"{code:02d}", 1.30 / 36) for code in range(19, 55)),
)  # fmt: skip

WRITING = {
    # Cadastral files seldom record ethnicity, and most cadastral software does not name its list.
    "land_records": ("ethnic-groups-2008", 0.3, 0.6),
    # The health sector codes ethnic groups in the 1979 list.
    "health_insurance": ("ethnic-groups", 0.95, 0.03),
    "cadre_management": ("ethnic-groups-2008", 0.9, 0.05),
}
"""How each source system writes ethnic groups: the code list it uses, the share of its records
holding an ethnic group, and the share of those that do not say which list."""


class EthnicGroups:
    """Draws ethnic groups and writes them as source systems do, from a generator of its own:
    adding ethnic groups left every other generated value of a seed as it was (the matching
    quality figures were measured on those).
    """

    def __init__(self, seed: int) -> None:
        # Imported here: the code-list reader pulls in the table models, which the generator
        # otherwise does not need (see population.load_geography).
        from hub.registry.kinds.person.ethnic_groups import LIST_1979, to_2008

        self._rng = random.Random(f"ethnic-groups:{seed}")
        self._list_1979 = LIST_1979
        self._in_1979 = {new: old for old, new in to_2008().items()}
        self._codes = [code for code, _ in ETHNIC_GROUPS]
        self._weights = [weight for _, weight in ETHNIC_GROUPS]

    def draw(self) -> str:
        """Return the 2008 code of a person's ethnic group."""
        return self._rng.choices(self._codes, self._weights)[0]

    def written(self, code: str, system: str) -> tuple[str | None, str | None]:
        """Return ``(code, list)`` as ``system`` sends the 2008 ``code`` (``WRITING``): either
        may be missing.
        """
        list_id, held, unnamed = WRITING[system]
        if self._rng.random() >= held:
            return None, None
        written = self._in_1979[code] if list_id == self._list_1979 else code
        return written, None if self._rng.random() < unnamed else list_id
