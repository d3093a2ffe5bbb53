"""A coarse test of whether a WGS84 point lies in Vietnam's territory.

Used to reject parcel IDs that decode to somewhere else; it is a plausibility check, not a
boundary: a point within a few kilometres of a land border or the coast may be misjudged.
"""

from __future__ import annotations

from dataclasses import dataclass

# Mainland outline as (latitude, longitude), traced by hand from general knowledge of the
# borders, clockwise from the Vietnam-Laos-China tripoint. It is coarse (± a few km, more in
# the mountains of the north-west) and errs outwards, and its coastline runs a little offshore,
# because rejecting a real parcel near a border costs more than accepting a point just across.
MAINLAND_OUTLINE: tuple[tuple[float, float], ...] = (
    # China border, west to east
    (22.42, 102.10), (22.86, 102.50), (22.55, 103.08), (22.82, 103.40), (22.56, 103.96),
    (22.88, 104.12), (22.66, 104.45), (23.42, 105.33), (23.10, 105.80), (22.88, 106.76),
    (22.30, 106.70), (22.05, 106.62), (21.98, 106.72), (21.80, 107.05), (21.58, 107.98),
    (21.53, 108.08),
    # coast, north to south
    (21.25, 107.85), (21.00, 107.82), (20.62, 106.85), (20.15, 106.58), (19.70, 105.98),
    (18.80, 105.80), (18.10, 106.48), (17.45, 106.75), (17.18, 107.40), (16.60, 107.72),
    (15.95, 108.58), (15.40, 108.90), (14.10, 109.28), (12.65, 109.52), (12.25, 109.30),
    (11.85, 109.28), (11.35, 109.08), (10.85, 108.12), (10.62, 107.98), (10.28, 107.10),
    (10.30, 106.82), (9.58, 106.58), (8.55, 104.95), (8.52, 104.70), (9.50, 104.75),
    (9.95, 104.98), (10.20, 104.85), (10.15, 104.60),
    # Cambodia border, south to north
    (10.45, 104.42), (10.65, 104.90), (10.95, 105.08), (11.02, 105.25), (10.98, 105.80),
    (10.85, 105.92), (10.90, 106.20), (11.40, 105.82), (11.85, 106.02), (11.68, 106.40),
    (12.18, 107.00), (12.25, 107.35), (12.70, 107.58), (13.10, 107.50), (13.70, 107.58),
    (14.40, 107.40),
    # Laos border, south to north
    (14.72, 107.56), (15.05, 107.50), (15.65, 107.25), (15.95, 107.25), (16.62, 106.55),
    (17.10, 106.30), (17.68, 105.75), (18.05, 105.60), (18.40, 105.10), (18.80, 104.85),
    (19.50, 103.85), (19.95, 104.75), (20.28, 104.60), (20.62, 104.15), (20.85, 103.40),
    (21.25, 102.87), (21.45, 102.84),
)  # fmt: skip


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


# Islands and archipelagos outside the mainland outline, as generous rectangles. The two
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
    return point_in_polygon(latitude, longitude, MAINLAND_OUTLINE)


def point_in_polygon(
    latitude: float, longitude: float, polygon: tuple[tuple[float, float], ...]
) -> bool:
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
