"""Organisation matching for ingestion: deterministic on agency and tax codes, probabilistic
on the folded name and the commune for records without them.

The probabilistic part is the matching library's engine under ``organization_config``; this
module adds the two rules that keep strong identifiers in charge:

- when both records carry an agency code or a tax code, the codes alone decide, as they always
  have (an equal one links, an equal one beside a differing one goes to a steward, anything
  else never links: not even two equal names with different tax codes);
- when only one of the two carries a code, a probabilistic link becomes a steward case, its
  score held just under the upper threshold (a review case scores between the thresholds, and
  so ranks below a true link to the same master). A master that holds a record with a code
  and one without would otherwise let a third record with another code link through the one
  without, and end up holding two tax codes.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from hub.registry.matching import (
    CommuneEquivalence,
    Decision,
    Matcher,
    MatchRecord,
    MatchResult,
    Prepared,
    Rule,
)
from hub.registry.matching.presets import organization_config

_EXTRA = ("name", "agency_code", "tax_code")


def organization_record(record_id: str, attributes: Mapping[str, Any]) -> MatchRecord:
    """Return the match record of an organisation's attributes (as validation keeps them):
    ``commune_code`` in its field, ``name``, ``agency_code`` and ``tax_code`` in ``extra``.
    """
    commune = attributes.get("commune_code")
    return MatchRecord(
        record_id,
        commune_code=str(commune) if commune else None,
        extra={name: str(attributes[name]) for name in _EXTRA if attributes.get(name)},
    )


def _carries_identifier(record: Prepared) -> bool:
    return any(value is not None for value in record.identifiers)


class OrganizationMatcher:
    """Matches organisation source records (the ``RecordMatcher`` of the organisation kind).

    ``equivalence`` tells which commune codes are the same place (an old code and its 2025
    successor); without it only equal codes are.
    """

    def __init__(self, equivalence: CommuneEquivalence | None = None) -> None:
        self.matcher = Matcher(organization_config(equivalence))

    def keys(self, record_id: str, attributes: Mapping[str, Any]) -> tuple[str, ...]:
        """Return the record's blocking keys: ``agency_code:…`` and ``tax_code:…`` for its
        codes, and name-and-place keys when it has a name and a commune.
        """
        return self.matcher.blocking_keys(organization_record(record_id, attributes))

    def score(
        self, left_id: str, left: Mapping[str, Any], right_id: str, right: Mapping[str, Any]
    ) -> MatchResult:
        """Score a pair of organisation records; see the module for the identifier rules."""
        a = self.matcher.prepare(organization_record(left_id, left))
        b = self.matcher.prepare(organization_record(right_id, right))
        result = self.matcher.score_prepared(a, b)
        if _carries_identifier(a) and _carries_identifier(b):
            return _by_identifiers(result)
        if result.decision is Decision.LINK and (_carries_identifier(a) or _carries_identifier(b)):
            below_upper = math.nextafter(self.matcher.config.upper, 0.0)
            return replace(result, decision=Decision.REVIEW, score=min(result.score, below_upper))
        return result


def _by_identifiers(result: MatchResult) -> MatchResult:
    """Decide a pair whose records both carry a code by the codes alone, with the scores
    deterministic matching has always given (1 link, 0.5 steward, 0 apart).
    """
    if result.rule is Rule.IDENTIFIER_MATCH:
        return replace(result, score=1.0, decision=Decision.LINK)
    if result.rule is Rule.IDENTIFIER_MIXED:
        return replace(result, score=0.5, decision=Decision.REVIEW)
    # Differing codes, or codes of different schemes (an agency code against a tax code):
    # nothing proves them the same body, and a name never overrules a code.
    return replace(result, score=0.0, decision=Decision.NO_MATCH, rule=Rule.IDENTIFIER_CONFLICT)
