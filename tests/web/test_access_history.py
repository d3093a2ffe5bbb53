"""The CSV of "who read my data" cannot carry a spreadsheet formula."""

from __future__ import annotations

from datetime import UTC, datetime

from hub.audit.models import AccessEntry
from hub.audit.service import AccessLogItem
from hub.web.access_history import as_csv


def test_a_case_number_written_as_a_formula_is_written_as_text() -> None:
    # Given an entry whose case number an agency wrote as a formula
    entry = AccessEntry(
        shard=0,
        seq=1,
        at=datetime(2026, 3, 1, tzinfo=UTC),
        person_id="p",
        attribute_group="person.identity:read",
        attributes="fullName",
        reader_kind="CLIENT",
        case='=HYPERLINK("http://x")',
        request_log_id="r",
        prev_hash="0",
        hash="1",
    )
    item = AccessLogItem(entry, "Cơ quan", "Mục đích", "Purpose")
    # When it is written as CSV, then the cell starts with a quote and the rest is kept
    text = as_csv([item], "vi")
    assert "'=HYPERLINK" in text
    assert ",=HYPERLINK" not in text
