"""GeoHash encoding and decoding."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hub.registry.identifiers.geohash import ALPHABET, decode, encode

latitudes = st.floats(min_value=-90, max_value=90, allow_nan=False)
longitudes = st.floats(min_value=-180, max_value=180, allow_nan=False)


def test_known_hash_decodes_to_its_point() -> None:
    # Given the classic example hash of a point in Jutland
    # When it is decoded
    cell = decode("u4pruydqqvj")
    # Then the point is within the cell of the original coordinates
    assert abs(cell.latitude - 57.64911) <= cell.latitude_error
    assert abs(cell.longitude - 10.40744) <= cell.longitude_error


def test_known_point_encodes_to_its_hash() -> None:
    # Given the point of the classic examples
    # When it is encoded
    # Then the standard hashes come out
    assert encode(57.64911, 10.40744, 11) == "u4pruydqqvj"
    assert encode(42.6, -5.6, 5) == "ezs42"


def test_twelve_characters_name_a_few_centimetres() -> None:
    # Given a 12-character hash
    # When it is decoded
    cell = decode(encode(21.0285, 105.8542))
    # Then the cell is a few centimetres across (one degree is about 111 km)
    assert cell.latitude_error * 2 * 111_000 < 0.05
    assert cell.longitude_error * 2 * 111_000 < 0.05


def test_letters_outside_the_alphabet_are_refused() -> None:
    # Given hashes with a, i, l or o, or nothing at all
    # When they are decoded
    # Then they are refused
    for bad in ("w3gva", "w3gvi", "w3gvl", "w3gvo", ""):
        with pytest.raises(ValueError, match="GeoHash"):
            decode(bad)


def test_points_out_of_range_and_empty_precision_are_refused() -> None:
    # Given a latitude beyond the pole and a zero precision
    # When they are encoded
    # Then they are refused
    with pytest.raises(ValueError, match="in range"):
        encode(91.0, 0.0)
    with pytest.raises(ValueError, match="precision"):
        encode(0.0, 0.0, 0)


@given(latitudes, longitudes, st.integers(min_value=1, max_value=12))
def test_encoded_points_decode_back_within_the_cell(
    latitude: float, longitude: float, precision: int
) -> None:
    # Given any point and precision
    # When it is encoded and decoded
    cell = decode(encode(latitude, longitude, precision))
    # Then the point lies within the decoded cell
    assert abs(cell.latitude - latitude) <= cell.latitude_error
    assert abs(cell.longitude - longitude) <= cell.longitude_error


@given(st.text(alphabet=ALPHABET, min_size=1, max_size=12))
def test_cell_centres_encode_to_their_own_hash(geohash: str) -> None:
    # Given any hash
    # When its centre is encoded at the same precision
    cell = decode(geohash)
    # Then the same hash comes back
    assert encode(cell.latitude, cell.longitude, len(geohash)) == geohash
