"""Every setting of the hub, read once from environment variables with the ``HUB_`` prefix."""

from __future__ import annotations

from enum import StrEnum
from functools import lru_cache

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Environment(StrEnum):
    """Where the hub runs; production refuses development conveniences."""

    DEVELOPMENT = "development"
    TEST = "test"
    PRODUCTION = "production"


class Settings(BaseSettings):
    """Configuration of one hub process.

    Each field is read from ``HUB_<FIELD NAME>``; the README lists them all.
    """

    model_config = SettingsConfigDict(env_prefix="HUB_", extra="ignore")

    environment: Environment = Environment.DEVELOPMENT
    database_url: str = "sqlite:///./hub.db"
    database_echo: bool = False
    issuer: str = "http://127.0.0.1:8000"
    eid_issuer: str | None = None
    graphql_max_depth: int = Field(default=12, ge=1)
    graphql_max_aliases: int = Field(default=30, ge=1)
    graphql_max_tokens: int = Field(default=5000, ge=1)
    graphql_cache_size: int = Field(default=1000, ge=1)
    graphiql: bool = True

    @model_validator(mode="after")
    def _refuse_development_identity_in_production(self) -> Settings:
        # Production must federate with a real e-identity provider: the built-in development
        # provider signs anyone in, so its use is refused before the app starts.
        if self.environment is Environment.PRODUCTION and not self.eid_issuer:
            raise ValueError(
                "HUB_EID_ISSUER must be set in production: the built-in development "
                "identity provider is refused outside development and test"
            )
        return self


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Return the process-wide settings, read from the environment on first use."""
    return Settings()
