"""The coarse point-in-Vietnam test."""

from __future__ import annotations

import pytest

from hub.registry.identifiers.territory import (
    ISLAND_BOXES,
    MAINLAND_OUTLINE,
    Box,
    is_in_vietnam,
    point_in_polygon,
)

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


def test_outline_is_within_the_promised_size() -> None:
    # Given the mainland outline
    # When its vertices are counted
    # Then it is coarse but not crude, and lies within Vietnam's latitude and longitude range
    assert 40 <= len(MAINLAND_OUTLINE) <= 80
    assert all(8 < lat < 24 and 102 < lon < 110 for lat, lon in MAINLAND_OUTLINE)


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
