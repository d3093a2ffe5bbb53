"""The token request: the authorization code and PKCE verifier for the provider's tokens."""

from __future__ import annotations

import base64
from typing import Any
from urllib.parse import quote

from hub.auth.eid.config import EidConfig
from hub.auth.eid.discovery import ProviderMetadata
from hub.auth.eid.errors import SignInRefused
from hub.auth.eid.provider_http import ProviderHttp

_REFUSED = (
    "Hệ thống định danh điện tử không xác nhận lần đăng nhập này. / The e-identity provider did "
    "not confirm this sign-in; please start again."
)


def client_authentication(config: EidConfig) -> tuple[dict[str, str], dict[str, str]]:
    """Return the form fields and headers that authenticate the hub at the token endpoint.

    ``client_secret_basic`` form-encodes id and secret before base64 (RFC 6749 §2.3.1), so a
    secret with ``:`` or non-ASCII characters still arrives intact.
    """
    if config.client_auth_method == "client_secret_post":
        return {"client_id": config.client_id, "client_secret": config.client_secret}, {}
    pair = f"{quote(config.client_id, safe='')}:{quote(config.client_secret, safe='')}"
    return {}, {"authorization": "Basic " + base64.b64encode(pair.encode()).decode("ascii")}


async def exchange_code(
    http: ProviderHttp,
    config: EidConfig,
    metadata: ProviderMetadata,
    *,
    code: str,
    code_verifier: str,
) -> dict[str, Any]:
    """Redeem ``code`` at the token endpoint and return the token response."""
    fields, headers = client_authentication(config)
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": config.redirect_uri,
        "code_verifier": code_verifier,
        **fields,
    }
    status, body = await http.post_form(metadata.token_endpoint, form, headers)
    if status != 200:
        error = body.get("error")
        raise SignInRefused(_REFUSED, detail=f"token endpoint: status {status}, error {error!r}")
    return body
