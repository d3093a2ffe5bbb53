"""The hub's clock, in one place so that tests and ``asOf`` defaults agree."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

# Validity dates of Vietnamese reference data are civil dates in Vietnam (UTC+7): at 23:30 UTC
# on 30 June 2025 it was already 1 July in Hà Nội and the new units were in force.
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def utcnow() -> datetime:
    """Return the current time in UTC."""
    return datetime.now(UTC)


def today() -> date:
    """Return today's civil date in Vietnam."""
    return datetime.now(VIETNAM).date()
