"""Land parcel identifiers: the legacy (commune, sheet, parcel) key and the GeoHash ID."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hub.registry.identifiers.geohash import decode, encode
from hub.registry.identifiers.land_parcel import (
    MAX_MAP_SHEET,
    MAX_PARCEL_NUMBER,
    validate_land_parcel,
)
from hub.registry.identifiers.models import AdminUnitRef, IdentifierScheme
from hub.registry.identifiers.territory import is_in_vietnam
from tests.registry.identifiers.fakes import FakeAdminUnitDirectory
from tests.registry.identifiers.helpers import any_text, error_codes, parts_of, run

BEFORE = date(2024, 5, 1)
AFTER = date(2025, 8, 1)
HA_NOI = (21.0285, 105.8542)
BANGKOK = (13.7563, 100.5018)

# Inland areas well inside Vietnam (south, north, west, east), to draw points from.
INLAND_AREAS = (
    (20.6, 21.3, 105.5, 106.4),  # Red River delta
    (9.6, 10.8, 105.3, 106.5),  # Mekong delta
    (11.9, 14.2, 107.9, 108.6),  # Central Highlands
    (16.0, 16.8, 111.2, 112.7),  # Hoàng Sa
    (7.0, 11.5, 112.0, 116.5),  # Trường Sa
)


@st.composite
def points_in_vietnam(draw: st.DrawFn) -> tuple[float, float]:
    """Draw a point from one of the inland areas."""
    south, north, west, east = draw(st.sampled_from(INLAND_AREAS))
    latitude = draw(st.floats(min_value=south, max_value=north))
    longitude = draw(st.floats(min_value=west, max_value=east))
    return latitude, longitude


async def test_legacy_key_names_the_commune_of_its_date() -> None:
    # Given a parcel key in commune 26740, Bến Nghé before the reform and Sài Gòn after
    directory = FakeAdminUnitDirectory()
    # When it is validated on each side of the reform
    before = await validate_land_parcel("26740-5-12", as_of=BEFORE, directory=directory)
    after = await validate_land_parcel("26740-5-12", as_of=AFTER, directory=directory)
    # Then both are valid, each naming its commune
    assert before.scheme is IdentifierScheme.LAND_PARCEL
    assert before.valid
    assert parts_of(before) == {
        "form": "LEGACY_KEY",
        "communeCode": "26740",
        "communeName": "Phường Bến Nghé",
        "mapSheet": "5",
        "parcelNumber": "12",
    }
    assert parts_of(after)["communeName"] == "Phường Sài Gòn"


@pytest.mark.parametrize(
    "value", ["26740/05/012", " 26740.5.12 ", "26740:5:12", "26740 5 12", "26740 - 05 - 12"]
)
async def test_legacy_key_separators_and_zeros_are_normalised(value: str) -> None:
    # Given the same key written with other separators and leading zeros
    # When it is validated
    result = await validate_land_parcel(value, as_of=AFTER, directory=FakeAdminUnitDirectory())
    # Then it normalises to dashes and plain numbers
    assert result.valid
    assert result.normalized == "26740-5-12"


async def test_commune_that_no_longer_exists_is_history_not_an_error() -> None:
    # Given a parcel surveyed under commune 00001, which ended with the reform
    # When its key is validated after the reform
    result = await validate_land_parcel(
        "00001-1-1", as_of=AFTER, directory=FakeAdminUnitDirectory()
    )
    # Then it is valid and says until when the commune existed (its start is not known)
    assert result.valid
    parts = parts_of(result)
    assert parts["communeName"] == "Phường Phúc Xá"
    assert "communeValidFrom" not in parts
    assert parts["communeValidTo"] == "2025-07-01"


async def test_commune_that_exists_only_later_is_dated_too() -> None:
    # Given Phường Sài Gòn, which holds code 26740 from the reform on, in a directory without
    # its predecessor
    unit = AdminUnitRef("26740", "Phường Sài Gòn", "COMMUNE", date(2025, 7, 1), None)
    # When a key in it is validated as of a date before the reform
    result = await validate_land_parcel(
        "26740-5-12", as_of=BEFORE, directory=FakeAdminUnitDirectory((unit,))
    )
    # Then it is valid and says from when the commune exists
    assert result.valid
    assert parts_of(result)["communeValidFrom"] == "2025-07-01"
    assert "communeValidTo" not in parts_of(result)


async def test_unknown_commune_is_refused_but_normalised() -> None:
    # Given a key whose commune code no unit ever had
    # When it is validated
    result = await validate_land_parcel(
        "99999-01-1", as_of=AFTER, directory=FakeAdminUnitDirectory()
    )
    # Then the commune is unknown and the key is still normalised
    assert error_codes(result) == ["UNKNOWN_COMMUNE"]
    assert result.normalized == "99999-1-1"


async def test_province_code_is_no_commune() -> None:
    # Given a key whose first part is a district code, not five digits
    # When it is validated
    result = await validate_land_parcel("760-1-1", as_of=BEFORE, directory=FakeAdminUnitDirectory())
    # Then the commune code is invalid
    assert error_codes(result) == ["INVALID_COMMUNE_CODE"]
    assert result.normalized is None


async def test_every_bad_part_of_a_key_is_reported() -> None:
    # Given a key with a short commune code, sheet 0 and parcel number x
    # When it is validated
    result = await validate_land_parcel("2674-0-x", as_of=AFTER, directory=FakeAdminUnitDirectory())
    # Then the three parts are reported
    assert error_codes(result) == [
        "INVALID_COMMUNE_CODE",
        "INVALID_MAP_SHEET",
        "INVALID_PARCEL_NUMBER",
    ]


async def test_numbers_beyond_the_limits_are_refused() -> None:
    # Given a sheet and a parcel number above the limits
    value = f"26740-{MAX_MAP_SHEET + 1}-{MAX_PARCEL_NUMBER + 1}"
    # When the key is validated
    result = await validate_land_parcel(value, as_of=AFTER, directory=FakeAdminUnitDirectory())
    # Then both are refused, with the limit in the message
    assert error_codes(result) == ["INVALID_MAP_SHEET", "INVALID_PARCEL_NUMBER"]
    assert f"1-{MAX_MAP_SHEET}" in result.errors[0].message


async def test_key_with_two_parts_is_refused() -> None:
    # Given a key without a parcel number
    # When it is validated
    result = await validate_land_parcel("26740-5", as_of=AFTER, directory=FakeAdminUnitDirectory())
    # Then the number of parts is wrong
    assert error_codes(result) == ["WRONG_PART_COUNT"]
    assert "found 2" in result.errors[0].message


async def test_national_id_inside_vietnam_decodes_to_its_point() -> None:
    # Given the GeoHash of a point in Hà Nội, typed in upper case
    geohash = encode(*HA_NOI)
    # When it is validated
    result = await validate_land_parcel(
        geohash.upper(), as_of=AFTER, directory=FakeAdminUnitDirectory()
    )
    # Then it is valid, lower-cased, and gives the point to six decimals
    assert result.valid
    assert result.normalized == geohash
    assert parts_of(result) == {
        "form": "NATIONAL_ID",
        "latitude": "21.028500",
        "longitude": "105.854200",
    }


async def test_national_id_outside_vietnam_gives_its_coordinates() -> None:
    # Given the GeoHash of a point in Bangkok
    geohash = encode(*BANGKOK)
    # When it is validated
    result = await validate_land_parcel(geohash, as_of=AFTER, directory=FakeAdminUnitDirectory())
    # Then it is outside Vietnam and the message gives the decoded point
    assert error_codes(result) == ["OUTSIDE_VIETNAM"]
    assert "13.756300" in result.errors[0].message
    assert "100.501800" in result.errors[0].message
    assert result.normalized == geohash


async def test_national_id_with_letters_outside_the_alphabet_is_refused() -> None:
    # Given a 12-character value with the letters a and o
    # When it is validated
    result = await validate_land_parcel(
        "w7ergao9n1qc", as_of=AFTER, directory=FakeAdminUnitDirectory()
    )
    # Then the letters are named
    assert error_codes(result) == ["INVALID_CHARACTER"]
    assert "'a', 'o'" in result.errors[0].message


async def test_short_value_without_separators_is_the_wrong_length() -> None:
    # Given a value that is neither a 12-character GeoHash nor a separated key
    # When it is validated
    result = await validate_land_parcel("2674051", as_of=AFTER, directory=FakeAdminUnitDirectory())
    # Then the message names both accepted forms
    assert error_codes(result) == ["WRONG_LENGTH"]
    assert "legacy key" in result.errors[0].message


@given(points_in_vietnam())
def test_points_in_vietnam_round_trip_through_the_national_id(point: tuple[float, float]) -> None:
    # Given a point inside Vietnam and its GeoHash
    latitude, longitude = point
    assert is_in_vietnam(latitude, longitude)
    geohash = encode(latitude, longitude)
    # When the GeoHash is validated
    result = run(validate_land_parcel(geohash, as_of=AFTER, directory=FakeAdminUnitDirectory()))
    # Then it is valid and gives the point back within the cell (and the 6-decimal rounding)
    assert result.valid, result.errors
    cell = decode(geohash)
    parts = parts_of(result)
    assert abs(float(parts["latitude"]) - latitude) <= cell.latitude_error + 5e-7
    assert abs(float(parts["longitude"]) - longitude) <= cell.longitude_error + 5e-7
    assert result.normalized == geohash


@given(
    st.sampled_from(["26740", "00004", "00001"]),
    st.integers(min_value=1, max_value=MAX_MAP_SHEET),
    st.integers(min_value=1, max_value=MAX_PARCEL_NUMBER),
    st.sampled_from(["-", "/", ".", ":", " ", " - "]),
    st.integers(min_value=0, max_value=3),
)
def test_generated_legacy_keys_are_valid_and_stable(
    commune: str, sheet: int, parcel: int, separator: str, zeros: int
) -> None:
    # Given a key in a known commune, written with any separator and leading zeros
    value = separator.join([commune, "0" * zeros + str(sheet), "0" * zeros + str(parcel)])
    directory = FakeAdminUnitDirectory()
    # When it is validated, then its normal form validated again
    result = run(validate_land_parcel(value, as_of=AFTER, directory=directory))
    # Then it is valid, and normalising is idempotent
    assert result.valid, result.errors
    assert result.normalized == f"{commune}-{sheet}-{parcel}"
    again = run(validate_land_parcel(result.normalized, as_of=AFTER, directory=directory))
    assert again.normalized == result.normalized
    assert parts_of(again) == parts_of(result)


@given(any_text)
def test_any_text_gives_a_result_whose_normal_form_is_stable(value: str) -> None:
    # Given any text
    directory = FakeAdminUnitDirectory()
    # When it is validated
    result = run(validate_land_parcel(value, as_of=AFTER, directory=directory))
    # Then no exception escaped and normalising is idempotent
    assert result.valid == (not result.errors)
    if result.normalized is not None:
        again = run(validate_land_parcel(result.normalized, as_of=AFTER, directory=directory))
        assert again.normalized == result.normalized
