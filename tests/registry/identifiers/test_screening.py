"""Raw-input checks shared by every scheme."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from hub.registry.identifiers.screening import (
    MAX_INPUT_LENGTH,
    ascii_upper,
    compact,
    digit_errors,
    foreign_chars,
    screen,
    show_chars,
)
from tests.registry.identifiers.helpers import any_text


def test_value_of_the_maximum_length_passes_screening() -> None:
    # Given a value exactly at the length limit
    value = "1" * MAX_INPUT_LENGTH
    # When it is screened
    error = screen(value)
    # Then nothing stops it
    assert error is None


def test_longer_value_is_too_long_and_says_how_long() -> None:
    # Given a value one character over the limit
    value = "1" * (MAX_INPUT_LENGTH + 1)
    # When it is screened
    error = screen(value)
    # Then it is TOO_LONG with both lengths in the message
    assert error is not None
    assert error.code == "TOO_LONG"
    assert "256" in error.message
    assert "257" in error.message


def test_nul_inside_a_value_is_a_control_character() -> None:
    # Given a value with a NUL in it
    # When it is screened
    error = screen("0123\x004567")
    # Then the error names the character by its code point
    assert error is not None
    assert error.code == "CONTROL_CHARACTER"
    assert "U+0000" in error.message


def test_surrounding_newline_from_a_paste_is_accepted() -> None:
    # Given a pasted value with a trailing newline and a leading tab
    # When it is screened
    # Then the surrounding whitespace is not an error
    assert screen("\t0100112437\r\n") is None


def test_compact_drops_whitespace_and_requested_separators() -> None:
    # Given a value written with spaces, a no-break space, dots and dashes
    value = " 079.203-001\u00a0234 "
    # When it is compacted
    # Then only the digits remain, and characters not requested stay
    assert compact(value) == "079203001234"
    assert compact("0100112437 - 001", remove=".") == "0100112437-001"


def test_ascii_upper_leaves_letters_that_upper_into_ascii_alone() -> None:
    # Given the long s and the dotless i, which str.upper maps to S and I
    # When they are upper-cased the ASCII way
    # Then they stay as they are and are later refused as foreign characters
    assert ascii_upper("abcſı") == "ABCſı"


def test_foreign_chars_are_distinct_and_in_order() -> None:
    # Given a text with repeated foreign characters
    # When they are collected
    # Then each appears once, in order of first appearance
    assert foreign_chars("1a2b1a", frozenset("12")) == ["a", "b"]


def test_show_chars_quotes_printable_and_names_the_rest() -> None:
    # Given a printable character, a space and a control character
    # When they are shown
    # Then only the printable one is quoted
    assert show_chars(["A", " ", "\x1b"]) == "'A', U+0020, U+001B"


def test_digit_errors_report_both_wrong_characters_and_length() -> None:
    # Given a value with a letter and the wrong length
    # When its digits are checked
    errors = digit_errors("12A", (12,), "a citizen ID")
    # Then both problems are reported
    assert [e.code for e in errors] == ["INVALID_CHARACTER", "WRONG_LENGTH"]
    assert "found 'A'" in errors[0].message
    assert "12 digits, found 3" in errors[1].message


def test_digit_errors_on_nothing_is_empty() -> None:
    # Given an empty value
    # When its digits are checked
    errors = digit_errors("", (10,), "a tax code")
    # Then the only error is EMPTY
    assert [e.code for e in errors] == ["EMPTY"]


@given(any_text)
def test_screen_never_raises_and_compact_is_idempotent(value: str) -> None:
    # Given any text
    # When it is screened and compacted twice
    screen(value)
    once = compact(value)
    # Then compacting again changes nothing
    assert compact(once) == once


@given(st.text(alphabet="0123456789", min_size=1, max_size=20))
def test_digit_strings_of_an_allowed_length_have_no_errors(digits: str) -> None:
    # Given any string of ASCII digits
    # When its digits are checked against its own length
    # Then there is no error
    assert digit_errors(digits, (len(digits),), "a number") == []
