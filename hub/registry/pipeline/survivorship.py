"""Per-attribute survivorship: which source value becomes the golden value, and where sources
disagree.

Order, per attribute: a steward override; then values not known to be degraded (a name without
diacritics, a superseded commune code); then the trust ranking of source systems for that
attribute; then the most recent SOURCE update time (never the hub's ingest time); then the
source record id, so that the outcome never depends on load order.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from hub.kit.text import fold

STEWARD = "steward"
"""The provenance system of a value a steward set."""


@dataclass(frozen=True)
class SurvivorshipRules:
    """Trust ranking of source systems, most trusted first: per attribute, else ``default``.

    Systems a ranking does not name come after those it names, in no preferred order.
    """

    default: Sequence[str]
    by_attribute: Mapping[str, Sequence[str]] = field(default_factory=dict)

    def rank(self, attribute: str, system: str) -> int:
        """Return the position of ``system`` in ``attribute``'s ranking (lower wins)."""
        ranking = self.by_attribute.get(attribute, self.default)
        return ranking.index(system) if system in ranking else len(ranking)


@dataclass(frozen=True)
class Contribution:
    """One source record's valid values, as survivorship sees them."""

    system: str
    source_record_id: str
    source_updated_at: datetime
    attributes: Mapping[str, Any]
    demoted: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Override:
    """A steward's value for an attribute."""

    value: Any
    created_at: datetime


@dataclass(frozen=True)
class Chosen:
    """The golden value of one attribute and where it came from."""

    value: Any
    system: str
    source_record_id: str | None
    source_updated_at: datetime


Comparable = Callable[[Any], Any]
"""Reduces a value to what must agree across sources for them not to conflict."""


def folded(value: Any) -> Any:
    """Compare text without case, diacritics and spacing differences."""
    return fold(str(value))


def survive(
    attributes: Sequence[str],
    contributions: Sequence[Contribution],
    overrides: Mapping[str, Override],
    rules: SurvivorshipRules,
) -> dict[str, Chosen]:
    """Return the golden value of every attribute that has one."""
    chosen: dict[str, Chosen] = {}
    for attribute in attributes:
        if attribute in overrides:
            override = overrides[attribute]
            chosen[attribute] = Chosen(override.value, STEWARD, None, override.created_at)
            continue
        offering = [c for c in contributions if c.attributes.get(attribute) is not None]
        if not offering:
            continue
        best = min(
            offering,
            key=lambda c: (
                attribute in c.demoted,
                rules.rank(attribute, c.system),
                -c.source_updated_at.timestamp(),
                c.source_record_id,
            ),
        )
        chosen[attribute] = Chosen(
            best.attributes[attribute], best.system, best.source_record_id, best.source_updated_at
        )
    return chosen


def conflicts(
    attributes: Sequence[str],
    contributions: Sequence[Contribution],
    same: Mapping[str, Callable[[Any, Any], bool]] | None,
    comparable: Mapping[str, Comparable],
) -> dict[str, list[dict[str, Any]]]:
    """Return, per attribute on which sources disagree, every source's value.

    ``same`` may declare two values equal (an old commune code and its successor);
    ``comparable`` reduces values before comparing.
    """
    found: dict[str, list[dict[str, Any]]] = {}
    for attribute in attributes:
        offering = [c for c in contributions if c.attributes.get(attribute) is not None]
        reduce = comparable.get(attribute, lambda v: v)
        equal = (same or {}).get(attribute)
        values = [reduce(c.attributes[attribute]) for c in offering]
        disagree = any(
            a != b and not (equal is not None and equal(a, b))
            for i, a in enumerate(values)
            for b in values[i + 1 :]
        )
        if disagree:
            found[attribute] = [
                {
                    "system": c.system,
                    "sourceRecordId": c.source_record_id,
                    "value": c.attributes[attribute],
                }
                for c in offering
            ]
    return found
