"""Checking an authorization request at the development provider (RFC 6749 §4.1.1, PKCE)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

from hub.auth.eid.dev_provider.registration import DEV_CLIENT_ID

# The request fields the authorize page carries from its GET to its POST.
REQUEST_FIELDS = (
    "response_type",
    "client_id",
    "redirect_uri",
    "scope",
    "state",
    "nonce",
    "code_challenge",
    "code_challenge_method",
    "acr_values",
)


class UntrustedRequest(Exception):
    """The client or redirect URI is unknown: answer with a page, never a redirect."""


@dataclass(frozen=True)
class AuthorizationRequest:
    """A checked authorization request."""

    client_id: str
    redirect_uri: str
    scope: str
    state: str | None
    nonce: str | None
    code_challenge: str
    fields: dict[str, str]

    def redirect(self, issuer: str, **params: str) -> str:
        """Return the redirect URI with ``params``, ``state`` and ``iss`` (RFC 9207)."""
        query = dict(params)
        if self.state is not None:
            query["state"] = self.state
        query["iss"] = issuer
        separator = "&" if "?" in self.redirect_uri else "?"
        return f"{self.redirect_uri}{separator}{urlencode(query)}"


class AuthorizationError(Exception):
    """A request error reported to the client at its redirect URI (RFC 6749 §4.1.2.1)."""

    def __init__(self, request: AuthorizationRequest, error: str, description: str) -> None:
        super().__init__(description)
        self.request = request
        self.error = error
        self.description = description


def parse_authorization_request(
    params: Mapping[str, str], registered_redirect_uri: str
) -> AuthorizationRequest:
    """Return the checked request in ``params``.

    Raises ``UntrustedRequest`` for an unknown client or redirect URI and
    ``AuthorizationError`` for anything else wrong (PKCE S256 is required).
    """
    if params.get("client_id") != DEV_CLIENT_ID:
        raise UntrustedRequest("unknown client_id")
    if params.get("redirect_uri") != registered_redirect_uri:
        raise UntrustedRequest("redirect_uri is not registered for this client")
    request = AuthorizationRequest(
        client_id=DEV_CLIENT_ID,
        redirect_uri=registered_redirect_uri,
        scope=params.get("scope", ""),
        state=params.get("state"),
        nonce=params.get("nonce"),
        code_challenge=params.get("code_challenge", ""),
        fields={name: params[name] for name in REQUEST_FIELDS if name in params},
    )
    if params.get("response_type") != "code":
        raise AuthorizationError(request, "unsupported_response_type", "response_type=code only")
    if "openid" not in request.scope.split():
        raise AuthorizationError(request, "invalid_scope", "the openid scope is required")
    if params.get("code_challenge_method") != "S256" or len(request.code_challenge) < 43:
        raise AuthorizationError(request, "invalid_request", "PKCE with S256 is required")
    return request
