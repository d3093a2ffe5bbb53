"""Strong identifiers: only structurally valid ones may decide a match."""

from __future__ import annotations

import pytest

from hub.registry.matching.identifiers import (
    normalize_citizen_id,
    normalize_social_insurance_number,
)


@pytest.mark.parametrize(
    ("value", "normalized"),
    [
        ("079203001234", "079203001234"),
        (" 079 203 001 234 ", "079203001234"),
        ("001-1-90-123456", "001190123456"),
    ],
)
def test_citizen_id_is_normalised_when_valid(value: str, normalized: str) -> None:
    # Given a valid citizen ID, possibly with separators
    # When normalised
    # Then it is the 12 digits
    assert normalize_citizen_id(value) == normalized


@pytest.mark.parametrize(
    "value",
    [
        None,
        "",
        "07920300123",
        "0792030012345",
        "O79203001234",
        "179203001234",
        "003203001234",
        "079503001234",
    ],
)
def test_citizen_id_that_is_not_valid_counts_as_absent(value: str | None) -> None:
    # Given a missing, short, long, lettered, non-zero-led, unknown-province or far-century ID
    # When normalised
    # Then it is treated as absent
    assert normalize_citizen_id(value) is None


def test_social_insurance_number_is_ten_ascii_digits() -> None:
    # Given social insurance numbers, valid and not
    # When normalised
    # Then only ten ASCII digits are kept
    assert normalize_social_insurance_number("79 2003 0012") == "7920030012"
    assert normalize_social_insurance_number("792003001") is None
    assert normalize_social_insurance_number("７９２００３００１２") is None
    assert normalize_social_insurance_number(None) is None
