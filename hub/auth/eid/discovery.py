"""OpenID Connect discovery of the identity provider, cached for a configured time."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from hub.auth.eid.config import EidConfig
from hub.auth.eid.errors import ProviderUnavailable
from hub.auth.eid.provider_http import ProviderHttp

_MISCONFIGURED = (
    "Cấu hình đăng nhập định danh điện tử không hợp lệ. / E-identity sign-in is misconfigured; "
    "please tell the operator."
)


@dataclass(frozen=True)
class ProviderMetadata:
    """What the relying party needs from the provider's discovery document."""

    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    # RFC 9207: when announced, the authorization response must carry ``iss``.
    iss_parameter_supported: bool


def discovery_url(issuer: str) -> str:
    """Return the discovery document URL of ``issuer`` (OpenID Connect Discovery 1.0 §4)."""
    return issuer.rstrip("/") + "/.well-known/openid-configuration"


def parse_metadata(document: dict[str, Any], config: EidConfig) -> ProviderMetadata:
    """Check a discovery document against the configuration and keep what sign-in uses.

    The ``issuer`` must equal the configured one exactly (mix-up defence); endpoints must be
    absolute URLs, over https when the issuer is; S256 PKCE and the configured client
    authentication must be offered when the provider lists what it offers.
    """

    def fail(detail: str) -> ProviderUnavailable:
        return ProviderUnavailable(_MISCONFIGURED, detail=f"discovery: {detail}")

    if document.get("issuer") != config.issuer:
        raise fail(f"issuer {document.get('issuer')!r} is not {config.issuer!r}")
    secure = urlsplit(config.issuer).scheme == "https"
    endpoints: dict[str, str] = {}
    for name in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
        value = document.get(name)
        parts = urlsplit(value) if isinstance(value, str) else None
        if parts is None or parts.scheme not in ("https", "http") or not parts.netloc:
            raise fail(f"{name} is missing or not an absolute URL")
        if secure and parts.scheme != "https":
            raise fail(f"{name} is not https")
        endpoints[name] = str(value)
    methods = document.get("code_challenge_methods_supported")
    if isinstance(methods, list) and "S256" not in methods:
        raise fail("S256 PKCE is not supported")
    auth_methods = document.get("token_endpoint_auth_methods_supported")
    if isinstance(auth_methods, list) and config.client_auth_method not in auth_methods:
        raise fail(f"client authentication {config.client_auth_method} is not supported")
    return ProviderMetadata(
        issuer=config.issuer,
        authorization_endpoint=endpoints["authorization_endpoint"],
        token_endpoint=endpoints["token_endpoint"],
        jwks_uri=endpoints["jwks_uri"],
        iss_parameter_supported=document.get("authorization_response_iss_parameter_supported")
        is True,
    )


class DiscoveryCache:
    """Fetches the provider's metadata once per ``HUB_EID_METADATA_CACHE_SECONDS``."""

    def __init__(self, config: EidConfig, http: ProviderHttp) -> None:
        self._config = config
        self._http = http
        self._metadata: ProviderMetadata | None = None
        self._fetched_at = 0.0

    async def metadata(self) -> ProviderMetadata:
        """Return the provider's metadata, fetching it when the cached copy is too old."""
        age = time.monotonic() - self._fetched_at
        if self._metadata is None or age >= self._config.metadata_cache_seconds:
            document = await self._http.get_json(discovery_url(self._config.issuer))
            self._metadata = parse_metadata(document, self._config)
            self._fetched_at = time.monotonic()
        return self._metadata
