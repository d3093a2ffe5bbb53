"""A coarse test of whether a WGS84 point lies in Vietnam's territory.

Used to reject parcel IDs that decode to somewhere else; it is a plausibility check, not a
boundary. The outline (``data/territory.json``) is Natural Earth's 1:10m Vietnam (public domain),
widened by about 8 km into neighbouring countries and 30 km out to sea, because that generalised
polygon cuts into Vietnam by up to 7.5 km (commune centre points near the borders and coast fall
outside it): rejecting a real parcel near a border costs more than accepting a point just across.
``tools/build_territory_outline.py`` builds it and says how. Islands farther out have boxes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

Ring = tuple[tuple[float, float], ...]


@dataclass(frozen=True)
class Box:
    """A latitude/longitude rectangle, bounds included."""

    name: str
    south: float
    north: float
    west: float
    east: float

    def contains(self, latitude: float, longitude: float) -> bool:
        """Tell whether the point lies in the rectangle."""
        return self.south <= latitude <= self.north and self.west <= longitude <= self.east


@dataclass(frozen=True)
class Outline:
    """Polygons as rings of (latitude, longitude), with where they came from."""

    source: str
    licence: str
    rings: tuple[Ring, ...]
    bounds: tuple[Box, ...] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        # Most points are far from most rings; a rectangle test spares the full ray cast.
        object.__setattr__(self, "bounds", tuple(_bounds(ring) for ring in self.rings))

    def contains(self, latitude: float, longitude: float) -> bool:
        """Tell whether the point lies inside one of the rings."""
        return any(
            bounds.contains(latitude, longitude) and point_in_polygon(latitude, longitude, ring)
            for ring, bounds in zip(self.rings, self.bounds, strict=True)
        )


@cache
def mainland_outline() -> Outline:
    """Return the outline of the mainland and near-shore islands, read once from package data."""
    text = (resources.files("hub.registry.identifiers") / "data" / "territory.json").read_text(
        encoding="utf-8"
    )
    document = json.loads(text)
    rings = tuple(tuple((lat, lon) for lat, lon in ring) for ring in document["rings"])
    return Outline(document["source"], document["licence"], rings)


def _bounds(ring: Ring) -> Box:
    latitudes = [lat for lat, _ in ring]
    longitudes = [lon for _, lon in ring]
    return Box("bounds", min(latitudes), max(latitudes), min(longitudes), max(longitudes))


# Islands and archipelagos, as generous rectangles: those too far out for the outline (Bạch
# Long Vĩ, Thổ Chu, Nam Du, the archipelagos) and a few it holds, kept as a second net. The two
# archipelagos are the areas Vietnam claims as Hoàng Sa and Trường Sa districts.
ISLAND_BOXES: tuple[Box, ...] = (
    Box("Hoàng Sa (Paracel Islands)", 15.7, 17.2, 111.0, 112.9),
    Box("Trường Sa (Spratly Islands)", 6.5, 12.0, 111.5, 117.0),
    Box("Phú Quốc", 9.85, 10.47, 103.80, 104.10),
    Box("Nam Du, Hòn Sơn and Hải Tặc islands", 9.55, 10.30, 104.20, 104.70),
    Box("Thổ Chu", 9.25, 9.35, 103.40, 103.55),
    Box("Côn Đảo", 8.55, 8.80, 106.50, 106.75),
    Box("Phú Quý", 10.45, 10.58, 108.90, 109.00),
    Box("Lý Sơn", 15.35, 15.45, 109.05, 109.18),
    Box("Cô Tô", 20.90, 21.10, 107.60, 107.90),
    Box("Bạch Long Vĩ", 20.10, 20.16, 107.68, 107.76),
)


def is_in_vietnam(latitude: float, longitude: float) -> bool:
    """Tell whether a WGS84 point lies in Vietnam's mainland outline or one of its island boxes."""
    if any(box.contains(latitude, longitude) for box in ISLAND_BOXES):
        return True
    return mainland_outline().contains(latitude, longitude)


def point_in_polygon(latitude: float, longitude: float, polygon: Ring) -> bool:
    """Tell whether a point lies inside ``polygon`` by even-odd ray casting.

    Treating degrees as plane coordinates is good enough at this scale and accuracy.
    """
    inside = False
    previous_lat, previous_lon = polygon[-1]
    for vertex_lat, vertex_lon in polygon:
        if (vertex_lat > latitude) != (previous_lat > latitude):
            crossing = vertex_lon + (latitude - vertex_lat) * (previous_lon - vertex_lon) / (
                previous_lat - vertex_lat
            )
            if longitude < crossing:
                inside = not inside
        previous_lat, previous_lon = vertex_lat, vertex_lon
    return inside
