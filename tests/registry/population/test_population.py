"""The synthetic population: deterministic, realistic and consistent with the ground truth."""

from __future__ import annotations

import types
from collections import Counter

import pytest

from hub.kit.text import fold
from hub.registry.identifiers.citizen_id import check_citizen_id_plausibility
from hub.registry.kinds.person.ethnic_groups import LIST_1979, LIST_2008, shared_codes, to_2008
from hub.registry.matching import parse_birth_date, split_name
from hub.registry.matching.identifiers import (
    normalize_citizen_id,
    normalize_social_insurance_number,
)
from hub.registry.population.ethnicity import WRITING
from hub.registry.population.generator import (
    FAMILY_NAMES,
    SOURCES,
    Geography,
    PersonView,
    generate_population,
    generate_source_records,
    load_geography,
)

# A hand-made geography of real units: Phường Sài Gòn 26740 (from Bến Nghé 26740, Đa Kao 26737)
# and Phường Ba Đình 00004 (from Trúc Bạch 00004 and Quán Thánh 00013).
SMALL = Geography(
    communes=[("26740", "Phường Sài Gòn", "79"), ("00004", "Phường Ba Đình", "01")],
    legacy_communes=[
        ("26740", "Phường Bến Nghé", "79"),
        ("26737", "Phường Đa Kao", "79"),
        ("00004", "Phường Trúc Bạch", "01"),
        ("00013", "Phường Quán Thánh", "01"),
    ],
    crosswalk=[("26740", "26740"), ("26737", "26740"), ("00004", "00004"), ("00013", "00004")],
)


@pytest.fixture(scope="module")
def population() -> list[PersonView]:
    """Two thousand persons on the small geography."""
    return list(generate_population(SMALL, 2000, seed=3))


def test_the_same_seed_gives_the_same_people_and_another_seed_others() -> None:
    # Given two runs with one seed and one with another
    first = list(generate_population(SMALL, 50, seed=5))
    again = list(generate_population(SMALL, 50, seed=5))
    other = list(generate_population(SMALL, 50, seed=6))
    # When compared
    # Then the same seed repeats exactly and another seed differs
    assert first == again
    assert [v.person.full_name for v in first] != [v.person.full_name for v in other]


def test_the_generator_streams_one_person_at_a_time() -> None:
    # Given a request for a million persons
    stream = generate_source_records(SMALL, 1_000_000, seed=1)
    # When only the first records are read
    head = [next(stream) for _ in range(5)]
    # Then it is a lazy generator, and records of one person come together
    assert isinstance(stream, types.GeneratorType)
    assert head[0].person_key == head[1].person_key


def test_every_person_is_seen_by_two_or_three_distinct_systems(
    population: list[PersonView],
) -> None:
    # Given the population
    # When the systems of each person are counted
    counts = Counter(len(view.records) for view in population)
    # Then each person has two or three records, from distinct systems, with the truth attached
    assert set(counts) == {2, 3}
    for view in population:
        assert len({r.system for r in view.records}) == len(view.records)
        assert {r.person_key for r in view.records} == {view.person.key}


def test_citizen_ids_agree_with_birth_year_sex_and_a_legacy_province(
    population: list[PersonView],
) -> None:
    # Given the true persons
    persons = [view.person for view in population]
    # When their identifiers are checked
    # Then every citizen ID is valid, plausible and unique, and so is every insurance number
    for person in persons:
        assert normalize_citizen_id(person.citizen_id) == person.citizen_id
        assert check_citizen_id_plausibility(person.citizen_id, person.birth_date, person.sex) == []
        assert normalize_social_insurance_number(person.social_insurance_number)
    assert len({p.citizen_id for p in persons}) == len(persons)
    assert len({p.social_insurance_number for p in persons}) == len(persons)


def test_names_are_written_surname_first_from_realistic_frequencies(
    population: list[PersonView],
) -> None:
    # Given the true names
    parts = [split_name(view.person.full_name) for view in population]
    families = Counter(p.family for p in parts if p is not None)
    # When the commonest family names are counted
    share = families["nguyen"] / len(population)
    # Then every name splits, Nguyễn is about 38 % and every family name comes from the list
    assert len(parts) == sum(families.values())
    assert 0.33 < share < 0.43
    assert set(families) <= {fold(name) for name, _ in FAMILY_NAMES}


