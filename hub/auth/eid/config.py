"""The relying party's view of the settings: one provider, one client registration."""

from __future__ import annotations

from dataclasses import dataclass, field

from hub.auth.eid.dev_provider.registration import (
    DEV_CLIENT_ID,
    DEV_CLIENT_SECRET,
    dev_issuer,
    dev_provider_enabled,
)
from hub.principals.principal import AssuranceLevel
from hub.settings import Settings

CALLBACK_PATH = "/auth/callback"


@dataclass(frozen=True)
class EidConfig:
    """How the hub signs citizens in at its e-identity provider."""

    issuer: str
    client_id: str
    client_secret: str = field(repr=False)
    client_auth_method: str
    redirect_uri: str
    scopes: str
    algorithms: tuple[str, ...]
    acr_levels: dict[str, AssuranceLevel]
    acr_values: str
    citizen_id_claim: str
    clock_skew_seconds: int
    login_timeout_seconds: int
    metadata_cache_seconds: int
    http_timeout_seconds: float
    uses_dev_provider: bool

    def acr_values_for(self, level: AssuranceLevel | None) -> str:
        """Return the ``acr_values`` to request: the configured ones, or, for a wanted
        ``level``, the mapped values of at least that level (highest first)."""
        if level is None:
            return self.acr_values
        ranked = sorted(self.acr_levels, key=lambda acr: (-self.acr_levels[acr], acr))
        wanted = [acr for acr in ranked if self.acr_levels[acr] >= level]
        return " ".join(wanted) or self.acr_values


def eid_config(settings: Settings) -> EidConfig | None:
    """Return the relying-party configuration, or ``None`` when sign-in is not available
    (no ``HUB_EID_ISSUER`` in an environment without the development provider)."""
    if settings.eid_issuer:
        if not settings.eid_client_id or not settings.eid_client_secret:
            return None
        # The issuer is compared byte for byte with ``iss``: keep it exactly as configured.
        issuer, client_id = settings.eid_issuer, settings.eid_client_id
        client_secret = settings.eid_client_secret.get_secret_value()
    elif dev_provider_enabled(settings):
        issuer, client_id, client_secret = dev_issuer(settings), DEV_CLIENT_ID, DEV_CLIENT_SECRET
    else:
        return None
    acr_levels = {acr: AssuranceLevel(level) for acr, level in settings.eid_acr_map.items()}
    ranked = sorted(acr_levels, key=lambda acr: (-acr_levels[acr], acr))
    return EidConfig(
        issuer=issuer,
        client_id=client_id,
        client_secret=client_secret,
        client_auth_method=settings.eid_client_auth_method,
        redirect_uri=settings.eid_redirect_uri or settings.issuer.rstrip("/") + CALLBACK_PATH,
        scopes=settings.eid_scopes,
        algorithms=tuple(settings.eid_id_token_algorithms),
        acr_levels=acr_levels,
        acr_values=settings.eid_acr_values or " ".join(ranked),
        citizen_id_claim=settings.eid_citizen_id_claim,
        clock_skew_seconds=settings.eid_clock_skew_seconds,
        login_timeout_seconds=settings.eid_login_timeout_seconds,
        metadata_cache_seconds=settings.eid_metadata_cache_seconds,
        http_timeout_seconds=settings.eid_http_timeout_seconds,
        uses_dev_provider=not settings.eid_issuer,
    )
