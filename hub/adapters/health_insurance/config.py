"""The health-insurance adapter's configuration."""

from __future__ import annotations

from pydantic import Field, SecretStr

from hub.adapters.protocol import AdapterConfig


class HealthInsuranceConfig(AdapterConfig):
    """Where the API is, who the hub is to it (the secret from the environment), and how
    patiently to call it."""

    base_url: str = Field(pattern=r"^https?://[^\s/]+", description="e.g. http://127.0.0.1:8100")
    client_id: str = "hub"
    client_secret: SecretStr
    page_size: int = Field(default=500, ge=1, le=5000)
    timeout_seconds: float = Field(default=10.0, gt=0, le=300)
    max_attempts: int = Field(default=6, ge=1, le=20)
    backoff_initial_seconds: float = Field(default=0.2, gt=0)
    backoff_max_seconds: float = Field(default=10.0, gt=0)
