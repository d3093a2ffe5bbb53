"""Publishing the feed to NATS JetStream, each message with ``Nats-Msg-Id`` = the event id, so
that JetStream drops a resend (after a relay crash) within its duplicate window."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import nats
import orjson
from nats.js.api import StreamConfig
from nats.js.errors import BadRequestError

DUPLICATE_WINDOW_SECONDS = 24 * 3600.0
"""How long JetStream remembers message ids: longer than a relay stays down in practice."""


class NatsPublisher:
    """A JetStream stream ``stream`` on subjects ``<subject>.<entity type>``."""

    def __init__(self, url: str, *, stream: str, subject: str) -> None:
        self.url = url
        self.stream = stream
        self.subject = subject
        self._connection: Any = None
        self._jetstream: Any = None

    async def connect(self) -> None:
        """Connect and make sure the stream exists."""
        self._connection = await nats.connect(self.url, connect_timeout=5, max_reconnect_attempts=3)
        self._jetstream = self._connection.jetstream()
        config = StreamConfig(
            name=self.stream,
            subjects=[f"{self.subject}.>"],
            duplicate_window=DUPLICATE_WINDOW_SECONDS,
        )
        try:
            await self._jetstream.add_stream(config)
        except BadRequestError:
            await self._jetstream.update_stream(config)

    async def publish(self, events: Sequence[dict[str, Any]]) -> int:
        """Publish ``events`` in order, each acknowledged by JetStream; return how many were
        new to it (the others were duplicates of an earlier send)."""
        fresh = 0
        for event in events:
            entity_type = str(event["data"]["entityType"])
            ack = await self._jetstream.publish(
                f"{self.subject}.{entity_type}",
                orjson.dumps(event),
                headers={"Nats-Msg-Id": str(event["id"])},
            )
            fresh += 0 if ack.duplicate else 1
        return fresh

    async def close(self) -> None:
        """Flush and close the connection."""
        if self._connection is not None:
            await self._connection.drain()
            self._connection = None
