"""Consistency of a code list's validity periods and crosswalk before it is stored."""

from __future__ import annotations

import itertools
from collections import defaultdict
from datetime import date

from hub.kit.periods import in_force
from hub.registry.codelists.imported import ImportedCode, ImportedList


def check_periods(imported: ImportedList, where: str) -> None:
    """Raise ``ValueError`` naming ``where`` when the list's dates do not hold together.

    The rows of one code must not overlap (a code means one thing on any day). A crosswalk link
    must leave a code that ends on its effective date and reach one valid on that date. In a
    list with a crosswalk, a code that ends must go on under a new name (another row from that
    day) or have links to where it went, so that a record dated after the change can be told
    what the code became.
    """
    rows: dict[str, list[ImportedCode]] = defaultdict(list)
    for row in imported.codes:
        rows[row.code].append(row)
    for code, periods in rows.items():
        ordered = sorted(periods, key=lambda c: c.valid_from or date.min)
        for before, after in itertools.pairwise(ordered):
            if before.valid_to is None or before.valid_to > (after.valid_from or date.min):
                raise ValueError(f"{where}: the rows of code {code} overlap")
    leaving = {(x.old_code, x.effective_date) for x in imported.crosswalks}
    for link in imported.crosswalks:
        if not any(c.valid_to == link.effective_date for c in rows.get(link.old_code, [])):
            raise ValueError(
                f"{where}: crosswalk {link.old_code} -> {link.new_code}: {link.old_code} does"
                f" not end on {link.effective_date.isoformat()}"
            )
        reached = rows.get(link.new_code, [])
        if not any(in_force(c.valid_from, c.valid_to, link.effective_date) for c in reached):
            raise ValueError(
                f"{where}: crosswalk {link.old_code} -> {link.new_code}: {link.new_code} is not"
                f" valid on {link.effective_date.isoformat()}"
            )
    for code, periods in rows.items():
        for period in periods:
            end = period.valid_to
            if end is None or (code, end) in leaving:
                continue
            if imported.crosswalks and not any(c.valid_from == end for c in periods):
                raise ValueError(
                    f"{where}: code {code} ends on {end.isoformat()} without a successor"
                    " (another row of the code or a crosswalk link)"
                )
