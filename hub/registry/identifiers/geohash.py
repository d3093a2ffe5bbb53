"""GeoHash encoding and decoding (the standard public-domain algorithm, WGS84 degrees).

Each character carries 5 bits; bits alternate longitude, latitude, starting with longitude, and
each bit halves the current interval. A 12-character hash is a cell of about 3.7 cm x 1.9 cm.
"""

from __future__ import annotations

from dataclasses import dataclass

ALPHABET = "0123456789bcdefghjkmnpqrstuvwxyz"
_VALUES = {ch: index for index, ch in enumerate(ALPHABET)}
_BITS_PER_CHAR = 5


@dataclass(frozen=True)
class GeohashCell:
    """The cell a GeoHash names: its centre and half its height and width, in degrees."""

    latitude: float
    longitude: float
    latitude_error: float
    longitude_error: float


def decode(geohash: str) -> GeohashCell:
    """Decode a lower-case GeoHash into its cell.

    Raises ``ValueError`` on an empty string or a character outside ``ALPHABET`` (which leaves
    out a, i, l and o).
    """
    if not geohash:
        raise ValueError("expected a GeoHash, found an empty string")
    lat_low, lat_high = -90.0, 90.0
    lon_low, lon_high = -180.0, 180.0
    is_longitude = True
    for ch in geohash:
        if ch not in _VALUES:
            raise ValueError(f"{ch!r} is not a GeoHash character")
        value = _VALUES[ch]
        for shift in range(_BITS_PER_CHAR - 1, -1, -1):
            upper_half = bool(value >> shift & 1)
            if is_longitude:
                middle = (lon_low + lon_high) / 2
                lon_low, lon_high = (middle, lon_high) if upper_half else (lon_low, middle)
            else:
                middle = (lat_low + lat_high) / 2
                lat_low, lat_high = (middle, lat_high) if upper_half else (lat_low, middle)
            is_longitude = not is_longitude
    return GeohashCell(
        latitude=(lat_low + lat_high) / 2,
        longitude=(lon_low + lon_high) / 2,
        latitude_error=(lat_high - lat_low) / 2,
        longitude_error=(lon_high - lon_low) / 2,
    )


def encode(latitude: float, longitude: float, precision: int = 12) -> str:
    """Encode a point as a GeoHash of ``precision`` characters.

    Raises ``ValueError`` when the point is outside [-90, 90] x [-180, 180] or ``precision`` is
    not positive.
    """
    if not (-90.0 <= latitude <= 90.0 and -180.0 <= longitude <= 180.0):
        raise ValueError(f"expected latitude/longitude in range, found {latitude}, {longitude}")
    if precision < 1:
        raise ValueError(f"expected a positive precision, found {precision}")
    lat_low, lat_high = -90.0, 90.0
    lon_low, lon_high = -180.0, 180.0
    is_longitude = True
    chars = []
    for _ in range(precision):
        value = 0
        for _ in range(_BITS_PER_CHAR):
            if is_longitude:
                middle = (lon_low + lon_high) / 2
                upper_half = longitude >= middle
                lon_low, lon_high = (middle, lon_high) if upper_half else (lon_low, middle)
            else:
                middle = (lat_low + lat_high) / 2
                upper_half = latitude >= middle
                lat_low, lat_high = (middle, lat_high) if upper_half else (lat_low, middle)
            value = value << 1 | upper_half
            is_longitude = not is_longitude
        chars.append(ALPHABET[value])
    return "".join(chars)
