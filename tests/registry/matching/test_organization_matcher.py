"""The organisation matcher: identifiers decide when both records carry one, the folded name
and the commune otherwise, and blocking keeps each name among its own commune's.
"""

from __future__ import annotations

import math
import random
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hub.registry.kinds.organization.matching import OrganizationMatcher, organization_record
from hub.registry.matching import Decision, Level, MatchRecord, Rule
from tests.registry.matching.helpers import CROSSWALK, EQUIVALENCE

MATCHER = OrganizationMatcher(EQUIVALENCE)
TAX_A = "0100109106"
TAX_B = "0100112437"
MINH_PHAT = {"name": "Công ty TNHH Thương mại Minh Phát", "commune_code": "26740"}


def levels(left: dict[str, Any], right: dict[str, Any]) -> dict[str, Level]:
    """Return the level of every comparison of a pair, by field."""
    result = MATCHER.score("left", left, "right", right)
    return {c.field: c.level for c in result.comparisons}


@pytest.mark.parametrize(
    ("right", "decision", "low", "high"),
    [
        # Diacritics dropped, abbreviations, and the old code of Đa Kao (now Phường Sài Gòn)
        ({"name": "CTY TNHH TM MINH PHAT", "commune_code": "26737"}, Decision.LINK, 0.99, 1.0),
        # Another legal form: probably the same business, a steward decides
        (
            {"name": "Công ty Cổ phần Minh Phát", "commune_code": "26740"},
            Decision.REVIEW,
            0.8,
            0.82,
        ),
        # A word more
        (
            {"name": "Công ty TNHH Minh Phát Sài Gòn", "commune_code": "26740"},
            Decision.REVIEW,
            0.6,
            0.66,
        ),
        # The same name in another commune
        (
            {"name": "Công ty TNHH TM Minh Phát", "commune_code": "00004"},
            Decision.NO_MATCH,
            0,
            0.02,
        ),
        # The same name without a commune: a name alone is not enough
        ({"name": "Công ty TNHH TM Minh Phát"}, Decision.NO_MATCH, 0.1, 0.2),
        # Another name in the same commune
        ({"name": "Công ty TNHH Minh Phước", "commune_code": "26740"}, Decision.NO_MATCH, 0, 0.01),
    ],
)
def test_records_without_codes_are_decided_by_name_and_commune(
    right: dict[str, Any], decision: Decision, low: float, high: float
) -> None:
    # Given an enterprise without codes, and another record without codes
    # When the pair is scored
    result = MATCHER.score("left", MINH_PHAT, "right", right)
    # Then the name and the commune decide, as the thresholds say
    assert result.rule is Rule.PROBABILISTIC
    assert result.decision is decision
    assert low <= result.score <= high


def test_a_clear_match_explains_itself_with_folded_values() -> None:
    # Given the same enterprise written two ways, with the old and the new commune code
    right = {"name": "C.ty TNHH TM Minh Phat", "commune_code": "26737"}
    # When scored
    result = MATCHER.score("left", MINH_PHAT, "right", right)
    # Then the comparisons show the folded name and both codes, and the weights add up
    found = {c.field: (c.level, c.left_value, c.right_value) for c in result.comparisons}
    assert found == {
        "agency_code": (Level.MISSING, None, None),
        "tax_code": (Level.MISSING, None, None),
        "name": (Level.EXACT, "cty tnhh tm minh phat", "cty tnhh tm minh phat"),
        "commune_code": (Level.EXACT, "26740", "26737"),
    }
    prior = MATCHER.matcher.config.prior
    weights = sum(c.weight for c in result.comparisons)
    assert result.match_weight == pytest.approx(weights + _log2_odds(prior))


def _log2_odds(p: float) -> float:
    return math.log2(p / (1 - p))


@pytest.mark.parametrize(
    ("left", "right", "decision", "score", "rule"),
    [
        # An equal agency code links whatever the names (the two forms of one code)
        (
            {"agency_code": "G12.18", "name": "Cục Quản lý đất đai"},
            {"agency_code": "G12.18", "name": "Cục Đất đai"},
            Decision.LINK,
            1.0,
            Rule.IDENTIFIER_MATCH,
        ),
        # An equal tax code beside a differing agency code goes to a steward
        (
            {"agency_code": "G12.18", "tax_code": TAX_A, **MINH_PHAT},
            {"agency_code": "H55.242", "tax_code": TAX_A, **MINH_PHAT},
            Decision.REVIEW,
            0.5,
            Rule.IDENTIFIER_MIXED,
        ),
        # Different tax codes never link, even with equal names in the same commune
        (
            {"tax_code": TAX_A, **MINH_PHAT},
            {"tax_code": TAX_B, **MINH_PHAT},
            Decision.NO_MATCH,
            0.0,
            Rule.IDENTIFIER_CONFLICT,
        ),
        # Codes of different schemes prove nothing: kept apart, as before
        (
            {"agency_code": "G12.18", **MINH_PHAT},
            {"tax_code": TAX_B, **MINH_PHAT},
            Decision.NO_MATCH,
            0.0,
            Rule.IDENTIFIER_CONFLICT,
        ),
    ],
)
def test_when_both_records_carry_a_code_the_codes_alone_decide(
    left: dict[str, Any], right: dict[str, Any], decision: Decision, score: float, rule: Rule
) -> None:
    # Given two records that both carry an agency code or a tax code
    # When the pair is scored either way round
    for a, b in ((left, right), (right, left)):
        result = MATCHER.score("a", a, "b", b)
        # Then the codes decide with the deterministic scores
        assert (result.decision, result.score, result.rule) == (decision, score, rule)


