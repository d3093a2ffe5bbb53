"""The provider's ``acr`` mapped to the hub's levels of assurance (``HUB_EID_ACR_MAP``).

``acr_values`` in the authorization request only asks; the provider may answer with any level,
so the level is decided here from the ``acr`` the ID token carries, and an unknown or missing
``acr`` never gets a default level.
"""

from __future__ import annotations

from hub.auth.eid.config import EidConfig
from hub.auth.eid.errors import SignInRefused
from hub.principals.principal import AssuranceLevel

_UNKNOWN_LEVEL = (
    "Không xác định được mức độ định danh điện tử của tài khoản (mức 1 hoặc mức 2), nên không "
    "thể đăng nhập. / The hub could not tell the assurance level of your e-identity account "
    "(level 1 or level 2), so it cannot sign you in."
)


def assurance_for(acr: object, config: EidConfig) -> AssuranceLevel:
    """Return the hub's level for ``acr``; refuse the sign-in when it is missing or unmapped."""
    if not isinstance(acr, str) or acr not in config.acr_levels:
        raise SignInRefused(_UNKNOWN_LEVEL, detail=f"acr {acr!r} is not in HUB_EID_ACR_MAP")
    return config.acr_levels[acr]
