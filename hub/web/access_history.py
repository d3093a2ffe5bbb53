""" "Who read my data": the citizen's access log as a timeline, filtered, and as CSV."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from hub.audit import service as audit
from hub.audit.service import AccessLogItem
from hub.kit.clock import utcnow
from hub.kit.pagination import PageRequest

PAGE = 200
MOST = 2000
"""At most this many entries are read for one page or download (newest first)."""


@dataclass(frozen=True)
class ReadFilter:
    """What the citizen asked to see: one agency, a period (dates inclusive, UTC)."""

    agency: str | None = None
    since: date | None = None
    until: date | None = None


def parse_filter(agency: str | None, since: str | None, until: str | None) -> ReadFilter:
    """Return the filter of the query string; malformed dates are ignored, not guessed."""

    def day(text: str | None) -> date | None:
        try:
            return date.fromisoformat(text) if text else None
        except ValueError:
            return None

    return ReadFilter(agency=agency or None, since=day(since), until=day(until))


async def entries(
    session: AsyncSession, person_id: str, wanted: ReadFilter, *, oversight: bool = False
) -> tuple[list[AccessLogItem], list[tuple[str, str]]]:
    """Return the entries about ``person_id`` that match, newest first, and every agency seen
    (code, name) for the filter's choices. The citizen's view hides their own reads and
    entries inside a disclosure delay, exactly as the API; ``oversight`` shows everything.
    """
    found: list[AccessLogItem] = []
    agencies: dict[str, str] = {}
    after: str | None = None
    since = None if wanted.since is None else datetime.combine(wanted.since, time.min)
    until = None if wanted.until is None else datetime.combine(wanted.until, time.min)
    while len(found) < MOST:
        page = await audit.person_log(
            session,
            person_id,
            PageRequest(first=PAGE, after=after),
            include_self=oversight,
            visible_at=None if oversight else utcnow(),
        )
        for item in page.items:
            code = item.entry.agency_code
            if code:
                agencies[code] = item.agency_name or code
            at = item.entry.at.replace(tzinfo=None)
            if wanted.agency and code != wanted.agency:
                continue
            if since is not None and at < since:
                continue
            if until is not None and at >= until + timedelta(days=1):
                continue
            found.append(item)
        if not page.has_next_page or not page.items:
            break
        last = page.items[-1].entry
        after = f"{last.at.isoformat()}|{last.id}"
    return found, sorted(agencies.items())


_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: str) -> str:
    # A case number or name starting like a formula must not run in a spreadsheet program.
    return "'" + value if value.startswith(_FORMULA) else value


def as_csv(items: list[AccessLogItem], language: str) -> str:
    """The entries as CSV (UTF-8 with a BOM so that spreadsheet programs read Vietnamese)."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(
        ["at", "agency_code", "agency", "purpose", "case", "attribute_group", "attributes"]
    )
    for item in items:
        entry = item.entry
        purpose = item.purpose_description_vi if language == "vi" else item.purpose_description_en
        writer.writerow(
            _cell(value)
            for value in [
                entry.at.isoformat(),
                entry.agency_code or "",
                item.agency_name or "",
                purpose or entry.purpose_code or "",
                entry.case or "",
                entry.attribute_group,
                entry.attributes,
            ]
        )
    return out.getvalue()
