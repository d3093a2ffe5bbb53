"""Commune codes across the 2025 reform: an old code and its successor are the same place."""

from __future__ import annotations

from hub.registry.matching import CrosswalkEquivalence, SameCode
from tests.registry.matching.helpers import CROSSWALK


def test_old_code_and_its_successor_are_the_same_place_both_ways() -> None:
    # Given the crosswalk where Đa Kao 26737 became part of Phường Sài Gòn 26740
    places = CrosswalkEquivalence(CROSSWALK)
    # When the old and new codes are compared in either order
    # Then they are the same place
    assert places.same_place("26737", "26740")
    assert places.same_place("26740", "26737")
    assert places.same_place("26737", "26737")


def test_two_old_communes_merged_together_are_not_the_same_place() -> None:
    # Given Đa Kao 26737 and Nguyễn Thái Bình 26746, both merged into 26740
    places = CrosswalkEquivalence(CROSSWALK)
    # When the two old codes are compared
    # Then they stay different places, and so do unrelated communes
    assert not places.same_place("26737", "26746")
    assert not places.same_place("00013", "26740")


def test_place_keys_are_shared_by_every_pair_that_is_the_same_place() -> None:
    # Given the crosswalk and every code it names
    places = CrosswalkEquivalence(CROSSWALK)
    codes = {code for pair in CROSSWALK for code in pair} | {"99999"}
    # When keys of each pair that is the same place are compared
    # Then they share at least one key
    for a in codes:
        for b in codes:
            if places.same_place(a, b):
                assert places.place_keys(a) & places.place_keys(b), (a, b)


def test_same_code_only_equates_equal_codes() -> None:
    # Given no crosswalk
    places = SameCode()
    # When codes are compared
    # Then only equal codes are the same place
    assert places.same_place("26740", "26740")
    assert not places.same_place("26737", "26740")
    assert places.place_keys("26740") == frozenset({"26740"})
