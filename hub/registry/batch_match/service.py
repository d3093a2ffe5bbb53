"""Batch matching of a spreadsheet: its rows matched within the file or against the registry's
persons, as candidate pairs a steward can check before importing the file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy.ext.asyncio import AsyncSession

from hub.errors import Invalid
from hub.registry.kinds.person import service
from hub.registry.kinds.person.models import Person
from hub.registry.matching import (
    CrosswalkEquivalence,
    Decision,
    Matcher,
    MatchIndex,
    MatchOutcome,
    MatchRecord,
    MatchResult,
    person_config,
)

REGISTRY_PREFIX = "registry:"
PAIR_COLUMNS = ("left_id", "right_id", "score", "decision")

Progress = Callable[[int], None]


@dataclass(frozen=True, slots=True)
class MatchPair:
    """One candidate pair at or above the lower threshold, file row (or earlier row) first."""

    left_id: str
    right_id: str
    score: float
    decision: Decision


def match_file(
    records: Sequence[MatchRecord], matcher: Matcher, *, progress: Progress | None = None
) -> list[MatchPair]:
    """Deduplicate the file: every pair of rows the matcher links or leaves to review, the
    earlier row first, best score first.
    """
    outcomes = matcher.match_against(records, matcher.new_index(), add=True)
    pairs = [_pair(result, new_left=False) for result in _candidates(outcomes, progress)]
    return sorted_pairs(pairs)


async def registry_index(
    session: AsyncSession, matcher: Matcher, *, progress: Progress | None = None
) -> MatchIndex:
    """Index every registry person for ``matcher``, ids prefixed ``registry:``."""
    index = matcher.new_index()
    async for person in service.iter_persons(session):
        index.add(person_record(person))
        if progress is not None:
            progress(1)
    return index


def match_registry(
    records: Sequence[MatchRecord],
    matcher: Matcher,
    index: MatchIndex,
    *,
    progress: Progress | None = None,
) -> list[MatchPair]:
    """Match each file row against the registry ``index``: pairs of (row, registry person)."""
    outcomes = matcher.match_against(records, index)
    pairs = [_pair(result, new_left=True) for result in _candidates(outcomes, progress)]
    return sorted_pairs(pairs)


def person_record(person: Person) -> MatchRecord:
    """Return a registry person as a match record with the id ``registry:<person id>``."""
    return MatchRecord(
        f"{REGISTRY_PREFIX}{person.id}",
        citizen_id=person.citizen_id,
        full_name=person.full_name,
        birth_date=person.birth_date,
        sex=person.sex,
        commune_code=person.address_commune_code,
        street=person.address_street,
    )


def person_matcher(upper: float = 0.95, lower: float = 0.5) -> Matcher:
    """Return the hub's person matcher, old and new commune codes being the same place."""
    if not 0 <= lower <= upper <= 1:
        raise Invalid("thresholds must satisfy 0 <= lower <= upper <= 1", argument="upper")
    return Matcher(person_config(crosswalk_equivalence(), upper=upper, lower=lower))


@lru_cache(maxsize=1)
def crosswalk_equivalence() -> CrosswalkEquivalence:
    """Return the commune equivalence of the 2025 crosswalk (read once: it takes seconds)."""
    # Imported here: the code-list reader pulls in every code-list table model.
    from hub.registry.codelists.importers.admin_units import read_admin_units

    crosswalks = read_admin_units().crosswalks
    return CrosswalkEquivalence(
        (x.old_code, x.new_code) for x in crosswalks if len(x.old_code) == 5
    )


def sorted_pairs(pairs: Iterable[MatchPair]) -> list[MatchPair]:
    """Sort pairs best score first, then by ids so that equal scores keep a stable order."""
    return sorted(pairs, key=lambda p: (-p.score, p.left_id, p.right_id))


def pair_rows(pairs: Iterable[MatchPair]) -> Iterator[tuple[str, str, str, str]]:
    """Yield the CSV rows of ``pairs`` (without the header ``PAIR_COLUMNS``), score to 4 places."""
    for pair in pairs:
        yield pair.left_id, pair.right_id, f"{pair.score:.4f}", pair.decision.value


def _candidates(
    outcomes: Iterable[MatchOutcome], progress: Progress | None
) -> Iterator[MatchResult]:
    for outcome in outcomes:
        if progress is not None:
            progress(1)
        yield from outcome.candidates


def _pair(result: MatchResult, *, new_left: bool) -> MatchPair:
    # The matcher puts the indexed record left; against the registry the file row goes left.
    left, right = (
        (result.right_id, result.left_id) if new_left else (result.left_id, result.right_id)
    )
    return MatchPair(left, right, result.score, result.decision)
