"""What the matcher compares and how much each agreement weighs: the field set is data, so
one engine serves the hub's person records and other shapes (the FEBRL benchmark).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace

from hub.errors import Invalid
from hub.registry.matching.comparators import Comparator
from hub.registry.matching.levels import Level
from hub.registry.matching.record import MatchRecord

Extract = Callable[[MatchRecord], str | None]
"""Reads one normalised value from a record; ``None`` when it is absent or unusable."""
Features = Mapping[str, str | None]
"""The normalised values of one record by field and identifier name."""
KeyFunction = Callable[[Features], Iterable[str]]
"""Derives zero or more blocking key values from a record's features."""
Readings = Callable[[MatchRecord], Iterable[Mapping[str, str | None]]]
"""Other plausible readings of a record besides the extracted one: each maps some field names to
the normalised values that reading gives them (a name written given name first)."""


@dataclass(frozen=True)
class FieldSpec:
    """A field compared probabilistically: how to read it, how to compare it, and for each
    level the probability of that level among true matches (``m``) and among non-matches
    (``u``). Each of ``m`` and ``u`` covers exactly the comparator's levels and sums to 1.
    """

    name: str
    extract: Extract
    comparator: Comparator
    m: Mapping[Level, float]
    u: Mapping[Level, float]

    def __post_init__(self) -> None:
        for label, table in (("m", self.m), ("u", self.u)):
            if set(table) != set(self.comparator.levels):
                raise Invalid(
                    f"field {self.name}: {label} must give exactly the levels"
                    f" {[str(level) for level in self.comparator.levels]},"
                    f" found {[str(level) for level in table]}",
                    argument=self.name,
                )
            if any(not 0.0 < p < 1.0 for p in table.values()):
                raise Invalid(
                    f"field {self.name}: every {label} probability must lie strictly"
                    " between 0 and 1",
                    argument=self.name,
                )
            if not math.isclose(sum(table.values()), 1.0, abs_tol=1e-6):
                raise Invalid(
                    f"field {self.name}: the {label} probabilities must sum to 1,"
                    f" found {sum(table.values()):.6f}",
                    argument=self.name,
                )

    def weight(self, level: Level) -> float:
        """Return the log2 likelihood ratio of ``level``; 0 for ``MISSING``."""
        if level is Level.MISSING:
            return 0.0
        return math.log2(self.m[level] / self.u[level])


@dataclass(frozen=True)
class IdentifierSpec:
    """A strong identifier: ``extract`` returns it normalised, or ``None`` unless it is
    valid. Equal values link two records outright; different values keep them apart.
    """

    name: str
    extract: Extract


@dataclass(frozen=True)
class BlockingKey:
    """A blocking rule: records that share a value of ``keys`` become a candidate pair."""

    name: str
    keys: KeyFunction


@dataclass(frozen=True)
class MatcherConfig:
    """The whole matching model.

    ``prior`` is the probability that a candidate pair is a match before any field is
    compared. A pair scoring at least ``upper`` links automatically, one scoring at least
    ``lower`` goes to a steward, anything below is not a match. A block keeps at most
    ``max_block_size`` records (the first ones added); later records with that key are still
    compared with them, so cost per record stays bounded. ``readings`` gives a record's other
    plausible readings: a pair is scored as read, or with one of its records re-read where every
    re-read field then agrees, whichever scores best; a record gets the blocking keys of each
    reading.
    """

    fields: tuple[FieldSpec, ...]
    identifiers: tuple[IdentifierSpec, ...] = ()
    blocking: tuple[BlockingKey, ...] = ()
    prior: float = 1e-4
    upper: float = 0.95
    lower: float = 0.5
    max_block_size: int = 200
    readings: Readings | None = None
    names: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        names = tuple(f.name for f in self.fields) + tuple(i.name for i in self.identifiers)
        if len(set(names)) != len(names):
            raise Invalid(f"field and identifier names must be unique, found {list(names)}")
        if not 0.0 < self.prior < 1.0:
            raise Invalid(f"prior must lie strictly between 0 and 1, found {self.prior}")
        if not 0.0 <= self.lower <= self.upper <= 1.0:
            raise Invalid(
                f"thresholds must satisfy 0 <= lower <= upper <= 1,"
                f" found lower={self.lower} upper={self.upper}",
                argument="lower",
            )
        if self.max_block_size < 2:
            raise Invalid(
                f"max_block_size must be at least 2, found {self.max_block_size}",
                argument="max_block_size",
            )
        object.__setattr__(self, "names", names)

    def with_thresholds(self, *, upper: float, lower: float) -> MatcherConfig:
        """Return this model with other decision thresholds."""
        return replace(self, upper=upper, lower=lower)

    def with_parameters(
        self,
        m: Mapping[str, Mapping[Level, float]],
        u: Mapping[str, Mapping[Level, float]],
        prior: float,
    ) -> MatcherConfig:
        """Return this model with new m and u probabilities (by field name) and prior."""
        fields = tuple(
            replace(spec, m=dict(m.get(spec.name, spec.m)), u=dict(u.get(spec.name, spec.u)))
            for spec in self.fields
        )
        return replace(self, fields=fields, prior=prior)
