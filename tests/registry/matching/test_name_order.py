"""Names written in a foreign order: read back surname first, matched, and namesakes kept apart."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from hub.kit.text import fold
from hub.registry.matching import (
    Decision,
    Level,
    Matcher,
    NameParts,
    name_readings,
    person_config,
    split_name,
)
from hub.registry.population.generator import FAMILY_NAMES, GIVEN_NAMES, MIDDLE_NAMES
from tests.registry.matching.helpers import EQUIVALENCE, person_matcher, record

# Bùi Thị Thảo as forms in English order and exports write her.
FOREIGN_FORMS = [
    "Thảo Bùi Thị",  # given name first, then "last name" Bùi Thị
    "Thị Thảo Bùi",  # family name moved to the end
    "Thảo Thị Bùi",  # first, middle, last
    "THAO BUI THI",  # capitals without diacritics
    "THI THAO BUI",
    "thao thi bui",
]
BUI_THI_THAO = NameParts("bui", "thi", "thao")

families = st.sampled_from([name for name, _ in FAMILY_NAMES])
middles = st.lists(
    st.sampled_from(sorted({m for table in MIDDLE_NAMES.values() for m, _ in table if m})),
    max_size=2,
)
givens = st.sampled_from(sorted({g for names in GIVEN_NAMES.values() for g in names}))


def foreign_forms(family: str, middle: list[str], given: str) -> list[str]:
    """Return the ways a form in English order may write the name."""
    return [
        " ".join([given, family, *middle]),
        " ".join([*middle, given, family]),
        " ".join([given, *middle, family]),
    ]


@pytest.mark.parametrize("written", FOREIGN_FORMS)
def test_a_name_in_a_foreign_order_has_its_vietnamese_reading(written: str) -> None:
    # Given Bùi Thị Thảo written in a foreign order
    # When its readings are listed
    readings = name_readings(written)
    # Then one of them is family Bùi, middle Thị, given Thảo
    assert BUI_THI_THAO in readings


def test_given_name_first_is_read_with_the_family_name_first() -> None:
    # Given a name whose first word is no family name but whose second is
    # When it is split / Then the family name is rotated to the front
    assert split_name("Thảo Bùi Thị") == BUI_THI_THAO
    assert split_name("An Văn Nguyễn") == NameParts("nguyen", "van", "an")


def test_a_name_in_vietnamese_order_without_family_words_inside_has_one_reading() -> None:
    # Given names written surname first whose other words are no family names
    # When their readings are listed / Then each is read only as written
    assert name_readings("Bùi Thị Thảo") == (BUI_THI_THAO,)
    assert name_readings("Lê Minh Anh") == (NameParts("le", "minh", "anh"),)
    assert name_readings("Nguyễn") == (NameParts("", "", "nguyen"),)
    assert name_readings("  ") == ()


@given(families, middles, givens)
def test_every_foreign_order_of_any_generated_name_has_its_reading(
    family: str, middle: list[str], given: str
) -> None:
    # Given a name of the generated population and the three foreign orders
    written = " ".join([family, *middle, given])
    meant = NameParts(fold(family), fold(" ".join(middle)), fold(given))
    # When each form is read / Then the name as meant is among its readings
    assert name_readings(written)[0] == meant
    for form in foreign_forms(family, middle, given):
        assert meant in name_readings(form), form


@pytest.mark.parametrize("written", FOREIGN_FORMS)
def test_the_same_person_in_a_foreign_order_is_linked(written: str) -> None:
    # Given two records of Bùi Thị Thảo, one with the name in a foreign order
    vietnamese = record("health:1", full_name="Bùi Thị Thảo", sex="FEMALE")
    foreign = record("bank:1", full_name=written, sex="F")
    # When the pair is scored, and when found through blocking
    result = person_matcher().score(vietnamese, foreign)
    within = person_matcher().match_within([vietnamese, foreign])
    # Then it links, and the explanation shows the parts as re-read
    assert result.decision is Decision.LINK
    family = next(c for c in result.comparisons if c.field == "family_name")
    assert (family.left_value, family.right_value) == ("bui", "bui")
    assert [(r.left_id, r.decision) for r in within] == [("health:1", Decision.LINK)]


@pytest.mark.parametrize(("first", "second"), [(0, 1), (0, 2), (1, 2), (3, 5)])
def test_two_foreign_orders_of_one_name_are_linked(first: int, second: int) -> None:
    # Given two records of Bùi Thị Thảo, both in foreign orders
    left = record("bank:1", full_name=FOREIGN_FORMS[first], sex="F")
    right = record("school:1", full_name=FOREIGN_FORMS[second], sex="F")
    # When scored / Then they link
    assert person_matcher().score(left, right).decision is Decision.LINK


def without_readings() -> Matcher:
    """Return the person matcher that reads every name only as written."""
    return Matcher(replace(person_config(EQUIVALENCE), readings=None))


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Lê Minh Anh", "Lê Anh Minh"),
        ("Nguyễn Hà Mai", "Nguyễn Mai Hà"),  # every word a family name too
        ("Trần Văn Hoàng", "Trần Hoàng Văn"),
    ],
)
def test_twins_whose_names_swap_middle_and_given_are_not_re_read(one: str, other: str) -> None:
    # Given twins born the same day, middle and given names swapped, living apart
    left = record("a", full_name=one, birth_date=date(2001, 3, 4))
    right = record("b", full_name=other, birth_date=date(2001, 3, 4), commune_code="00004")
    # When scored
    result = person_matcher().score(left, right)
    # Then no re-reading brings the names together: middle and given names differ, the score
    # is the one of names read as written, and they are not linked
    levels = {c.field: c.level for c in result.comparisons}
    assert (levels["middle_name"], levels["given_name"]) == (Level.DIFFERENT, Level.DIFFERENT)
    assert result.score == without_readings().score(left, right).score
    assert result.decision is Decision.NO_MATCH


@given(families, middles.filter(lambda m: len(m) == 1), givens)
def test_names_in_vietnamese_order_with_swapped_parts_score_as_written(
    family: str, middle: list[str], given: str
) -> None:
    # Given two records alike in everything but names made of the same words, both surname
    # first, middle and given names swapped
    assume(len({fold(w) for w in (family, middle[0], given)}) == 3)
    left = record("a", full_name=f"{family} {middle[0]} {given}")
    right = record("b", full_name=f"{family} {given} {middle[0]}")
    # When scored / Then re-reading changes nothing
    assert person_matcher().score(left, right) == without_readings().score(left, right)
