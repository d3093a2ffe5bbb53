"""The coarse point-in-Vietnam test."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from hub.registry.codelists.importers.admin_units import package_data_dir
from hub.registry.identifiers.geohash import encode
from hub.registry.identifiers.land_parcel import validate_land_parcel
from hub.registry.identifiers.territory import (
    ISLAND_BOXES,
    Box,
    is_in_vietnam,
    mainland_outline,
    point_in_polygon,
)
from tests.registry.identifiers.fakes import FakeAdminUnitDirectory
from tests.registry.identifiers.helpers import error_codes, run

AFTER_REFORM = date(2025, 8, 1)

# Centre points of every unit in the package data that carries one: the 3,321 communes of 2025,
# the legacy communes and districts, and the provinces of both structures.
CENTRE_POINTS = """
SELECT 'commune ' || wardCode || ' ' || ward, wardLat, wardLon FROM admin_units
UNION ALL SELECT 'province ' || provinceCode || ' ' || province, provinceLat, provinceLon
  FROM admin_units
UNION ALL SELECT 'legacy commune ' || wardCode || ' ' || ward, wardLat, wardLon
  FROM admin_units_legacy WHERE wardCode IS NOT NULL AND wardCode != ''
UNION ALL SELECT 'legacy district ' || districtCode || ' ' || district, districtLat, districtLon
  FROM admin_units_legacy
UNION ALL SELECT 'legacy province ' || provinceCode || ' ' || province, provinceLat, provinceLon
  FROM admin_units_legacy
"""

INSIDE = {
    "Hà Nội": (21.0285, 105.8542),
    "Hồ Chí Minh City": (10.7769, 106.7009),
    "Huế": (16.4637, 107.5909),
    "Đà Nẵng": (16.0544, 108.2022),
    "Cà Mau": (9.1769, 105.1524),
    "Phú Quốc": (10.2899, 103.9840),
    "Móng Cái": (21.5247, 107.9660),
    "Lũng Cú": (23.3636, 105.3161),
    "Điện Biên Phủ": (21.3860, 103.0230),
    "Lào Cai": (22.4856, 103.9707),
    "Lạng Sơn": (21.8537, 106.7615),
    "Vinh": (18.6796, 105.6813),
    "Đồng Hới": (17.4689, 106.6223),
    "Quy Nhơn": (13.7830, 109.2197),
    "Nha Trang": (12.2388, 109.1967),
    "Buôn Ma Thuột": (12.6667, 108.0500),
    "Pleiku": (13.9833, 108.0000),
    "Đà Lạt": (11.9404, 108.4583),
    "Cần Thơ": (10.0452, 105.7469),
    "Rạch Giá": (10.0125, 105.0809),
    "Hà Tiên": (10.3833, 104.4833),
    "Châu Đốc": (10.7000, 105.1167),
    "Tây Ninh": (11.3100, 106.1000),
    "Vũng Tàu": (10.3460, 107.0843),
    "Côn Đảo": (8.6828, 106.6089),
    "Hoàng Sa": (16.5, 111.6),
    "Trường Sa": (8.65, 111.92),
}
OUTSIDE = {
    "Vientiane": (17.9757, 102.6331),
    "Phnom Penh": (11.5564, 104.9282),
    "Bangkok": (13.7563, 100.5018),
    "Nanning": (22.8170, 108.3665),
    "Kunming": (25.0389, 102.7183),
    "Manila": (14.5995, 120.9842),
    "South China Sea, far east": (15.0, 120.0),
    "Sam Neua": (20.4159, 104.0480),
    "Savannakhet": (16.5500, 104.7500),
    "Siem Reap": (13.3633, 103.8564),
    "Kampot": (10.6104, 104.1815),
    "Pingxiang": (22.0940, 106.7560),
    "Sanya": (18.2528, 109.5120),
    "Beihai": (21.4811, 109.1200),
}


@pytest.mark.parametrize("name", sorted(INSIDE))
def test_places_in_vietnam_are_inside(name: str) -> None:
    # Given a place in Vietnam
    latitude, longitude = INSIDE[name]
    # When it is tested
    # Then it is inside
    assert is_in_vietnam(latitude, longitude), name


@pytest.mark.parametrize("name", sorted(OUTSIDE))
def test_places_abroad_are_outside(name: str) -> None:
    # Given a place outside Vietnam
    latitude, longitude = OUTSIDE[name]
    # When it is tested
    # Then it is outside
    assert not is_in_vietnam(latitude, longitude), name


def centre_points() -> dict[str, tuple[float, float]]:
    """Read every unit's centre point from the admin-unit package data."""
    connection = sqlite3.connect(f"file:{package_data_dir() / 'dataset.db'}?mode=ro", uri=True)
    try:
        rows = connection.execute(CENTRE_POINTS).fetchall()
    finally:
        connection.close()
    return {name: (lat, lon) for name, lat, lon in rows if lat is not None}


