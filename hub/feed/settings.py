"""The change feed's part of the settings, as one object the relay and subscriptions take
(read from ``HUB_FEED_*`` with every other setting, in ``hub.settings``)."""

from __future__ import annotations

from pydantic import BaseModel, Field


class FeedSettings(BaseModel):
    """How the relay, subscriptions and webhooks run (README "Change feed" lists them)."""

    poll_seconds: float = Field(default=0.2, gt=0, le=60)
    """How often readers look for new events when the relay of their process did not wake them."""
    batch: int = Field(default=500, ge=1, le=10_000)
    recheck_seconds: float = Field(default=2.0, gt=0, le=300)
    """How often an idle subscription asks again whether its token was revoked, its client
    disabled or its consent withdrawn (a batch that delivers something always asks first)."""
    lease_seconds: float = Field(default=15.0, ge=1, le=600)
    retention_days: int = Field(default=30, ge=0)
    """Days outbox rows are kept after every consumer has them."""
    nats_url: str | None = None
    """NATS server of the JetStream publisher (unset: the relay publishes to no bus)."""
    nats_stream: str = "HUB_CHANGES"
    nats_subject: str = "hub.changes"
    embedded: bool | None = None
    """Run the relay and the webhook sender inside ``hub serve`` (None: on SQLite only)."""
    webhook_connect_seconds: float = Field(default=5.0, gt=0, le=60)
    webhook_read_seconds: float = Field(default=10.0, gt=0, le=300)
    """Longest wait for any one read of a receiver's answer; the whole attempt is cut off at
    connect + read + 5 seconds however the receiver trickles."""
    webhook_max_response_bytes: int = Field(default=65_536, ge=0, le=10_485_760)
    """Bytes of a receiver's answer read at most; the rest is not downloaded."""
    webhook_retry_seconds: float = Field(default=5.0, gt=0, le=3600)
    """Wait before the first retry; doubled at each failure (with jitter) up to the maximum."""
    webhook_retry_max_seconds: float = Field(default=3600.0, gt=0, le=86_400)
    webhook_give_up_seconds: float = Field(default=86_400.0, gt=0, le=30 * 86_400)
    """How long an endpoint may fail on one event before it is disabled."""


def get_feed_settings() -> FeedSettings:
    """Return the feed settings of this process (``HUB_FEED_*``)."""
    from hub.settings import get_settings

    return get_settings().feed
