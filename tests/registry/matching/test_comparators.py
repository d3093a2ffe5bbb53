"""Field comparators and the configuration checks that keep a model well formed."""

from __future__ import annotations

import pytest

from hub.errors import Invalid
from hub.registry.matching import (
    EditDistance,
    Exact,
    FieldSpec,
    Level,
    MatcherConfig,
    Place,
    SameCode,
    Similarity,
)
from hub.registry.matching.presets import probabilities


def test_similarity_grades_names_by_jaro_winkler() -> None:
    # Given a name comparator with close and partial thresholds
    names = Similarity(0.92, 0.8)
    # When names with no, one and many differences are compared
    # Then the levels follow the similarity
    assert names.compare("huong", "huong") is Level.EXACT
    assert names.compare("nguyen", "nguyenn") is Level.CLOSE
    assert names.compare("thanh", "thao") is Level.PARTIAL
    assert names.compare("an", "binh") is Level.DIFFERENT


def test_token_set_similarity_ignores_word_order() -> None:
    # Given an address comparator
    streets = Similarity(0.9, 0.75, scorer="token_set")
    # When the same words come in another order
    # Then they are close
    assert streets.compare("12 le loi", "le loi 12") is Level.CLOSE


def test_edit_distance_counts_a_transposition_as_one_slip() -> None:
    # Given an edit-distance comparator
    numbers = EditDistance(1, 2)
    # When numbers with one and two slips are compared
    # Then the levels follow the number of slips
    assert numbers.compare("5304218", "5304218") is Level.EXACT
    assert numbers.compare("5304218", "5302418") is Level.CLOSE
    assert numbers.compare("5304218", "5302419") is Level.PARTIAL
    assert numbers.compare("5304218", "1111111") is Level.DIFFERENT


def test_exact_and_place_comparators_have_two_levels() -> None:
    # Given the exact and place comparators
    # When values are compared
    # Then only exact or different comes out
    assert Exact().compare("M", "M") is Level.EXACT
    assert Exact().compare("M", "F") is Level.DIFFERENT
    assert Place(SameCode()).compare("26740", "26737") is Level.DIFFERENT


def test_field_spec_refuses_probabilities_that_do_not_fit_its_levels() -> None:
    # Given an exact comparator (levels exact and different)
    # When m lacks a level, or u does not sum to 1, or a probability is 0
    # Then the spec is refused with a message naming the field
    with pytest.raises(Invalid, match="sex: m must give exactly"):
        FieldSpec("sex", lambda r: r.sex, Exact(), {Level.EXACT: 1.0}, probabilities(0.5, 0.5))
    with pytest.raises(Invalid, match="sum to 1"):
        FieldSpec("sex", lambda r: r.sex, Exact(), probabilities(0.9, 0.1), probabilities(0.5, 0.6))
    with pytest.raises(Invalid, match="strictly between"):
        FieldSpec("sex", lambda r: r.sex, Exact(), probabilities(1.0, 0.0), probabilities(0.5, 0.5))


def test_matcher_config_refuses_bad_thresholds_and_duplicate_names() -> None:
    # Given a valid field
    sex = FieldSpec(
        "sex", lambda r: r.sex, Exact(), probabilities(0.9, 0.1), probabilities(0.5, 0.5)
    )
    # When thresholds are inverted, the prior is 0, or a name repeats
    # Then the config is refused
    with pytest.raises(Invalid, match="lower <= upper"):
        MatcherConfig(fields=(sex,), upper=0.4, lower=0.6)
    with pytest.raises(Invalid, match="prior"):
        MatcherConfig(fields=(sex,), prior=0.0)
    with pytest.raises(Invalid, match="unique"):
        MatcherConfig(fields=(sex, sex))
    with pytest.raises(Invalid, match="max_block_size"):
        MatcherConfig(fields=(sex,), max_block_size=1)