def test_source_records_carry_realistic_noise(population: list[PersonView]) -> None:
    # Given every source record with the person it describes
    pairs = [(view.person, source) for view in population for source in view.records]
    # When the kinds of noise are counted
    names = [s.record.full_name or "" for _, s in pairs]
    no_marks = sum(name == fold(name).title() for name in names)
    old_codes = sum(s.record.commune_code in {"26737", "00013"} for _, s in pairs)
    missing_ids = sum(s.record.citizen_id is None for _, s in pairs)
    invalid_ids = sum(
        s.record.citizen_id is not None and normalize_citizen_id(s.record.citizen_id) is None
        for _, s in pairs
    )
    swapped = sum(
        s.record.birth_date is not None
        and s.record.birth_date != p.birth_date
        and (s.record.birth_date.month, s.record.birth_date.day)
        == (p.birth_date.day, p.birth_date.month)
        for p, s in pairs
    )
    unparsable = sum(
        s.written_birth_date is not None and parse_birth_date(s.written_birth_date) is None
        for _, s in pairs
    )
    # Then each kind occurs, but noise stays the exception
    total = len(pairs)
    assert 0.05 < no_marks / total < 0.5
    assert 0.05 < old_codes / total < 0.6
    assert 0.2 < missing_ids / total < 0.7
    assert invalid_ids > 0
    assert swapped > 0
    assert unparsable == 0


def test_ethnic_groups_follow_the_census_and_each_system_writes_its_own_list(
    population: list[PersonView],
) -> None:
    # Given every source record with the person it describes
    pairs = [(view.person, source) for view in population for source in view.records]
    groups = Counter(view.person.ethnic_group for view in population)
    # When each written code is read back in the list the system uses
    lists: dict[str, set[str | None]] = {}
    for person, source in pairs:
        lists.setdefault(source.system, set()).add(source.ethnic_group_list)
        if source.ethnic_group is None:
            assert source.ethnic_group_list is None
            continue
        in_1979 = WRITING[source.system][0] == LIST_1979
        # Then it is the person's group, in the system's list
        assert (to_2008()[source.ethnic_group] if in_1979 else source.ethnic_group) == (
            person.ethnic_group
        )
    # And most people are Kinh, with dozens of other groups, all coded in the 2008 list
    assert 0.8 < groups["01"] / len(population) < 0.9
    assert len(groups) > 15 and set(groups) <= set(to_2008().values())
    # And health insurance writes the 1979 list, the others the 2008 list, each sometimes
    # leaving out the list; every system of the generator has a way of writing
    assert {s.system for s in SOURCES} == set(WRITING)
    assert lists == {
        "health_insurance": {LIST_1979, None},
        "land_records": {LIST_2008, None},
        "cadre_management": {LIST_2008, None},
    }
    # And a few records carry a code the lists disagree on without naming their list
    unreadable = sum(
        s.ethnic_group is not None
        and s.ethnic_group_list is None
        and s.ethnic_group not in shared_codes()
        for _, s in pairs
    )
    assert 0 < unreadable < 0.02 * len(pairs)


def test_old_commune_codes_are_predecessors_of_the_true_commune(
    population: list[PersonView],
) -> None:
    # Given the crosswalk of the small geography
    successors = dict(SMALL.crosswalk)
    # When each record's commune is compared with the person's
    for view in population:
        for source in view.records:
            code = source.record.commune_code or ""
            # Then it is the 2025 commune or an old code that became it
            assert code == view.person.commune_code or successors[code] == view.person.commune_code


def test_load_geography_reads_the_real_communes_and_crosswalk() -> None:
    # Given the hub's admin-unit code lists
    geography = load_geography()
    # When loaded
    new_codes = {code for code, _, _ in geography.communes}
    # Then there are the 3,321 communes of 2025, over 10,000 legacy ones, and a crosswalk
    # whose targets are 2025 communes
    assert len(new_codes) == 3321
    assert len(geography.legacy_communes) > 10000
    assert {new for _, new in geography.crosswalk} <= new_codes
    assert ("26737", "26740") in set(geography.crosswalk)
