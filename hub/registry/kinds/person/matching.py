"""Person matching for ingestion: the probabilistic person matcher over source attributes."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from hub.registry.matching import Matcher, MatchRecord, MatchResult


def match_record(record_id: str, attributes: Mapping[str, Any]) -> MatchRecord:
    """Return the matcher's view of a source record's valid values."""
    born = attributes.get("birth_date")
    return MatchRecord(
        id=record_id,
        citizen_id=attributes.get("citizen_id"),
        social_insurance_number=attributes.get("social_insurance_number"),
        full_name=attributes.get("full_name"),
        birth_date=date.fromisoformat(born) if born else None,
        sex=attributes.get("sex"),
        commune_code=attributes.get("address_commune_code"),
        street=attributes.get("address_street"),
    )


class PersonMatcher:
    """The probabilistic person matcher over source attributes."""

    def __init__(self, matcher: Matcher) -> None:
        self._matcher = matcher

    def keys(self, record_id: str, attributes: Mapping[str, Any]) -> tuple[str, ...]:
        """Return the person matcher's blocking keys."""
        return self._matcher.blocking_keys(match_record(record_id, attributes))

    def score(
        self, left_id: str, left: Mapping[str, Any], right_id: str, right: Mapping[str, Any]
    ) -> MatchResult:
        """Score a pair of person records."""
        return self._matcher.score(match_record(left_id, left), match_record(right_id, right))
