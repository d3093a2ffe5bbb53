"""Person record matching: a pure library (no database), deterministic on strong identifiers
and Fellegi-Sunter on the other fields, with blocking and an incremental index.

Typical use::

    matcher = Matcher(person_config(CrosswalkEquivalence(crosswalk_pairs)))
    links = matcher.match_within(records)            # deduplicate one set
    index = matcher.new_index(masters)               # or match new records against masters
    for outcome in matcher.match_against(new_records, index, add=True): ...
"""

from __future__ import annotations

from hub.registry.matching.blocking import MatchIndex
from hub.registry.matching.comparators import (
    BirthDate,
    Comparator,
    EditDistance,
    Exact,
    Place,
    Similarity,
)
from hub.registry.matching.config import (
    BlockingKey,
    Features,
    FieldSpec,
    IdentifierSpec,
    MatcherConfig,
)
from hub.registry.matching.dates import compare_date_keys, date_key, parse_birth_date
from hub.registry.matching.levels import Comparison, Level
from hub.registry.matching.matcher import Matcher
from hub.registry.matching.names import (
    NameParts,
    fold_name,
    name_readings,
    phonetic_key,
    split_name,
)
from hub.registry.matching.places import (
    CommuneEquivalence,
    CrosswalkEquivalence,
    SameCode,
)
from hub.registry.matching.prepared import Prepared
from hub.registry.matching.presets import person_config
from hub.registry.matching.record import MatchRecord
from hub.registry.matching.results import Decision, MatchOutcome, MatchResult, Rule

__all__ = [
    "BirthDate",
    "BlockingKey",
    "CommuneEquivalence",
    "Comparator",
    "Comparison",
    "CrosswalkEquivalence",
    "Decision",
    "EditDistance",
    "Exact",
    "Features",
    "FieldSpec",
    "IdentifierSpec",
    "Level",
    "MatchIndex",
    "MatchOutcome",
    "MatchRecord",
    "MatchResult",
    "Matcher",
    "MatcherConfig",
    "NameParts",
    "Place",
    "Prepared",
    "Rule",
    "SameCode",
    "Similarity",
    "compare_date_keys",
    "date_key",
    "fold_name",
    "name_readings",
    "parse_birth_date",
    "person_config",
    "phonetic_key",
    "split_name",
]
