"""Tax code: check digit, branch suffix, separators."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from hub.registry.identifiers.models import IdentifierScheme
from hub.registry.identifiers.tax_code import tax_check_digit, validate_tax_code
from tests.registry.identifiers.helpers import any_text, error_codes, parts_of

nine_digits = st.text(alphabet="0123456789", min_size=9, max_size=9)


def test_known_enterprise_code_is_valid() -> None:
    # Given a real enterprise code whose check digit is 7
    # When it is validated
    result = validate_tax_code("0100112437")
    # Then it is valid and decoded as an enterprise
    assert result.scheme is IdentifierScheme.TAX_CODE
    assert result.valid
    assert result.normalized == "0100112437"
    assert parts_of(result) == {"base": "0100112437", "checkDigit": "7", "kind": "ENTERPRISE"}


@pytest.mark.parametrize(
    "value", ["0100112437-001", "0100112437001", " 0100112437 - 001 ", "0100.112.437-001"]
)
def test_branch_codes_normalise_to_the_dashed_form(value: str) -> None:
    # Given a branch code written in any accepted way
    # When it is validated
    result = validate_tax_code(value)
    # Then it is valid, dashed, and decoded as a branch
    assert result.valid
    assert result.normalized == "0100112437-001"
    assert parts_of(result) == {
        "base": "0100112437",
        "checkDigit": "7",
        "branch": "001",
        "kind": "BRANCH",
    }


def test_wrong_check_digit_says_which_was_expected() -> None:
    # Given the known code with its check digit changed to 8
    # When it is validated
    result = validate_tax_code("0100112438")
    # Then the error gives the expected and the found digit, and the code stays normalised
    assert error_codes(result) == ["INVALID_CHECK_DIGIT"]
    assert "expected check digit 7" in result.errors[0].message
    assert "found 8" in result.errors[0].message
    assert result.normalized == "0100112438"


def test_base_without_a_possible_check_digit_is_refused() -> None:
    # Given nine zeros, for which 10 - (0 mod 11) is 10
    # When a code starting with them is validated
    result = validate_tax_code("0000000000")
    # Then no check digit could make it valid
    assert tax_check_digit("000000000") is None
    assert error_codes(result) == ["INVALID_CHECK_DIGIT_BASE"]


def test_branch_zero_is_refused() -> None:
    # Given a branch suffix 000
    # When it is validated
    result = validate_tax_code("0100112437-000")
    # Then the branch number is invalid
    assert error_codes(result) == ["INVALID_BRANCH_NUMBER"]


def test_dash_in_the_wrong_place_is_refused() -> None:
    # Given a dash inside the base
    # When it is validated
    result = validate_tax_code("01001-12437")
    # Then the separator is misplaced and there is no normal form
    assert error_codes(result) == ["MISPLACED_SEPARATOR"]
    assert result.normalized is None


def test_twelve_digits_point_to_the_citizen_id() -> None:
    # Given a 12-digit value, as individuals' citizen IDs are
    # When it is validated as a tax code
    result = validate_tax_code("079203001234")
    # Then it has the wrong length and the message suggests CITIZEN_ID
    assert error_codes(result) == ["WRONG_LENGTH"]
    assert "CITIZEN_ID" in result.errors[0].message


def test_letters_and_length_are_both_reported() -> None:
    # Given a value with a letter and 11 characters
    # When it is validated
    result = validate_tax_code("0100112437X")
    # Then both errors are reported
    assert error_codes(result) == ["INVALID_CHARACTER", "WRONG_LENGTH"]


def test_check_digit_helper_refuses_malformed_input() -> None:
    # Given fewer than nine digits, and non-ASCII digits
    # When a check digit is asked for
    # Then it raises, since callers must pass exactly nine ASCII digits
    with pytest.raises(ValueError, match="nine digits"):
        tax_check_digit("12345678")
    with pytest.raises(ValueError, match="nine digits"):
        tax_check_digit("١٢٣٤٥٦٧٨٩")


@given(nine_digits, st.integers(min_value=1, max_value=999))
def test_generated_codes_are_valid_and_any_single_digit_change_breaks_them(
    first_nine: str, branch: int
) -> None:
    # Given a base whose check digit exists, and a branch
    check = tax_check_digit(first_nine)
    assume(check is not None)
    base = f"{first_nine}{check}"
    # When the code and its branch are validated
    # Then both are valid and stable
    assert validate_tax_code(base).valid
    branch_code = validate_tax_code(f"{base}{branch:03d}")
    assert branch_code.valid
    assert branch_code.normalized == f"{base}-{branch:03d}"
    assert validate_tax_code(branch_code.normalized).normalized == branch_code.normalized
    # And changing any one of the ten digits makes the code invalid
    for position in range(10):
        for digit in "0123456789":
            if digit != base[position]:
                changed = base[:position] + digit + base[position + 1 :]
                assert not validate_tax_code(changed).valid, changed


@given(any_text)
def test_any_text_gives_a_result_whose_normal_form_is_stable(value: str) -> None:
    # Given any text
    # When it is validated
    result = validate_tax_code(value)
    # Then no exception escaped and normalising is idempotent
    assert result.valid == (not result.errors)
    if result.normalized is not None:
        assert validate_tax_code(result.normalized).normalized == result.normalized
