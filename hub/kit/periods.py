"""Half-open validity periods, as code lists and master records store them."""

from __future__ import annotations

from datetime import date


def in_force(valid_from: date | None, valid_to: date | None, day: date) -> bool:
    """Tell whether ``[valid_from, valid_to)`` holds ``day``; a missing end is open."""
    return (valid_from is None or valid_from <= day) and (valid_to is None or day < valid_to)
