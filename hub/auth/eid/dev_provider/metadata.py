"""The development provider's discovery document and JWKS."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from hub.auth.eid.dev_provider.citizens import LEVEL_1_ACR, LEVEL_2_ACR
from hub.auth.eid.dev_provider.keys import ALGORITHM, dev_jwks
from hub.auth.eid.dev_provider.provider import DevProvider

Endpoint = Callable[[Request], Awaitable[Response]]
DISCOVERY_PATH = "/.well-known/openid-configuration"
JWKS_PATH = "/jwks"
AUTHORIZE_PATH = "/authorize"
TOKEN_PATH = "/token"


def discovery_document(provider: DevProvider) -> dict[str, Any]:
    """Return the OpenID Connect discovery document of ``provider``."""
    return {
        "issuer": provider.issuer,
        "authorization_endpoint": provider.url(AUTHORIZE_PATH),
        "token_endpoint": provider.url(TOKEN_PATH),
        "jwks_uri": provider.url(JWKS_PATH),
        "response_types_supported": ["code"],
        "grant_types_supported": ["authorization_code"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": [ALGORITHM],
        "scopes_supported": ["openid", "profile", "citizen_id"],
        "claims_supported": [
            "sub",
            "name",
            "family_name",
            "middle_name",
            "given_name",
            "birthdate",
            "gender",
            "citizen_id",
            "acr",
            "amr",
            "auth_time",
        ],
        "acr_values_supported": [LEVEL_1_ACR, LEVEL_2_ACR],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        "code_challenge_methods_supported": ["S256"],
        "authorization_response_iss_parameter_supported": True,
    }


def discovery_endpoint(provider: DevProvider) -> Endpoint:
    """Return the handler of ``/.well-known/openid-configuration``."""

    async def discovery(_request: Request) -> Response:
        return JSONResponse(discovery_document(provider))

    return discovery


def jwks_endpoint() -> Endpoint:
    """Return the handler of the JWKS."""

    async def jwks(_request: Request) -> Response:
        return JSONResponse(dev_jwks())

    return jwks
