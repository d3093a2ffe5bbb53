"""Matching quality on a generated population: precision and recall of the links.

This checks behaviour, not speed: a few thousand people with real communes, seen by two or
three source systems with typos, dropped diacritics, swapped dates, old commune codes and
missing or invalid identifiers.
"""

from __future__ import annotations

import itertools
from collections import defaultdict

import pytest

from hub.registry.matching import CrosswalkEquivalence, Decision, Matcher, person_config
from hub.registry.population.generator import Geography, generate_population, load_geography

PERSONS = 3000
MIN_PRECISION = 0.995
MIN_RECALL = 0.98


@pytest.fixture(scope="module")
def geography() -> Geography:
    """The real communes and crosswalk of the hub's code lists."""
    return load_geography()


def _true_pairs(record_people: list[tuple[str, str]]) -> set[tuple[str, str]]:
    by_person: defaultdict[str, list[str]] = defaultdict(list)
    for record_id, person in record_people:
        by_person[person].append(record_id)
    return {
        (a, b) if a < b else (b, a)
        for ids in by_person.values()
        for a, b in itertools.combinations(ids, 2)
    }


@pytest.mark.parametrize(
    ("fitted", "foreign_order"),
    [(False, 0.0), (True, 0.0), (False, 0.3), (True, 0.3)],
    ids=[
        "default parameters",
        "fitted by EM",
        "names in foreign orders",
        "names in foreign orders, fitted by EM",
    ],
)
def test_links_on_a_generated_population_are_precise_and_complete(
    geography: Geography, fitted: bool, foreign_order: float
) -> None:
    # Given the source records of a generated population and who is who, with a share of the
    # names written given name first or family name last when asked
    population = list(generate_population(geography, PERSONS, seed=11, foreign_order=foreign_order))
    records = [source.record for view in population for source in view.records]
    truth = _true_pairs([(s.record.id, v.person.key) for v in population for s in v.records])
    matcher = Matcher(person_config(CrosswalkEquivalence(geography.crosswalk)))
    if fitted:
        matcher = matcher.fit(records)
    # When the records are deduplicated
    results = matcher.match_within(records)
    # Then the links are at least as precise and complete as stated
    links = {
        (r.left_id, r.right_id) if r.left_id < r.right_id else (r.right_id, r.left_id)
        for r in results
        if r.decision is Decision.LINK
    }
    found = len(links & truth)
    assert found / len(links) >= MIN_PRECISION
    assert found / len(truth) >= MIN_RECALL
