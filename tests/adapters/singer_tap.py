"""A tiny Singer tap for the tests: two streams of people (one mapped, one not), a malformed
line, and STATE bookmarks; with ``--state FILE`` it sends only the rows after the bookmark.

Run as ``python tests/adapters/singer_tap.py [--state FILE]``.
"""

from __future__ import annotations

import json
import sys

ROWS = [
    {"id": 1, "name": "Nguyễn Văn An", "dob": "1990-03-15", "updated_at": "2025-08-01T02:15:00Z"},
    {"id": 2, "name": "Trần Thị Bình", "dob": "1985-01-02", "updated_at": "2025-08-02T02:15:00Z"},
    {"id": 3, "name": "Lê Văn Cường", "dob": "1980-05-05", "updated_at": "2025-08-03T02:15:00Z"},
    {"id": None, "name": "No Id", "dob": "1970-01-01", "updated_at": "2025-08-04T02:15:00Z"},
]


def main(arguments: list[str]) -> None:
    """Write the messages to standard output."""
    after = 0
    if "--state" in arguments:
        with open(arguments[arguments.index("--state") + 1], encoding="utf-8") as state:
            after = json.load(state)["bookmarks"]["people"]["position"]
    out = sys.stdout
    schema = {"properties": {"id": {"type": ["integer", "null"]}}}
    out.write(
        json.dumps(
            {"type": "SCHEMA", "stream": "people", "schema": schema, "key_properties": ["id"]}
        )
        + "\n"
    )
    for position, row in enumerate(ROWS, start=1):
        if position <= after:
            continue
        out.write(json.dumps({"type": "RECORD", "stream": "people", "record": row}) + "\n")
        out.write(json.dumps({"type": "RECORD", "stream": "audit", "record": {"x": 1}}) + "\n")
        if position == 2:
            out.write("{this is not json\n")
            bookmark = {"bookmarks": {"people": {"position": position}}}
            out.write(json.dumps({"type": "STATE", "value": bookmark}) + "\n")
    final = {"bookmarks": {"people": {"position": len(ROWS)}}}
    out.write(json.dumps({"type": "STATE", "value": final}) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
