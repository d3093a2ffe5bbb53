"""Where the development provider lives and the hub's implicit client registration at it."""

from __future__ import annotations

from hub.settings import Environment, Settings

MOUNT_PATH = "/dev-eid"
# Not secrets: the development provider only ever signs in demo citizens, and production
# refuses to run it (hub.settings).
DEV_CLIENT_ID = "lienthong-hub-dev"
DEV_CLIENT_SECRET = "lienthong-hub-dev-secret"


def dev_provider_enabled(settings: Settings) -> bool:
    """Tell whether the hub serves and uses its development identity provider."""
    return not settings.eid_issuer and settings.environment in (
        Environment.DEVELOPMENT,
        Environment.TEST,
    )


def dev_issuer(settings: Settings) -> str:
    """Return the issuer identifier of the development provider: ``{HUB_ISSUER}/dev-eid``."""
    return settings.issuer.rstrip("/") + MOUNT_PATH