def test_the_centre_point_of_every_unit_in_the_package_data_is_in_vietnam() -> None:
    # Given the centre points of every commune, district and province of both structures
    points = centre_points()
    assert len([name for name in points if name.startswith("commune ")]) == 3321
    assert len(points) > 3321 + 10000 + 696
    # When each is tested / Then none is outside
    outside = {name: p for name, p in points.items() if not is_in_vietnam(*p)}
    assert outside == {}


async def test_a_parcel_at_the_centre_of_every_commune_validates() -> None:
    # Given a national parcel ID at the centre point of each commune of 2025
    communes = {n: p for n, p in centre_points().items() if n.startswith("commune ")}
    directory = FakeAdminUnitDirectory()
    flagged = {}
    for name, (latitude, longitude) in communes.items():
        # When it is validated
        result = await validate_land_parcel(
            encode(latitude, longitude), as_of=AFTER_REFORM, directory=directory
        )
        if not result.valid:
            flagged[name] = error_codes(result)
    # Then none is flagged
    assert flagged == {}


def test_the_reported_border_parcel_validates() -> None:
    # Given the GeoHash reported at the centre of Mường Nhà (Điện Biên), on the Lao border
    # When it is validated / Then it is in Vietnam
    result = run(
        validate_land_parcel("w79r7d71q41n", as_of=AFTER_REFORM, directory=FakeAdminUnitDirectory())
    )
    assert result.valid, result.errors


def test_outline_names_its_source_and_stays_small() -> None:
    # Given the mainland outline
    outline = mainland_outline()
    # When its provenance and vertices are read
    vertices = [vertex for ring in outline.rings for vertex in ring]
    # Then it says where it comes from, is small enough to test a point quickly, and lies
    # within Vietnam's latitude and longitude range (widened by the buffer)
    assert "Natural Earth" in outline.source
    assert "public domain" in outline.licence
    assert 200 <= len(vertices) <= 2000
    assert all(8 < lat < 24 and 101.9 < lon < 110 for lat, lon in vertices)


def test_archipelagos_have_boxes() -> None:
    # Given the island boxes
    names = " ".join(box.name for box in ISLAND_BOXES)
    # When their names are read
    # Then both archipelagos, Phú Quốc and Côn Đảo are covered
    for island in ("Hoàng Sa", "Trường Sa", "Phú Quốc", "Côn Đảo"):
        assert island in names


def test_point_in_polygon_on_a_square() -> None:
    # Given a unit square
    square = ((0.0, 0.0), (0.0, 1.0), (1.0, 1.0), (1.0, 0.0))
    # When points inside and outside are tested
    # Then ray casting tells them apart
    assert point_in_polygon(0.5, 0.5, square)
    assert not point_in_polygon(1.5, 0.5, square)
    assert not point_in_polygon(0.5, -0.1, square)


def test_box_bounds_are_included() -> None:
    # Given a box
    box = Box("test", 1.0, 2.0, 3.0, 4.0)
    # When its corners and a point beyond are tested
    # Then the corners are in and the point beyond is out
    assert box.contains(1.0, 3.0)
    assert box.contains(2.0, 4.0)
    assert not box.contains(2.01, 4.0)
