"""Social insurance number: ten digits, nothing decoded."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from hub.registry.identifiers.models import IdentifierScheme
from hub.registry.identifiers.social_insurance import validate_social_insurance_number
from tests.registry.identifiers.helpers import any_text, error_codes


def test_ten_digits_are_valid_and_have_no_parts() -> None:
    # Given a 10-digit social insurance number
    # When it is validated
    result = validate_social_insurance_number("0120878811")
    # Then it is valid, unchanged, and nothing is decoded from it
    assert result.scheme is IdentifierScheme.SOCIAL_INSURANCE_NUMBER
    assert result.valid
    assert result.normalized == "0120878811"
    assert result.parts == ()


def test_separators_are_removed() -> None:
    # Given the number typed in groups
    # When it is validated
    result = validate_social_insurance_number(" 01-2087.8811 ")
    # Then it normalises to its digits
    assert result.normalized == "0120878811"


def test_nine_digits_are_the_wrong_length() -> None:
    # Given a number one digit short
    # When it is validated
    result = validate_social_insurance_number("012087881")
    # Then the message says what was expected and found
    assert error_codes(result) == ["WRONG_LENGTH"]
    assert "10 digits, found 9" in result.errors[0].message
    assert result.normalized is None


def test_letters_are_invalid_characters() -> None:
    # Given a number with a letter in place of a digit
    # When it is validated
    result = validate_social_insurance_number("01208788I1")
    # Then the letter is named
    assert error_codes(result) == ["INVALID_CHARACTER"]
    assert "'I'" in result.errors[0].message


@given(st.text(alphabet="0123456789", min_size=10, max_size=10))
def test_any_ten_digits_are_valid_and_stable(digits: str) -> None:
    # Given any ten digits
    # When they are validated, then their normal form validated again
    result = validate_social_insurance_number(digits)
    # Then both are valid and equal
    assert result.valid
    assert result.normalized is not None
    assert validate_social_insurance_number(result.normalized).normalized == digits


@given(any_text)
def test_any_text_gives_a_result(value: str) -> None:
    # Given any text
    # When it is validated
    result = validate_social_insurance_number(value)
    # Then a result comes back whose validity matches its errors
    assert result.valid == (not result.errors)
    if result.normalized is not None:
        assert validate_social_insurance_number(result.normalized).normalized == result.normalized
