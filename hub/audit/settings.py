"""Settings of the access log, read once from ``HUB_AUDIT_*`` environment variables."""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from hub.audit.chain import DEFAULT_SHARDS


class AuditSettings(BaseSettings):
    """``HUB_AUDIT_SHARDS``: how many hash chains new entries are spread over (default 16).

    Every entry records its shard and is hashed with it, so changing the number later leaves
    the existing chains valid; only new entries of a person may then land in another chain.
    """

    model_config = SettingsConfigDict(env_prefix="HUB_AUDIT_", extra="ignore")

    shards: int = Field(default=DEFAULT_SHARDS, ge=1, le=4096)


@lru_cache(maxsize=1)
def get_audit_settings() -> AuditSettings:
    """Return the access-log settings, read from the environment on first use."""
    return AuditSettings()