def test_a_record_with_a_code_is_never_linked_automatically_to_one_without() -> None:
    # Given an enterprise with a tax code, and the same name and place without a code
    with_code = {"tax_code": TAX_A, **MINH_PHAT}
    # When the pair is scored either way round
    results = [
        MATCHER.score("a", with_code, "b", MINH_PHAT),
        MATCHER.score("b", MINH_PHAT, "a", with_code),
    ]
    # Then a steward decides, the score held below the upper threshold
    upper = MATCHER.matcher.config.upper
    for result in results:
        assert result.decision is Decision.REVIEW and result.rule is Rule.PROBABILISTIC
        assert 0.5 <= result.score < upper


def test_keys_are_the_codes_and_the_name_words_at_every_key_of_the_place() -> None:
    # Given an enterprise with a tax code, seated in Đa Kao under its old code
    attributes = {"tax_code": TAX_A, "name": "Cty TNHH TM Minh Phát", "commune_code": "26737"}
    # When its keys are read
    keys = MATCHER.keys("x", attributes)
    # Then the tax code is a key as before, and the distinctive words and the whole name are
    # keyed at the old code and at its successor
    assert keys[0] == f"tax_code:{TAX_A}"
    assert set(keys[1:]) == {
        f"org_{rule}:{value}|{place}"
        for place in ("26737", "26740")
        for rule, value in (
            ("word_place", "minh"),
            ("word_place", "phat"),
            ("name_place", "cty tnhh tm minh phat"),
        )
    }


def test_a_record_without_a_commune_is_keyed_by_its_codes_only() -> None:
    # Given an agency known only by name and code, and a name alone
    # When their keys are read
    with_code = MATCHER.keys("x", {"agency_code": "G12.18", "name": "Cục Quản lý đất đai"})
    name_only = MATCHER.keys("y", {"name": "Cục Quản lý đất đai"})
    # Then the code is the only key, and the name alone gives none
    assert (with_code, name_only) == (("agency_code:G12.18",), ())


def test_an_old_code_and_its_successor_share_a_key() -> None:
    # Given the same name at the old code of Đa Kao and at Phường Sài Gòn
    old = set(MATCHER.keys("a", {"name": "UBND phường Đa Kao", "commune_code": "26737"}))
    new = set(MATCHER.keys("b", {"name": "Ủy ban nhân dân phường Đa Kao", "commune_code": "26740"}))
    # When their keys are compared
    # Then they meet; at Ba Đình the same name shares none
    elsewhere = set(MATCHER.keys("c", {"name": "UBND phường Đa Kao", "commune_code": "00004"}))
    assert old & new and not old & elsewhere


ORGANIZATIONS = st.fixed_dictionaries(
    {},
    optional={
        "name": st.sampled_from(
            ["Công ty TNHH Minh Phát", "CTY CP MINH PHAT", "Minh Phát Sài Gòn", "UBND xã Tân Phú"]
        ),
        "commune_code": st.sampled_from([code for pair in CROSSWALK for code in pair]),
        "tax_code": st.sampled_from([TAX_A, TAX_B]),
        "agency_code": st.sampled_from(["G12.18", "H55.242"]),
    },
)


@given(ORGANIZATIONS, ORGANIZATIONS)
def test_scores_are_symmetric_and_different_codes_never_link(
    left: dict[str, Any], right: dict[str, Any]
) -> None:
    # Given any two organisation records from a small set of values
    # When scored both ways
    forward = MATCHER.score("a", left, "b", right)
    backward = MATCHER.score("b", right, "a", left)
    # Then the decision and score do not depend on the order, lie in [0, 1], and a pair
    # with differing tax codes or differing agency codes never links
    assert (forward.decision, forward.score) == (backward.decision, backward.score)
    assert 0.0 <= forward.score <= 1.0
    for code in ("tax_code", "agency_code"):
        if left.get(code) and right.get(code) and left[code] != right[code]:
            assert forward.decision is not Decision.LINK


BUSINESS_WORDS = (
    "an", "bình", "phát", "đạt", "hưng", "thịnh", "minh", "phúc", "long", "hoàng", "gia",
    "khang", "thành", "tâm", "nam", "việt", "sao", "mai", "hồng", "hà", "kim", "ngọc", "bảo",
    "châu", "quang", "huy", "trường", "sơn", "hải", "đông", "tây", "bắc", "tiến", "lộc", "tài",
    "đức", "trí", "nhân", "hòa",
)  # fmt: skip


def _registry(size: int, seed: int) -> list[MatchRecord]:
    """Return ``size`` enterprises, ten per commune on average, named from common words."""
    draw = random.Random(seed)
    communes = [f"{code:05d}" for code in range(10_000, 10_000 + size // 10)]
    return [
        organization_record(
            str(i),
            {
                "name": f"Công ty TNHH {' '.join(draw.sample(BUSINESS_WORDS, 2))}",
                "commune_code": draw.choice(communes),
            },
        )
        for i in range(size)
    ]


def test_candidate_pairs_grow_linearly_with_the_registry() -> None:
    # Given registries of 1,000 and 8,000 enterprises with the same density per commune
    matcher = MATCHER.matcher
    small, large = _registry(1_000, seed=1), _registry(8_000, seed=2)
    # When blocking proposes candidate pairs in each
    small_pairs = sum(1 for _ in matcher.candidate_pairs(small))
    large_pairs = sum(1 for _ in matcher.candidate_pairs(large))
    # Then eight times the records give about eight times the pairs (not sixty-four), and
    # each record meets few others
    assert 6 * small_pairs <= large_pairs <= 10 * small_pairs
    assert large_pairs / len(large) < 1.0
