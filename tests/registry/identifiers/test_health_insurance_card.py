"""Health insurance card code: four boxes, or the bare social insurance number."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from hub.registry.identifiers.beneficiary_groups import beneficiary_groups
from hub.registry.identifiers.health_insurance_card import validate_health_insurance_card
from hub.registry.identifiers.models import IdentifierScheme
from hub.registry.identifiers.social_insurance import validate_social_insurance_number
from tests.registry.identifiers.helpers import any_text, error_codes, parts_of


def test_fifteen_character_card_decodes_every_box() -> None:
    # Given the card of a pupil, benefit level 4, issued in province 01
    # When it is validated
    result = validate_health_insurance_card("HS4010120878811")
    # Then it is valid and every box is decoded
    assert result.scheme is IdentifierScheme.HEALTH_INSURANCE_CARD
    assert result.valid
    assert result.normalized == "HS4010120878811"
    assert parts_of(result) == {
        "beneficiaryGroup": "HS",
        "beneficiaryGroupName": (
            "Học sinh đang theo học tại cơ sở giáo dục thuộc hệ thống giáo dục quốc dân"
        ),
        "benefitLevel": "4",
        "issuingProvinceCode": "01",
        "socialInsuranceNumber": "0120878811",
        "format": "15",
    }


def test_card_typed_in_boxes_and_lower_case_is_normalised() -> None:
    # Given the card as printed in boxes, typed in lower case with dashes
    # When it is validated
    result = validate_health_insurance_card(" hs 4-01 0120878811 ")
    # Then it normalises to 15 upper-case characters
    assert result.valid
    assert result.normalized == "HS4010120878811"


def test_bare_social_insurance_number_is_accepted_as_the_ten_digit_format() -> None:
    # Given the 10-digit social insurance number alone
    # When it is validated as a card
    result = validate_health_insurance_card("0120878811")
    # Then it is valid and reported as the 10-character format
    assert result.valid
    assert parts_of(result) == {"socialInsuranceNumber": "0120878811", "format": "10"}


def test_unknown_group_keeps_the_normal_form() -> None:
    # Given a well-shaped card whose group ZZ is not in Decision 1351
    # When it is validated
    result = validate_health_insurance_card("ZZ4010120878811")
    # Then the group is unknown, but the code can still be stored as normalised
    assert error_codes(result) == ["UNKNOWN_BENEFICIARY_GROUP"]
    assert "'ZZ'" in result.errors[0].message
    assert result.normalized == "ZZ4010120878811"


def test_every_bad_box_is_reported() -> None:
    # Given a card with an unknown group, level 6 and province 00
    # When it is validated
    result = validate_health_insurance_card("ZZ6000120878811")
    # Then each box gets its error and the social insurance number is still decoded
    assert error_codes(result) == [
        "UNKNOWN_BENEFICIARY_GROUP",
        "INVALID_BENEFIT_LEVEL",
        "INVALID_ISSUING_PROVINCE",
    ]
    assert parts_of(result)["socialInsuranceNumber"] == "0120878811"


def test_digits_in_the_group_box_leave_no_normal_form() -> None:
    # Given a card whose group box holds a digit and whose number holds a letter
    # When it is validated
    result = validate_health_insurance_card("1S40101208788A1")
    # Then both boxes are reported and there is no normal form
    assert error_codes(result) == ["INVALID_BENEFICIARY_GROUP", "INVALID_SOCIAL_INSURANCE_NUMBER"]
    assert result.normalized is None


def test_ten_characters_that_are_not_digits_are_no_social_insurance_number() -> None:
    # Given a truncated card of 10 characters
    # When it is validated
    result = validate_health_insurance_card("HS40101208")
    # Then it is refused as a social insurance number
    assert error_codes(result) == ["INVALID_SOCIAL_INSURANCE_NUMBER"]


def test_wrong_length_and_characters_are_both_reported() -> None:
    # Given a card with a stray character
    # When it is validated
    result = validate_health_insurance_card("HS4010120878811#")
    # Then both the character and the length are reported
    assert error_codes(result) == ["INVALID_CHARACTER", "WRONG_LENGTH"]
    assert "found 16 characters" in result.errors[1].message


def test_empty_card_is_empty() -> None:
    # Given nothing
    # When it is validated
    # Then it is empty
    assert error_codes(validate_health_insurance_card("")) == ["EMPTY"]


@given(
    group=st.sampled_from(sorted(beneficiary_groups())),
    level=st.integers(min_value=1, max_value=5),
    province=st.integers(min_value=1, max_value=99),
    number=st.text(alphabet="0123456789", min_size=10, max_size=10),
)
def test_generated_cards_are_valid_and_round_trip(
    group: str, level: int, province: int, number: str
) -> None:
    # Given a card composed from a known group, a level, a province and a number
    card = f"{group}{level}{province:02d}{number}"
    # When it is validated, then its normal form validated again
    result = validate_health_insurance_card(card.lower())
    # Then it is valid, decodes to its boxes and normalises idempotently
    assert result.valid, result.errors
    assert result.normalized == card
    parts = parts_of(result)
    assert parts["beneficiaryGroup"] == group
    assert parts["benefitLevel"] == str(level)
    assert parts["issuingProvinceCode"] == f"{province:02d}"
    assert validate_social_insurance_number(parts["socialInsuranceNumber"]).valid
    assert validate_health_insurance_card(card).normalized == card


@given(any_text)
def test_any_text_gives_a_result_whose_normal_form_is_stable(value: str) -> None:
    # Given any text
    # When it is validated
    result = validate_health_insurance_card(value)
    # Then no exception escaped and normalising is idempotent
    assert result.valid == (not result.errors)
    if result.normalized is not None:
        assert validate_health_insurance_card(result.normalized).normalized == result.normalized
