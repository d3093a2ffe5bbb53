"""Which commune codes name the same place across the 2025 administrative reform.

A source that has not migrated still writes the old commune code while another writes its 2025
successor; for matching the two count as the same place. ``place_keys`` gives blocking a key
that both share, since a yes/no test alone cannot index records.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Protocol


class CommuneEquivalence(Protocol):
    """Tells whether two commune codes name the same place."""

    def same_place(self, a: str, b: str) -> bool:
        """Tell whether ``a`` and ``b`` name the same place; must be symmetric."""
        ...

    def place_keys(self, code: str) -> frozenset[str]:
        """Return keys such that ``same_place(a, b)`` implies that ``a`` and ``b`` share one."""
        ...


class SameCode:
    """The equivalence without a crosswalk: only equal codes are the same place."""

    def same_place(self, a: str, b: str) -> bool:
        """Tell whether the codes are equal."""
        return a == b

    def place_keys(self, code: str) -> frozenset[str]:
        """Return the code itself."""
        return frozenset((code,))


class CrosswalkEquivalence:
    """Equal codes, and an old code and any of its successors, are the same place.

    Built from (old_code, new_code) pairs, such as the crosswalks of
    ``read_admin_units()``. An old commune split across several new ones is the same place as
    each of them. Two different old communes merged into one new commune are not the same place
    as each other: they were different places when the older sources recorded them.
    """

    def __init__(self, pairs: Iterable[tuple[str, str]]) -> None:
        successors: defaultdict[str, set[str]] = defaultdict(set)
        for old, new in pairs:
            successors[old].add(new)
        self._successors = {old: frozenset(new) for old, new in successors.items()}

    def same_place(self, a: str, b: str) -> bool:
        """Tell whether the codes are equal or one succeeded the other in the reform."""
        if a == b:
            return True
        return b in self._successors.get(a, ()) or a in self._successors.get(b, ())

    def place_keys(self, code: str) -> frozenset[str]:
        """Return the code and its successors: an old code and its successor share the
        successor.
        """
        return self._successors.get(code, frozenset()) | {code}
