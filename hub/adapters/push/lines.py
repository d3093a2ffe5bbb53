"""One NDJSON line of a push as a source record input, or the reason it cannot be one.

A line is ``{"entity_type", "source_id", "source_updated_at", "payload"}`` and, for a record
deleted at the source, ``"deleted": true``. The system is the one the URL names.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from hub.adapters.protocol import RecordError
from hub.registry.kinds import KINDS
from hub.registry.pipeline.inputs import SourceRecordInput

PUSH_PREFIX = "push:"
STREAM = "ingest"


def push_adapter_name(system: str) -> str:
    """The name runs and dead letters of a system's pushes are kept under."""
    return f"{PUSH_PREFIX}{system}"


def parse_line(system: str, raw: Mapping[str, Any]) -> SourceRecordInput:
    """Return the input one pushed line describes; ``RecordError`` names the field at fault."""
    entity_type = raw.get("entity_type")
    if entity_type not in KINDS:
        known = ", ".join(sorted(KINDS))
        raise RecordError(f"entity_type: found {entity_type!r}; expected one of {known}")
    source_id = raw.get("source_id")
    if not isinstance(source_id, str) or not source_id.strip() or len(source_id) > 128:
        raise RecordError(
            f"source_id: found {source_id!r}; expected the record's id in {system} "
            "(text, 1 to 128 characters)"
        )
    stamp = raw.get("source_updated_at")
    expected = "expected an ISO 8601 time with a zone, e.g. 2025-08-01T02:15:00Z"
    try:
        updated = datetime.fromisoformat(str(stamp).replace("Z", "+00:00"))
    except ValueError:
        raise RecordError(f"source_updated_at: found {stamp!r}; {expected}") from None
    if not isinstance(stamp, str) or updated.tzinfo is None:
        raise RecordError(f"source_updated_at: found {stamp!r}; {expected}")
    payload = raw.get("payload")
    if not isinstance(payload, Mapping):
        raise RecordError(f"payload: found {type(payload).__name__}; expected a JSON object")
    deleted = raw.get("deleted", False)
    if not isinstance(deleted, bool):
        raise RecordError(f"deleted: found {deleted!r}; expected true or false")
    return SourceRecordInput(
        system, source_id.strip(), dict(payload), updated, str(entity_type), retired=deleted
    )
