"""Administrative-unit codes checked against a directory on a date."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from hub.registry.identifiers.admin_unit import validate_admin_unit
from hub.registry.identifiers.models import AdminUnitRef, IdentifierScheme
from tests.registry.identifiers.fakes import REFORM, UNITS, FakeAdminUnitDirectory
from tests.registry.identifiers.helpers import any_text, error_codes, parts_of, run

BEFORE = date(2024, 5, 1)
AFTER = date(2025, 8, 1)


async def test_province_after_the_reform_has_no_end_date() -> None:
    # Given Hà Nội, which kept code 01 through the reform
    # When 01 is validated after the reform
    result = await validate_admin_unit("01", as_of=AFTER, directory=FakeAdminUnitDirectory())
    # Then the current unit is returned without an end date
    assert result.scheme is IdentifierScheme.ADMINISTRATIVE_UNIT
    assert result.valid
    assert parts_of(result) == {
        "level": "PROVINCE",
        "name": "Thành phố Hà Nội",
        "validFrom": "2025-07-01",
    }


async def test_the_same_code_names_different_units_at_different_dates() -> None:
    # Given code 24: Bắc Giang before the reform, Bắc Ninh after it
    directory = FakeAdminUnitDirectory()
    # When 24 is validated on each side of the reform
    before = await validate_admin_unit("24", as_of=BEFORE, directory=directory)
    after = await validate_admin_unit("24", as_of=AFTER, directory=directory)
    # Then each date gets its own unit, the old one with its exclusive end date
    assert parts_of(before)["name"] == "Tỉnh Bắc Giang"
    assert parts_of(before)["validTo"] == "2025-07-01"
    assert parts_of(after)["name"] == "Tỉnh Bắc Ninh"


async def test_commune_that_kept_its_code_is_renamed() -> None:
    # Given commune 26740, Phường Bến Nghé then Phường Sài Gòn
    directory = FakeAdminUnitDirectory()
    # When it is validated on the last legacy day and the first new one
    last_day = REFORM - timedelta(days=1)
    old = await validate_admin_unit("26740", as_of=last_day, directory=directory)
    new = await validate_admin_unit("26740", as_of=REFORM, directory=directory)
    # Then the half-open intervals give one unit per day
    assert parts_of(old)["name"] == "Phường Bến Nghé"
    assert parts_of(new)["name"] == "Phường Sài Gòn"
    assert parts_of(new)["level"] == "COMMUNE"


async def test_code_valid_only_at_other_dates_gives_those_dates() -> None:
    # Given commune 00001, which ended with the reform, and whose start is not known
    # When it is validated on the first day after
    result = await validate_admin_unit("00001", as_of=REFORM, directory=FakeAdminUnitDirectory())
    # Then the error says until when it was valid, with its last day
    assert error_codes(result) == ["NOT_VALID_ON_DATE"]
    assert result.errors[0].message == (
        "code 00001 was valid until 2025-06-30 (Phường Phúc Xá), not on 2025-07-01"
    )
    assert result.normalized == "00001"
    assert parts_of(result) == {"level": "COMMUNE"}


async def test_dated_unit_gives_both_ends_of_its_validity() -> None:
    # Given a directory that knows when commune 00001 began
    unit = AdminUnitRef("00001", "Phường Phúc Xá", "COMMUNE", date(1900, 1, 1), REFORM)
    directory = FakeAdminUnitDirectory((unit,))
    # When it is validated after it ended
    result = await validate_admin_unit("00001", as_of=REFORM, directory=directory)
    # Then the message gives its first and last day
    assert result.errors[0].message == (
        "code 00001 was valid from 1900-01-01 to 2025-06-30 (Phường Phúc Xá), not on 2025-07-01"
    )


async def test_district_codes_end_with_the_reform() -> None:
    # Given district 760 (Quận 1), abolished with the district level
    directory = FakeAdminUnitDirectory()
    # When it is validated before and after the reform
    before = await validate_admin_unit("760", as_of=BEFORE, directory=directory)
    after = await validate_admin_unit("760", as_of=AFTER, directory=directory)
    # Then it is valid only before
    assert before.valid
    assert parts_of(before)["level"] == "DISTRICT"
    assert error_codes(after) == ["NOT_VALID_ON_DATE"]


async def test_every_period_is_listed_when_the_date_falls_between_them() -> None:
    # Given a (made-up) code held by two units with a gap between them
    directory = FakeAdminUnitDirectory(
        (
            AdminUnitRef("98", "Unit A", "PROVINCE", date(2000, 1, 1), date(2010, 1, 1)),
            AdminUnitRef("98", "Unit B", "PROVINCE", date(2015, 1, 1), None),
        )
    )
    # When the code is validated in the gap
    result = await validate_admin_unit("98", as_of=date(2012, 1, 1), directory=directory)
    # Then both periods are named, the open-ended one without an end
    assert error_codes(result) == ["NOT_VALID_ON_DATE"]
    assert result.errors[0].message == (
        "code 98 was valid from 2000-01-01 to 2009-12-31 (Unit A) and from 2015-01-01 (Unit B),"
        " not on 2012-01-01"
    )


async def test_code_no_unit_ever_had_is_unknown() -> None:
    # Given a commune code that is in no list
    # When it is validated
    result = await validate_admin_unit("99999", as_of=AFTER, directory=FakeAdminUnitDirectory())
    # Then it is unknown
    assert error_codes(result) == ["UNKNOWN_CODE"]
    assert "99999" in result.errors[0].message


async def test_four_digits_are_no_level() -> None:
    # Given a 4-digit code
    directory = FakeAdminUnitDirectory()
    # When it is validated
    result = await validate_admin_unit("2674", as_of=AFTER, directory=directory)
    # Then its length fits no level, and the directory is not asked
    assert error_codes(result) == ["WRONG_LENGTH"]
    assert "2 or 3 or 5 digits" in result.errors[0].message
    assert directory.calls == []


async def test_separators_are_removed() -> None:
    # Given a commune code typed with a space and a dot
    # When it is validated
    result = await validate_admin_unit(" 26.740 ", as_of=AFTER, directory=FakeAdminUnitDirectory())
    # Then it normalises to its digits
    assert result.valid
    assert result.normalized == "26740"


@given(st.sampled_from(UNITS), st.integers(min_value=0, max_value=50_000))
def test_every_unit_is_valid_on_any_day_of_its_life(unit: AdminUnitRef, offset: int) -> None:
    # Given a unit and a day within its validity (undated starts are taken as long ago)
    day = (unit.valid_from or date(1900, 1, 1)) + timedelta(days=offset)
    if unit.valid_to is not None:
        day = min(day, unit.valid_to - timedelta(days=1))
    # When its code is validated on that day
    result = run(validate_admin_unit(unit.code, as_of=day, directory=FakeAdminUnitDirectory()))
    # Then that very unit is found, with the dates the directory knows
    assert result.valid
    parts = parts_of(result)
    assert parts["name"] == unit.name
    assert parts.get("validFrom") == (unit.valid_from and unit.valid_from.isoformat())
    assert parts.get("validTo") == (unit.valid_to and unit.valid_to.isoformat())


@given(any_text)
def test_any_text_gives_a_result_whose_normal_form_is_stable(value: str) -> None:
    # Given any text
    directory = FakeAdminUnitDirectory()
    # When it is validated
    result = run(validate_admin_unit(value, as_of=AFTER, directory=directory))
    # Then no exception escaped and normalising is idempotent
    assert result.valid == (not result.errors)
    if result.normalized is not None:
        again = run(validate_admin_unit(result.normalized, as_of=AFTER, directory=directory))
        assert again.normalized == result.normalized
