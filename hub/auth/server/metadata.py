"""RFC 8414 / OpenID Connect discovery metadata and the JWKS."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from hub.auth.client_metadata import GRANT_TYPES
from hub.auth.keys import ALGORITHM, load_key_ring
from hub.auth.server.adapter import SUPPORTED_SCOPES
from hub.auth.server.client_assertion import ALGORITHMS
from hub.auth.server.grants.base import ALL_METHODS, CONFIDENTIAL_METHODS
from hub.auth.tokens import ACR_BY_LEVEL, ACR_CLIENT
from hub.http.session import request_session
from hub.kit.clock import utcnow
from hub.settings import Settings

TOKEN_PATH = "/oauth2/token"
AUTHORIZE_PATH = "/oauth2/authorize"
JWKS_PATH = "/oauth2/jwks"
REVOKE_PATH = "/oauth2/revoke"
INTROSPECT_PATH = "/oauth2/introspect"
# Resource servers re-fetch the JWKS when a token names an unknown kid, so a short cache is
# enough to pick up a rotation.
JWKS_CACHE = "public, max-age=60"


def metadata_document(settings: Settings) -> dict[str, Any]:
    """Return the authorization server metadata (also served as OpenID configuration)."""
    base = settings.issuer.rstrip("/")
    return {
        "issuer": settings.issuer,
        "authorization_endpoint": base + AUTHORIZE_PATH,
        "token_endpoint": base + TOKEN_PATH,
        "jwks_uri": base + JWKS_PATH,
        "revocation_endpoint": base + REVOKE_PATH,
        "introspection_endpoint": base + INTROSPECT_PATH,
        "scopes_supported": sorted(SUPPORTED_SCOPES),
        "response_types_supported": ["code"],
        "response_modes_supported": ["query"],
        "grant_types_supported": list(GRANT_TYPES),
        "token_endpoint_auth_methods_supported": ALL_METHODS,
        "token_endpoint_auth_signing_alg_values_supported": ALGORITHMS,
        "revocation_endpoint_auth_methods_supported": ALL_METHODS,
        "revocation_endpoint_auth_signing_alg_values_supported": ALGORITHMS,
        "introspection_endpoint_auth_methods_supported": CONFIDENTIAL_METHODS,
        "introspection_endpoint_auth_signing_alg_values_supported": ALGORITHMS,
        "code_challenge_methods_supported": ["S256"],
        "authorization_response_iss_parameter_supported": True,
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": [ALGORITHM],
        "acr_values_supported": [*ACR_BY_LEVEL.values(), ACR_CLIENT],
        "claims_supported": [
            "iss",
            "sub",
            "aud",
            "exp",
            "iat",
            "auth_time",
            "acr",
            "nonce",
            "sid",
            "at_hash",
        ],
        "claims_parameter_supported": False,
        "request_parameter_supported": False,
        "request_uri_parameter_supported": False,
    }


def metadata_endpoint(settings: Settings) -> Callable[[Request], Awaitable[Response]]:
    """Return the endpoint serving ``metadata_document``."""
    document = metadata_document(settings)

    async def metadata(_request: Request) -> Response:
        """Serve the metadata (it only changes with the settings)."""
        return JSONResponse(document, headers={"Cache-Control": "public, max-age=300"})

    return metadata


async def jwks(request: Request) -> Response:
    """Serve the published public keys: the active one and those retired but still needed."""
    ring = await load_key_ring(request_session(request.scope), utcnow())
    return JSONResponse(ring.jwks(), headers={"Cache-Control": JWKS_CACHE})
