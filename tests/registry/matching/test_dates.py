"""Birth dates: the written forms sources use and typo-tolerant comparison."""

from __future__ import annotations

from datetime import date

import pytest

from hub.registry.matching import Level, compare_date_keys, date_key, parse_birth_date


@pytest.mark.parametrize(
    "text", ["1990-05-12", "12/05/1990", "12.5.1990", "12-05-1990", "19900512"]
)
def test_parse_birth_date_reads_the_forms_sources_write(text: str) -> None:
    # Given a date written in one of the usual forms
    # When parsed
    # Then it is 12 May 1990
    assert parse_birth_date(text) == date(1990, 5, 12)


@pytest.mark.parametrize("text", [None, "", "31/02/1990", "1990/05", "May 12 1990", "12/05/90"])
def test_parse_birth_date_refuses_what_is_not_a_date(text: str | None) -> None:
    # Given something that is not a real date in a known form
    # When parsed
    # Then there is no date
    assert parse_birth_date(text) is None


def test_date_key_keeps_the_digits_of_an_impossible_date() -> None:
    # Given a typo that makes 1965-02-21 an impossible date, and a real date
    # When their keys are taken
    # Then the typo can still be compared digit by digit
    assert date_key("19650231") == "19650231"
    assert date_key(date(1965, 2, 21)) == "19650221"
    assert compare_date_keys("19650231", "19650221") is Level.CLOSE


@pytest.mark.parametrize(
    ("left", "right", "level"),
    [
        ("19900512", "19900512", Level.EXACT),
        ("19900512", "19901205", Level.CLOSE),  # day and month swapped
        ("19900512", "19900513", Level.CLOSE),  # one digit wrong
        ("19900512", "19905012", Level.CLOSE),  # neighbouring digits transposed
        ("19900512", "19910512", Level.CLOSE),  # year off by one
        ("19900512", "19890512", Level.CLOSE),
        ("19900512", "19900723", Level.PARTIAL),  # same year only
        ("19900512", "19920723", Level.DIFFERENT),
        ("19900512", "19880512", Level.DIFFERENT),  # year off by two
    ],
)
def test_compare_date_keys_tolerates_one_slip_either_way(
    left: str, right: str, level: Level
) -> None:
    # Given two birth dates
    # When compared both ways
    # Then the level is the same and as expected
    assert compare_date_keys(left, right) is level
    assert compare_date_keys(right, left) is level
