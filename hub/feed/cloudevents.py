"""The change event on the wire: a CloudEvents 1.0 structured JSON object."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from hub.registry.pipeline.outbox_models import OutboxEvent

SPEC_VERSION = "1.0"
TYPE_PREFIX = "vn.lienthong"
CONTENT_TYPE = "application/json"


def event_type(entity_type: str, change: str) -> str:
    """``person``, ``UPDATED`` → ``vn.lienthong.person.updated``."""
    return f"{TYPE_PREFIX}.{entity_type}.{change.lower()}"


def iso_time(moment: datetime) -> str:
    """RFC 3339 in UTC (SQLite returns naive datetimes, which the hub stores as UTC)."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return aware.astimezone(UTC).isoformat().replace("+00:00", "Z")


def cloud_event(event: OutboxEvent, *, source: str, data: dict[str, Any]) -> dict[str, Any]:
    """Return the CloudEvent announcing ``event``: ``id`` is the outbox id, ``subject`` the
    master's id, ``data`` what the receiver may see of the change."""
    return {
        "specversion": SPEC_VERSION,
        "id": str(event.id),
        "source": source,
        "type": event_type(event.entity_type, event.event_type),
        "subject": event.entity_id,
        "time": iso_time(event.occurred_at),
        "datacontenttype": CONTENT_TYPE,
        "data": data,
    }
