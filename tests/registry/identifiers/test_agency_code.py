"""Agency codes in the Decision-20 and QCVN 102 forms, and the conversion between them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hub.registry.identifiers.agency_code import (
    to_decision20,
    to_qcvn102,
    validate_agency_code,
)
from hub.registry.identifiers.models import IdentifierScheme
from tests.registry.identifiers.helpers import any_text, error_codes, parts_of

level1_codes = st.builds(
    "{}{:02d}".format, st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXY"), st.integers(0, 99)
)


def _group(width: int) -> st.SearchStrategy[str]:
    """Digit groups of ``width`` that are not all zeros."""
    return st.integers(1, 10**width - 1).map(lambda n: f"{n:0{width}d}")


# Decision-20 codes that have a QCVN 102 form: up to four levels of widths 2, 2, 3.
expressible_codes = st.builds(
    lambda level1, lower, count: ".".join([level1, *lower[:count]]),
    level1_codes,
    st.tuples(_group(2), _group(2), _group(3)),
    st.integers(0, 3),
)
# Any Decision-20 code: lower groups of 1 to 4 digits, as many as fit in 35 characters.
decision20_codes = st.builds(
    lambda level1, lower: ".".join([level1, *lower]),
    level1_codes,
    st.lists(st.integers(1, 4).flatmap(_group), max_size=7),
)


@pytest.mark.parametrize(
    ("qcvn102", "decision20", "level"),
    [
        ("000.00.00.G22", "G22", 1),
        ("000.00.18.G12", "G12.18", 2),
        ("000.01.18.G12", "G12.18.01", 3),
        ("005.01.18.G12", "G12.18.01.005", 4),
    ],
)
def test_both_forms_convert_into_each_other(qcvn102: str, decision20: str, level: int) -> None:
    # Given the same agency written in both forms
    # When each is validated and converted
    from_qcvn = validate_agency_code(qcvn102)
    from_decision20 = validate_agency_code(decision20)
    # Then both normalise to the Decision-20 form and convert to each other
    assert from_qcvn.valid
    assert from_qcvn.normalized == decision20
    assert from_decision20.normalized == decision20
    assert parts_of(from_qcvn) == {
        "inputForm": "QCVN_102",
        "decision20Form": decision20,
        "qcvn102Form": qcvn102,
        "level": str(level),
        "level1Code": decision20[:3],
    }
    assert parts_of(from_decision20)["inputForm"] == "DECISION_20"
    assert to_qcvn102(decision20) == qcvn102
    assert to_decision20(qcvn102) == decision20
    assert to_decision20(decision20) == decision20
    assert to_qcvn102(qcvn102) == qcvn102


def test_three_digit_level_two_has_no_qcvn_form_but_is_valid() -> None:
    # Given a provincial agency whose level-2 group has three digits
    # When it is validated
    result = validate_agency_code("H55.242")
    # Then it is a valid Decision-20 code with a note instead of a QCVN form
    assert result.scheme is IdentifierScheme.AGENCY_CODE
    assert result.valid
    parts = parts_of(result)
    assert "qcvn102Form" not in parts
    assert "'242' has 3 digits" in parts["qcvn102Note"]
    assert to_qcvn102("H55.242") is None


def test_five_levels_have_no_qcvn_form() -> None:
    # Given a code of five levels
    # When it is converted
    result = validate_agency_code("G12.18.01.005.01")
    # Then QCVN 102 has no room for it
    assert result.valid
    assert "5 levels" in parts_of(result)["qcvn102Note"]
    assert to_qcvn102("G12.18.01.005.01") is None


def test_case_and_spaces_are_normalised() -> None:
    # Given a code typed in lower case with spaces
    # When it is validated
    result = validate_agency_code("  g09. 20 ")
    # Then it normalises to the canonical form
    assert result.normalized == "G09.20"


@pytest.mark.parametrize(
    ("value", "codes"),
    [
        ("005.00.18.G12", ["LEVEL_GAP"]),
        ("000.01.00.G12", ["LEVEL_GAP"]),
        ("00.00.00.G22", ["INVALID_GROUP"]),
        ("000.00.G22", ["WRONG_GROUP_COUNT"]),
        ("000.00.00.Z22", ["INVALID_LEVEL1_CODE"]),
        ("Z12", ["INVALID_LEVEL1_CODE"]),
        ("G1", ["INVALID_LEVEL1_CODE"]),
        ("G12..18", ["EMPTY_GROUP"]),
        ("G12.18.", ["EMPTY_GROUP"]),
        ("G12.1A", ["INVALID_GROUP"]),
        ("G12.00", ["ZERO_GROUP"]),
        ("G12-18", ["INVALID_CHARACTER", "INVALID_LEVEL1_CODE"]),
        ("G12." + "1" * 32, ["WRONG_LENGTH"]),
        ("", ["EMPTY"]),
        ("G12\x00", ["CONTROL_CHARACTER"]),
    ],
)
def test_malformed_codes_are_refused_with_every_error(value: str, codes: list[str]) -> None:
    # Given a malformed agency code
    # When it is validated
    result = validate_agency_code(value)
    # Then it is refused with the expected errors and no normal form
    assert error_codes(result) == codes
    assert result.normalized is None
    assert to_qcvn102(value) is None
    assert to_decision20(value) is None


def test_gap_message_names_both_levels() -> None:
    # Given a level-4 unit under an empty level 3
    # When it is validated
    result = validate_agency_code("005.00.18.G12")
    # Then the message names the set level and the empty one
    message = result.errors[0].message
    assert "level 4 '005'" in message
    assert "level 3 '00'" in message


def test_several_errors_are_collected() -> None:
    # Given a code with a bad level-1 group, a letter group and an empty group
    # When it is validated
    result = validate_agency_code("Z1.A..0")
    # Then every problem is reported
    assert error_codes(result) == [
        "EMPTY_GROUP",
        "INVALID_LEVEL1_CODE",
        "INVALID_GROUP",
        "ZERO_GROUP",
    ]


@given(expressible_codes)
def test_conversion_round_trips_for_every_expressible_code(code: str) -> None:
    # Given a Decision-20 code that fits QCVN 102
    # When it is converted there and back
    qcvn102 = to_qcvn102(code)
    # Then the round trip gives the code back, and the QCVN form validates to it
    assert qcvn102 is not None
    assert to_decision20(qcvn102) == code
    assert validate_agency_code(qcvn102).normalized == code


@given(decision20_codes)
def test_generated_decision20_codes_are_valid_and_stable(code: str) -> None:
    # Given any Decision-20 code short enough
    # When it is validated, then its normal form validated again
    result = validate_agency_code(code.lower())
    # Then it is valid when it fits in 35 characters, and normalising is idempotent
    assert result.valid == (len(code) <= 35)
    if result.valid:
        assert result.normalized == code
        assert validate_agency_code(code).normalized == code
        assert int(parts_of(result)["level"]) == code.count(".") + 1


@given(any_text)
def test_any_text_gives_a_result_whose_normal_form_is_stable(value: str) -> None:
    # Given any text
    # When it is validated
    result = validate_agency_code(value)
    # Then no exception escaped and normalising is idempotent
    assert result.valid == (not result.errors)
    if result.normalized is not None:
        assert validate_agency_code(result.normalized).normalized == result.normalized
        assert to_decision20(value) == result.normalized
