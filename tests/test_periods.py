"""Half-open validity periods."""

from __future__ import annotations

from datetime import date

from hub.kit.periods import in_force


def test_a_period_holds_its_first_day_but_not_its_end() -> None:
    # given the period [2025-07-01, 2026-01-01), when days around it are checked
    start, end = date(2025, 7, 1), date(2026, 1, 1)
    # then its first day is in force, the day before and its end are not
    assert in_force(start, end, start)
    assert not in_force(start, end, date(2025, 6, 30))
    assert not in_force(start, end, end)


def test_missing_bounds_are_open() -> None:
    # given periods without a start or an end, then any day on the open side is in force
    assert in_force(None, date(2025, 7, 1), date(1900, 1, 1))
    assert in_force(date(2025, 7, 1), None, date(2100, 1, 1))
    assert in_force(None, None, date(2025, 7, 1))
