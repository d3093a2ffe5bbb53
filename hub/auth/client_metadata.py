"""Checks of the metadata a client is registered with: grant types, redirect URIs, JWKS."""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from hub.errors import Invalid

TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange"
GRANT_TYPES = ("authorization_code", "refresh_token", "client_credentials", TOKEN_EXCHANGE)
_ALIASES = {"token-exchange": TOKEN_EXCHANGE, "token_exchange": TOKEN_EXCHANGE}
_PUBLIC_GRANTS = {"authorization_code", "refresh_token"}
# Private members of JWKs (RFC 7518): a registered key set must hold public keys only.
_PRIVATE_MEMBERS = {"d", "p", "q", "dp", "dq", "qi", "k"}


def normalize_grant_type(grant_type: str) -> str:
    """Return the registered name of ``grant_type`` (``token-exchange`` → its URN)."""
    return _ALIASES.get(grant_type, grant_type)


def check_grant_types(grant_types: Sequence[str], *, auth_method: str) -> list[str]:
    """Return the grant types to register (defaults per auth method); raise ``Invalid``."""
    chosen = list(dict.fromkeys(grant_types))
    if not chosen:
        chosen = (
            ["authorization_code", "refresh_token"]
            if auth_method == "none"
            else ["client_credentials"]
        )
    unknown = [g for g in chosen if g not in GRANT_TYPES]
    if unknown:
        raise Invalid(
            f"unknown grant type {unknown[0]!r}; use {', '.join(GRANT_TYPES)} or token-exchange",
            argument="grant-type",
        )
    if auth_method == "none" and not set(chosen) <= _PUBLIC_GRANTS:
        raise Invalid(
            "a public client (auth method none) may only use authorization_code and refresh_token",
            argument="grant-type",
        )
    if "refresh_token" in chosen and "authorization_code" not in chosen:
        raise Invalid("refresh_token needs the authorization_code grant", argument="grant-type")
    return chosen


def check_redirect_uris(uris: Sequence[str], grant_types: Sequence[str]) -> list[str]:
    """Return the redirect URIs to register; each must be absolute, https or loopback http."""
    chosen = list(dict.fromkeys(uri.strip() for uri in uris))
    if "authorization_code" in grant_types and not chosen:
        raise Invalid("the authorization_code grant needs a redirect URI", argument="redirect-uri")
    if chosen and "authorization_code" not in grant_types:
        raise Invalid(
            "redirect URIs are only for the authorization_code grant", argument="redirect-uri"
        )
    for uri in chosen:
        parts = urlsplit(uri)
        if parts.fragment or not parts.hostname or parts.scheme not in ("https", "http"):
            raise Invalid(
                f"redirect URI {uri!r} must be an absolute http(s) URI without fragment",
                argument="redirect-uri",
            )
        if parts.scheme == "http" and not _is_loopback(parts.hostname):
            raise Invalid(
                f"redirect URI {uri!r} must use https (http only on the loopback interface)",
                argument="redirect-uri",
            )
    return chosen


def check_jwks(jwks: Mapping[str, Any] | None) -> dict[str, Any]:
    """Return a private_key_jwt client's key set: public keys only, at least one."""
    if not jwks or not isinstance(jwks.get("keys"), list) or not jwks["keys"]:
        raise Invalid(
            "a private_key_jwt client needs a JWKS with at least one key", argument="jwks-file"
        )
    for key in jwks["keys"]:
        if not isinstance(key, dict) or _PRIVATE_MEMBERS & set(key):
            raise Invalid(
                "the JWKS must hold public keys only (no private members)", argument="jwks-file"
            )
    try:
        KeySet.import_key_set(dict(jwks))  # type: ignore[arg-type]
    except (JoseError, ValueError, KeyError, TypeError) as error:
        raise Invalid(f"the JWKS cannot be read: {error}", argument="jwks-file") from None
    return dict(jwks)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
