"""A bar chart as SVG markup, drawn on the server (no script), escaped by the template."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

WIDTH = 640
HEIGHT = 200
MARGIN = 28


@dataclass(frozen=True)
class Bar:
    """One bar: its box and its label."""

    x: float
    y: float
    width: float
    height: float
    label: str
    value: int


@dataclass(frozen=True)
class Chart:
    """The bars of a chart with its size and highest value."""

    width: int
    height: int
    bars: list[Bar]
    top: int
    baseline: float


def bar_chart(points: list[tuple[date, int]]) -> Chart:
    """Lay out one bar per day, scaled to the highest value."""
    top = max((value for _, value in points), default=0) or 1
    inner_w, inner_h = WIDTH - 2 * MARGIN, HEIGHT - 2 * MARGIN
    step = inner_w / max(len(points), 1)
    bars = []
    for index, (day, value) in enumerate(points):
        height = inner_h * value / top
        bars.append(
            Bar(
                x=round(MARGIN + index * step + step * 0.1, 1),
                y=round(MARGIN + inner_h - height, 1),
                width=round(step * 0.8, 1),
                height=round(height, 1),
                label=day.isoformat(),
                value=value,
            )
        )
    return Chart(WIDTH, HEIGHT, bars, top, MARGIN + inner_h)
