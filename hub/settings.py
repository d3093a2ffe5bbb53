"""Every setting of the hub, read once from ``HUB_`` environment variables and ``.env``."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.exc import ArgumentError

from hub.db import async_url
from hub.feed.settings import FeedSettings

# The file of the current folder that `make run` writes (HUB_ENVIRONMENT=development), so that
# the server and every later `hub` command run with the same settings. Environment variables
# win over it; without it the hub runs as production.
ENV_FILE = ".env"
# HUB_ variables that are not settings of a hub process: the CLI's --debug switch, and the
# knobs of the test suite and of the benchmarks.
NOT_SETTINGS = ("HUB_DEBUG",)
NOT_SETTINGS_PREFIXES = ("HUB_TEST_", "HUB_BENCH_")


class Environment(StrEnum):
    """Where the hub runs; production refuses development conveniences."""

    DEVELOPMENT = "development"
    TEST = "test"
    PRODUCTION = "production"


class Settings(BaseSettings):
    """Configuration of one hub process.

    Each field is read from ``HUB_<FIELD NAME>``, else from the same line in ``.env``; the
    README lists them all.
    """

    model_config = SettingsConfigDict(
        env_prefix="HUB_", env_file=ENV_FILE, env_file_encoding="utf-8", extra="ignore"
    )

    # Production unless told otherwise: a deployment that forgets the variable then refuses to
    # start without a real e-identity provider and session secret, instead of quietly running
    # with the development identity provider that signs anyone in.
    environment: Environment = Environment.PRODUCTION
    database_url: str = "sqlite:///./hub.db"
    database_echo: bool = False
    issuer: str = "http://127.0.0.1:8000"
    eid_issuer: str | None = None
    # E-identity sign-in (docs/eid.md). The client registration at HUB_EID_ISSUER:
    eid_client_id: str | None = None
    eid_client_secret: SecretStr | None = None
    eid_client_auth_method: Literal["client_secret_basic", "client_secret_post"] = (
        "client_secret_basic"
    )
    eid_redirect_uri: str | None = None  # default: {HUB_ISSUER}/auth/callback
    eid_scopes: str = "openid profile citizen_id"
    eid_id_token_algorithms: list[
        Literal["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "EdDSA"]
    ] = Field(default=["RS256", "ES256"], min_length=1)
    eid_acr_map: dict[str, Literal[1, 2]] = {"urn:vneid:loa:1": 1, "urn:vneid:loa:2": 2}
    eid_acr_values: str | None = None  # default: the mapped acr values, highest level first
    eid_citizen_id_claim: str = "citizen_id"
    eid_clock_skew_seconds: int = Field(default=60, ge=0, le=600)
    eid_login_timeout_seconds: int = Field(default=600, ge=60, le=3600)
    eid_metadata_cache_seconds: int = Field(default=3600, ge=0)
    eid_http_timeout_seconds: float = Field(default=10.0, gt=0, le=120)
    # The citizen session cookie: HMAC-signed with this secret (random per process when unset
    # outside production, so sessions end at a restart).
    session_secret: SecretStr | None = None
    session_lifetime_seconds: int = Field(default=8 * 3600, ge=60, le=7 * 24 * 3600)
    graphql_max_depth: int = Field(default=12, ge=1)
    graphql_max_aliases: int = Field(default=30, ge=1)
    graphql_max_tokens: int = Field(default=5000, ge=1)
    graphql_cache_size: int = Field(default=1000, ge=1)
    graphql_max_body_bytes: int = Field(default=1024 * 1024, ge=1024)
    # The compiled read path (docs/compiled-reads.md): reads it can plan run as one SQL
    # statement per root field; off, every operation goes through the resolvers.
    graphql_compiled: bool = True
    # Development tools; unset means on in development and test, off in production (see
    # ``graphiql_enabled`` and ``introspection_enabled``).
    graphiql: bool | None = None
    graphql_introspection: bool | None = None
    # The hub's own tokens (docs/auth-server.md): access and ID token lifetime; the absolute
    # lifetime of one sign-in's refresh-token family (rotation does not extend it); the ``aud``
    # of access tokens (unset: HUB_ISSUER + "/graphql").
    access_token_ttl_seconds: int = Field(default=900, ge=60, le=86400)
    refresh_token_ttl_seconds: int = Field(default=8 * 3600, ge=300)
    api_audience: str | None = None
    # Adapters and sync (docs/adapters.md): the configuration file (secrets come from the
    # environment, never from it); records per committed batch; the dead-letter share above
    # which a run fails; how long a run's lease lasts without being renewed by a batch.
    adapters_config: Path = Path("adapters.toml")
    sync_batch_size: int = Field(default=500, ge=1, le=50_000)
    sync_dead_letter_threshold: float = Field(default=0.05, ge=0, le=1)
    sync_lease_seconds: int = Field(default=300, ge=10)
    # The push path (POST /ingest/{system}): which clients may send records of which systems
    # (client id → systems, e.g. HUB_PUSH_CLIENTS='{"his-push": ["health_insurance"]}'; the
    # client also needs the sync:run scope), and the largest NDJSON body taken.
    push_clients: dict[str, list[str]] = Field(default_factory=dict)
    push_max_body_bytes: int = Field(default=16 * 1024 * 1024, ge=1024)
    # The access log's hash chains (docs/access.md): entries record their shard, so changing
    # the number later leaves the existing chains valid.
    audit_shards: int = Field(default=16, ge=1, le=4096)
    # Requests per client per minute (docs/edge.md), off (0) unless set; overrides
    # by client id, as JSON (HUB_RATE_LIMIT_OVERRIDES='{"client-a": 6000}').
    rate_limit_per_minute: int = Field(default=0, ge=0)
    rate_limit_overrides: dict[str, int] = Field(default_factory=dict)
    # The change feed (docs/change-feed.md): relay, subscriptions, retention, NATS.
    feed_poll_seconds: float = Field(default=0.2, gt=0, le=60)
    feed_batch: int = Field(default=500, ge=1, le=10_000)
    feed_recheck_seconds: float = Field(default=2.0, gt=0, le=300)
    feed_lease_seconds: float = Field(default=15.0, ge=1, le=600)
    feed_retention_days: int = Field(default=30, ge=0)
    feed_nats_url: str | None = None
    feed_nats_stream: str = "HUB_CHANGES"
    feed_nats_subject: str = "hub.changes"
    feed_embedded: bool | None = None
    feed_webhook_connect_seconds: float = Field(default=5.0, gt=0, le=60)
    feed_webhook_read_seconds: float = Field(default=10.0, gt=0, le=300)
    feed_webhook_max_response_bytes: int = Field(default=65_536, ge=0, le=10_485_760)
    feed_webhook_retry_seconds: float = Field(default=5.0, gt=0, le=3600)
    feed_webhook_retry_max_seconds: float = Field(default=3600.0, gt=0, le=86_400)
    feed_webhook_give_up_seconds: float = Field(default=86_400.0, gt=0, le=30 * 86_400)

    @property
    def feed(self) -> FeedSettings:
        """The change feed's settings as the one object its parts take."""
        return FeedSettings(
            poll_seconds=self.feed_poll_seconds,
            batch=self.feed_batch,
            recheck_seconds=self.feed_recheck_seconds,
            lease_seconds=self.feed_lease_seconds,
            retention_days=self.feed_retention_days,
            nats_url=self.feed_nats_url,
            nats_stream=self.feed_nats_stream,
            nats_subject=self.feed_nats_subject,
            embedded=self.feed_embedded,
            webhook_connect_seconds=self.feed_webhook_connect_seconds,
            webhook_read_seconds=self.feed_webhook_read_seconds,
            webhook_max_response_bytes=self.feed_webhook_max_response_bytes,
            webhook_retry_seconds=self.feed_webhook_retry_seconds,
            webhook_retry_max_seconds=self.feed_webhook_retry_max_seconds,
            webhook_give_up_seconds=self.feed_webhook_give_up_seconds,
        )

    @field_validator("database_url")
    @classmethod
    def _speak_the_dialect(cls, url: str) -> str:
        # Refused here, with the setting's name, rather than at the first connection; the URL
        # itself is not repeated, as it may hold a password.
        try:
            async_url(url)
        except ArgumentError:
            raise ValueError(
                "not a database URL; write sqlite:///path/to/hub.db or "
                "postgresql://user:password@host:5432/database"
            ) from None
        return url

    @model_validator(mode="after")
    def _refuse_development_identity_in_production(self) -> Settings:
        # Production must federate with a real e-identity provider: the built-in development
        # provider signs anyone in, so its use is refused before the app starts.
        if self.environment is Environment.PRODUCTION and not self.eid_issuer:
            raise ValueError(
                "HUB_EID_ISSUER must be set in production: the built-in development "
                "identity provider is refused outside development and test (HUB_ENVIRONMENT "
                "is production unless set; to try the hub, set HUB_ENVIRONMENT=development, "
                "as `make run` does in .env)"
            )
        return self

    @model_validator(mode="after")
    def _require_signing_secret_and_client_in_production(self) -> Settings:
        # A per-process random secret would sign every citizen out at each restart and differ
        # between workers, so production must share one secret.
        if self.environment is Environment.PRODUCTION:
            secret = self.session_secret.get_secret_value() if self.session_secret else ""
            if len(secret) < 32:
                raise ValueError(
                    "HUB_SESSION_SECRET must be set in production (at least 32 characters)"
                )
        if self.eid_issuer and not self.eid_client_id:
            raise ValueError("HUB_EID_CLIENT_ID must be set when HUB_EID_ISSUER is set")
        if self.eid_issuer and not self.eid_client_secret:
            raise ValueError("HUB_EID_CLIENT_SECRET must be set when HUB_EID_ISSUER is set")
        return self

    @property
    def graphiql_enabled(self) -> bool:
        """Whether a browser GET of /graphql gets GraphiQL (HUB_GRAPHIQL)."""
        return self._outside_production if self.graphiql is None else self.graphiql

    @property
    def introspection_enabled(self) -> bool:
        """Whether ``__schema`` and ``__type`` may be queried (HUB_GRAPHQL_INTROSPECTION)."""
        if self.graphql_introspection is None:
            return self._outside_production
        return self.graphql_introspection

    @property
    def _outside_production(self) -> bool:
        return self.environment is not Environment.PRODUCTION


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Return the process-wide settings, read from the environment and .env on first use."""
    return Settings()


def unknown_variables(
    names: Iterable[str], owned_prefixes: Iterable[str] = ()
) -> list[tuple[str, str | None]]:
    """Return the ``HUB_`` names that are no setting, each with the setting it resembles.

    A misspelt variable is otherwise ignored without a word, and the hub runs on a default.
    ``owned_prefixes`` are prefixes other parts read (an adapter's secrets,
    ``HUB_HEALTH_INSURANCE_``), which are not settings and not mistakes either.
    """
    prefixes = (*NOT_SETTINGS_PREFIXES, *(p.upper() for p in owned_prefixes))
    known = [f"HUB_{field.upper()}" for field in Settings.model_fields]
    unknown = []
    for name in sorted(set(names)):
        upper = name.upper()
        if not upper.startswith("HUB_") or upper in known or upper in NOT_SETTINGS:
            continue
        if upper.startswith(prefixes):
            continue
        close = difflib.get_close_matches(upper, known, n=1, cutoff=0.8)
        unknown.append((name, close[0] if close else None))
    return unknown
