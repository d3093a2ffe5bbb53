"""Build ``hub/registry/identifiers/data/territory.json`` from Natural Earth.

Run once by hand when the outline is to be rebuilt; the hub itself never runs it:

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    .venv/bin/python -m tools.build_territory_outline package/countries-10m.json \
        > hub/registry/identifiers/data/territory.json

Source: Natural Earth 1:10m Admin 0 countries, version 4.1.0 (public domain), as the TopoJSON
``countries-10m.json`` of the npm package ``world-atlas`` 2.0.2 (ISC, Mike Bostock). Needs
shapely (installed with ``vietnamadminunits``).

Natural Earth at 1:10m is generalised: commune centre points of the package data lie up to 7.5 km
outside its Vietnam polygon (Trà Cổ, Móng Cái, on the Chinese border; a score of others along
the northern and Cambodian borders, and islands close to the coast). The outline is therefore
Vietnam's polygon widened by ``LAND_KM`` in every direction, and by ``SEA_KM`` wherever that
does not reach the land of a neighbouring country (widened by ``NEIGHBOUR_KM``), so that
near-shore islands are in and the neighbours' towns stay out. Holes are filled; the outline is
then simplified and rounded.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from typing import Any

from shapely import affinity  # type: ignore[import-untyped]
from shapely.geometry import MultiPolygon, Polygon  # type: ignore[import-untyped]
from shapely.ops import unary_union  # type: ignore[import-untyped]

LAND_KM = 8.0
SEA_KM = 30.0
NEIGHBOUR_KM = 2.0
SIMPLIFY_DEGREES = 0.005
DIGITS = 3
NEIGHBOURS = ("China", "Laos", "Cambodia")
# Buffers are drawn in a plane where a degree of longitude is as long as one of latitude at
# Vietnam's middle latitude, so that "8 km" means about 8 km in every direction.
_LONGITUDE_SCALE = math.cos(math.radians(16.0))
_KM_PER_DEGREE = 111.32


def country(topology: dict[str, Any], name: str) -> Any:
    """Return the named country of a TopoJSON topology as a shapely MultiPolygon."""
    transform = topology["transform"]
    arcs: list[list[tuple[float, float]]] = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append(
                (
                    x * transform["scale"][0] + transform["translate"][0],
                    y * transform["scale"][1] + transform["translate"][1],
                )
            )
        arcs.append(points)

    def ring(indexes: list[int]) -> list[tuple[float, float]]:
        points: list[tuple[float, float]] = []
        for index in indexes:
            arc = arcs[index] if index >= 0 else arcs[~index][::-1]
            points.extend(arc if not points else arc[1:])
        return points

    (geometry,) = (
        g
        for g in topology["objects"]["countries"]["geometries"]
        if g.get("properties", {}).get("name") == name
    )
    polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
    return MultiPolygon([Polygon(ring(p[0]), [ring(h) for h in p[1:]]) for p in polygons])


def outline(topology: dict[str, Any]) -> Any:
    """Return the widened, simplified outline of Vietnam."""

    def flat(geometry: Any) -> Any:
        return affinity.scale(geometry, xfact=_LONGITUDE_SCALE, yfact=1.0, origin=(0, 0))

    def degrees(km: float) -> float:
        return km / _KM_PER_DEGREE

    vietnam = flat(country(topology, "Vietnam"))
    neighbours = flat(unary_union([country(topology, name) for name in NEIGHBOURS]))
    widened = unary_union(
        [
            vietnam.buffer(degrees(LAND_KM)),
            vietnam.buffer(degrees(SEA_KM)).difference(neighbours.buffer(degrees(NEIGHBOUR_KM))),
        ]
    )
    widened = affinity.scale(widened, xfact=1 / _LONGITUDE_SCALE, yfact=1.0, origin=(0, 0))
    # A hole would be a piece of a neighbour enclosed by the outline; the only one, east of Trà
    # Cổ (Móng Cái), is where Natural Earth draws China over Vietnamese coast, so holes are filled.
    parts = widened.geoms if widened.geom_type == "MultiPolygon" else [widened]
    filled = MultiPolygon([Polygon(part.exterior) for part in parts])
    return filled.simplify(SIMPLIFY_DEGREES, preserve_topology=True)


def rings(geometry: Any) -> list[list[list[float]]]:
    """Return the outer ring of every part of the outline as [latitude, longitude] lists."""
    polygons = list(geometry.geoms) if geometry.geom_type == "MultiPolygon" else [geometry]
    return [
        [[round(lat, DIGITS), round(lon, DIGITS)] for lon, lat in polygon.exterior.coords]
        for polygon in polygons
    ]


def main(path: str) -> None:
    """Print the outline document for the TopoJSON file at ``path``."""
    topology = json.loads(Path(path).read_text(encoding="utf-8"))
    document = {
        "source": (
            "Natural Earth 1:10m Admin 0 countries, version 4.1.0, as countries-10m.json of the "
            "npm package world-atlas 2.0.2"
        ),
        "licence": "Natural Earth: public domain; world-atlas packaging: ISC (Mike Bostock)",
        "built_by": "tools/build_territory_outline.py",
        "widened_km": {"land": LAND_KM, "sea": SEA_KM, "neighbour_margin": NEIGHBOUR_KM},
        "simplified_degrees": SIMPLIFY_DEGREES,
        "rings": rings(outline(topology)),
    }
    json.dump(document, sys.stdout, ensure_ascii=False, separators=(",", ":"))
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1])
