"""Citizen ID: structure, registration province, century and sex, plausibility."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from hub.registry.identifiers.citizen_id import (
    CENTURY_AND_SEX,
    LEGACY_PROVINCE_LIST_DATE,
    check_citizen_id_plausibility,
    validate_citizen_id,
)
from hub.registry.identifiers.models import IdentifierScheme
from tests.registry.identifiers.fakes import LEGACY_PROVINCE_CODES, FakeAdminUnitDirectory
from tests.registry.identifiers.helpers import any_text, error_codes, parts_of, run

AS_OF = date(2025, 11, 1)


async def test_valid_citizen_id_decodes_every_part() -> None:
    # Given a citizen ID registered in Hồ Chí Minh City for a man born in 2003
    value = "079203001234"
    # When it is validated
    result = await validate_citizen_id(value, as_of=AS_OF, directory=FakeAdminUnitDirectory())
    # Then it is valid, unchanged, and every part is decoded
    assert result.scheme is IdentifierScheme.CITIZEN_ID
    assert result.valid
    assert result.normalized == value
    assert parts_of(result) == {
        "registrationProvinceCode": "79",
        "registrationProvinceName": "Thành phố Hồ Chí Minh",
        "century": "2000",
        "sex": "MALE",
        "birthYear": "2003",
        "serial": "001234",
    }


async def test_spaces_dots_and_dashes_are_removed() -> None:
    # Given a citizen ID typed in groups
    # When it is validated
    result = await validate_citizen_id(
        " 001.185-012 345 ", as_of=AS_OF, directory=FakeAdminUnitDirectory()
    )
    # Then it normalises to 12 digits and decodes a woman born in 1985
    assert result.valid
    assert result.normalized == "001185012345"
    assert parts_of(result)["sex"] == "FEMALE"
    assert parts_of(result)["birthYear"] == "1985"


async def test_registration_province_is_read_from_the_legacy_list() -> None:
    # Given code 24, Bắc Giang until the 2025 reform and Bắc Ninh after it
    directory = FakeAdminUnitDirectory()
    # When a citizen ID registered under 024 is validated after the reform
    result = await validate_citizen_id("024090000001", as_of=AS_OF, directory=directory)
    # Then the province is the one of the legacy list, looked up on its last day
    assert parts_of(result)["registrationProvinceName"] == "Tỉnh Bắc Giang"
    assert ("find", "24", LEGACY_PROVINCE_LIST_DATE) in directory.calls


async def test_unknown_registration_province_is_an_error_but_still_normalised() -> None:
    # Given a citizen ID whose province code 99 is on no list
    # When it is validated
    result = await validate_citizen_id(
        "099090000001", as_of=AS_OF, directory=FakeAdminUnitDirectory()
    )
    # Then the province is unknown, the other parts are still decoded
    assert error_codes(result) == ["UNKNOWN_REGISTRATION_PROVINCE"]
    assert not result.valid
    assert result.normalized == "099090000001"
    assert "099" in result.errors[0].message
    assert parts_of(result)["birthYear"] == "1990"
    assert "registrationProvinceName" not in parts_of(result)


async def test_registration_code_not_starting_with_zero_is_not_a_province() -> None:
    # Given a citizen ID whose first digit is not 0
    directory = FakeAdminUnitDirectory()
    # When it is validated
    result = await validate_citizen_id("179090000001", as_of=AS_OF, directory=directory)
    # Then it is refused without asking the directory about province 79
    assert error_codes(result) == ["UNKNOWN_REGISTRATION_PROVINCE"]
    assert "registrationProvinceCode" not in parts_of(result)
    assert directory.calls == []


async def test_birth_year_after_the_validation_date_is_refused() -> None:
    # Given a citizen ID of someone born in 2030
    # When it is validated in 2025
    result = await validate_citizen_id(
        "001230000001", as_of=AS_OF, directory=FakeAdminUnitDirectory()
    )
    # Then the birth year is in the future, and the message gives both years
    assert error_codes(result) == ["BIRTH_YEAR_IN_FUTURE"]
    assert "2030" in result.errors[0].message
    assert "2025" in result.errors[0].message


async def test_every_error_is_reported() -> None:
    # Given a citizen ID with an unknown province and a future birth year
    # When it is validated
    result = await validate_citizen_id(
        "099930000001", as_of=AS_OF, directory=FakeAdminUnitDirectory()
    )
    # Then both errors are reported
    assert error_codes(result) == ["UNKNOWN_REGISTRATION_PROVINCE", "BIRTH_YEAR_IN_FUTURE"]
    assert parts_of(result)["century"] == "2300"
    assert parts_of(result)["sex"] == "FEMALE"


async def test_wrong_characters_and_length_are_both_reported() -> None:
    # Given a value with a letter and 13 characters
    # When it is validated
    result = await validate_citizen_id(
        "07920300123A4", as_of=AS_OF, directory=FakeAdminUnitDirectory()
    )
    # Then both errors are reported and there is no normal form
    assert error_codes(result) == ["INVALID_CHARACTER", "WRONG_LENGTH"]
    assert result.normalized is None
    assert result.parts == ()


async def test_blank_value_is_empty() -> None:
    # Given only spaces
    # When they are validated
    result = await validate_citizen_id("   ", as_of=AS_OF, directory=FakeAdminUnitDirectory())
    # Then the value is empty
    assert error_codes(result) == ["EMPTY"]


async def test_control_character_is_an_error_not_an_exception() -> None:
    # Given a citizen ID with a NUL in it
    # When it is validated
    result = await validate_citizen_id(
        "079203\x00001234", as_of=AS_OF, directory=FakeAdminUnitDirectory()
    )
    # Then it is refused with CONTROL_CHARACTER only
    assert error_codes(result) == ["CONTROL_CHARACTER"]


async def test_overlong_value_stops_at_too_long() -> None:
    # Given a 300-character value
    # When it is validated
    result = await validate_citizen_id("1" * 300, as_of=AS_OF, directory=FakeAdminUnitDirectory())
    # Then TOO_LONG is the one error
    assert error_codes(result) == ["TOO_LONG"]


def test_plausibility_agrees_with_matching_birth_date_and_sex() -> None:
    # Given a woman born on 1985-03-02 and her citizen ID
    # When they are compared
    errors = check_citizen_id_plausibility("001185012345", date(1985, 3, 2), "FEMALE")
    # Then there is nothing to report
    assert errors == []


def test_plausibility_reports_birth_year_and_sex_mismatches() -> None:
    # Given a citizen ID of a man born in 1990 and a record of a woman born in 1991
    # When they are compared
    errors = check_citizen_id_plausibility("001090000001", date(1991, 1, 1), "female")
    # Then both mismatches are reported
    assert [e.code for e in errors] == ["BIRTH_YEAR_MISMATCH", "SEX_MISMATCH"]
    assert "1990" in errors[0].message
    assert "1991-01-01" in errors[0].message


def test_plausibility_skips_unknown_facts_and_flags_odd_sex_values() -> None:
    # Given a record without birth date or sex, and one with a sex the ID cannot encode
    # When they are compared
    # Then the first has nothing to report and the second is flagged
    assert check_citizen_id_plausibility("001090000001", None, None) == []
    errors = check_citizen_id_plausibility("001090000001", None, "OTHER")
    assert [e.code for e in errors] == ["UNKNOWN_SEX_VALUE"]


def test_plausibility_refuses_a_value_that_is_not_normalised() -> None:
    # Given a citizen ID still written with spaces
    # When it is compared
    errors = check_citizen_id_plausibility("001 090 000 001", date(1990, 1, 1), "MALE")
    # Then it is refused rather than misread
    assert [e.code for e in errors] == ["NOT_NORMALIZED"]


@given(
    province=st.sampled_from(LEGACY_PROVINCE_CODES),
    sex=st.sampled_from(["MALE", "FEMALE"]),
    birth_year=st.integers(min_value=1900, max_value=AS_OF.year),
    serial=st.integers(min_value=0, max_value=999_999),
)
def test_generated_citizen_ids_round_trip_their_parts(
    province: str, sex: str, birth_year: int, serial: int
) -> None:
    # Given a citizen ID composed from a province, sex, birth year and serial
    century = birth_year // 100 * 100
    digit = next(d for d, meaning in CENTURY_AND_SEX.items() if meaning == (century, sex))
    value = f"0{province}{digit}{birth_year % 100:02d}{serial:06d}"
    # When it is validated
    result = run(validate_citizen_id(value, as_of=AS_OF, directory=FakeAdminUnitDirectory()))
    # Then it is valid and decodes to what it was composed from
    assert result.valid, result.errors
    parts = parts_of(result)
    assert parts["registrationProvinceCode"] == province
    assert parts["sex"] == sex
    assert parts["birthYear"] == str(birth_year)
    assert parts["century"] == str(century)
    assert parts["serial"] == f"{serial:06d}"
    assert check_citizen_id_plausibility(value, date(birth_year, 6, 1), sex) == []


@given(any_text)
def test_any_text_gives_a_result_whose_normal_form_is_stable(value: str) -> None:
    # Given any text
    directory = FakeAdminUnitDirectory()
    # When it is validated, and its normal form validated again
    result = run(validate_citizen_id(value, as_of=AS_OF, directory=directory))
    # Then no exception escaped and normalising is idempotent
    assert result.valid == (not result.errors)
    if result.normalized is not None:
        again = run(validate_citizen_id(result.normalized, as_of=AS_OF, directory=directory))
        assert again.normalized == result.normalized
        assert again.errors == result.errors
