"""Settings of the change feed, read once from ``HUB_FEED_*`` environment variables."""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class FeedSettings(BaseSettings):
    """How the relay, subscriptions and webhooks run (README "Change feed" lists them)."""

    model_config = SettingsConfigDict(env_prefix="HUB_FEED_", extra="ignore")

    poll_seconds: float = Field(default=0.2, gt=0, le=60)
    """How often readers look for new events when the relay of their process did not wake them."""
    batch: int = Field(default=500, ge=1, le=10_000)
    lease_seconds: float = Field(default=15.0, ge=1, le=600)
    retention_days: int = Field(default=30, ge=0)
    """Days outbox rows are kept after every consumer has them."""
    nats_url: str | None = None
    """NATS server of the JetStream publisher (unset: the relay publishes to no bus)."""
    nats_stream: str = "HUB_CHANGES"
    nats_subject: str = "hub.changes"


@lru_cache(maxsize=1)
def get_feed_settings() -> FeedSettings:
    """Return the feed settings, read from the environment on first use."""
    return FeedSettings()
