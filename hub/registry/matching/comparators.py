"""Field comparators: each turns two normalised values into a comparison level.

String similarity is rapidfuzz's (Jaro-Winkler, token sets, edit distance); every comparator is
symmetric, so a pair scores the same whichever record is on the left.
"""

from __future__ import annotations

from typing import Protocol

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA, JaroWinkler

from hub.registry.matching.dates import compare_date_keys
from hub.registry.matching.levels import Level
from hub.registry.matching.places import CommuneEquivalence


class Comparator(Protocol):
    """Compares two present, normalised values of one field."""

    @property
    def levels(self) -> tuple[Level, ...]:
        """The levels ``compare`` can return, strongest first (never ``MISSING``)."""
        ...

    def compare(self, left: str, right: str) -> Level:
        """Return the level at which ``left`` and ``right`` agree."""
        ...


class Exact:
    """Equal or different, nothing in between (sex, postcode)."""

    levels = (Level.EXACT, Level.DIFFERENT)

    def compare(self, left: str, right: str) -> Level:
        """Return ``EXACT`` for equal values, else ``DIFFERENT``."""
        return Level.EXACT if left == right else Level.DIFFERENT


class Similarity:
    """Graded string similarity: ``CLOSE`` at or above ``close``, ``PARTIAL`` at or above
    ``partial`` (when given), else ``DIFFERENT``.

    ``scorer`` is ``"jaro_winkler"`` (names: typos weigh less near the start) or
    ``"token_set"`` (addresses: word order and extra words such as "số" or "đường" ignored).
    """

    def __init__(
        self, close: float, partial: float | None = None, *, scorer: str = "jaro_winkler"
    ) -> None:
        if scorer not in ("jaro_winkler", "token_set"):
            raise ValueError(f"unknown scorer {scorer!r}")
        if partial is not None and partial > close:
            raise ValueError("the partial threshold must not exceed the close threshold")
        self.close = close
        self.partial = partial
        self.scorer = scorer
        self.levels: tuple[Level, ...] = (
            (Level.EXACT, Level.CLOSE, Level.DIFFERENT)
            if partial is None
            else (Level.EXACT, Level.CLOSE, Level.PARTIAL, Level.DIFFERENT)
        )

    def similarity(self, left: str, right: str) -> float:
        """Return the similarity of the two values between 0 and 1."""
        if self.scorer == "token_set":
            return float(fuzz.token_set_ratio(left, right)) / 100.0
        return float(JaroWinkler.normalized_similarity(left, right))

    def compare(self, left: str, right: str) -> Level:
        """Return the level for the similarity of the two values."""
        if left == right:
            return Level.EXACT
        value = self.similarity(left, right)
        if value >= self.close:
            return Level.CLOSE
        if self.partial is not None and value >= self.partial:
            return Level.PARTIAL
        return Level.DIFFERENT


class EditDistance:
    """Digit strings such as numbers typed by hand: ``CLOSE`` within ``close`` edits
    (a transposition counts as one), ``PARTIAL`` within ``partial``.
    """

    def __init__(self, close: int = 1, partial: int | None = 2) -> None:
        self.close = close
        self.partial = partial
        self.levels: tuple[Level, ...] = (
            (Level.EXACT, Level.CLOSE, Level.DIFFERENT)
            if partial is None
            else (Level.EXACT, Level.CLOSE, Level.PARTIAL, Level.DIFFERENT)
        )

    def compare(self, left: str, right: str) -> Level:
        """Return the level for the edit distance between the two values."""
        if left == right:
            return Level.EXACT
        limit = self.close if self.partial is None else self.partial
        distance = OSA.distance(left, right, score_cutoff=limit)
        if distance <= self.close:
            return Level.CLOSE
        if self.partial is not None and distance <= self.partial:
            return Level.PARTIAL
        return Level.DIFFERENT


class BirthDate:
    """``YYYYMMDD`` keys with typo tolerance; see ``compare_date_keys``."""

    levels = (Level.EXACT, Level.CLOSE, Level.PARTIAL, Level.DIFFERENT)

    def compare(self, left: str, right: str) -> Level:
        """Return the level of agreement of two date keys."""
        return compare_date_keys(left, right)


class Place:
    """Commune codes: the same place (equal, or old code and its 2025 successor) or not."""

    levels = (Level.EXACT, Level.DIFFERENT)

    def __init__(self, equivalence: CommuneEquivalence) -> None:
        self.equivalence = equivalence

    def compare(self, left: str, right: str) -> Level:
        """Return ``EXACT`` when the codes name the same place, else ``DIFFERENT``."""
        return Level.EXACT if self.equivalence.same_place(left, right) else Level.DIFFERENT
