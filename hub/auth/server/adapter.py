"""The Starlette side of authlib's core: a prebuilt request and a server over a snapshot.

authlib reads a request through ``payload``/``form``/``args`` synchronously, so the route reads
the body first and hands over a ready ``HubOAuth2Request``. The server never touches the
database: ``query_client`` and the grants read the request's ``Snapshot``, and whatever they
decide to write is appended to ``snapshot.effects``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from authlib.oauth2.rfc6749 import (
    AuthorizationServer,
    InvalidRequestError,
    InvalidScopeError,
    OAuth2Error,
    OAuth2Request,
)
from authlib.oauth2.rfc6749.requests import OAuth2Payload

from hub.auth.server.client import HubClient
from hub.auth.server.effects import IssueRefreshToken
from hub.auth.server.hashing import token_hash
from hub.auth.server.snapshot import Snapshot
from hub.principals.scopes import Scope

OPENID = "openid"
SUPPORTED_SCOPES = frozenset({OPENID, *(scope.value for scope in Scope)})
# Every error answer carries a description (RFC 6749 makes it optional; the hub does not).
_DEFAULT_DESCRIPTIONS = {
    "invalid_request": "The request is missing a parameter or is malformed.",
    "invalid_client": "Client authentication failed.",
    "invalid_grant": "The grant is invalid, expired, revoked, or was issued to another client.",
    "unauthorized_client": "The client is not registered for this grant type.",
    "unsupported_grant_type": "The grant type is not supported by the hub.",
    "invalid_scope": "The requested scope is invalid, unknown, or malformed.",
    "access_denied": "The citizen or the hub denied the request.",
    "unsupported_token_type": "The token type is not supported.",
}
# Descriptions that would tell an unauthenticated caller whether a client id exists.
_CLIENT_PROBES = ("does not exist", "cannot authenticate with method")
# RFC 6749 4.1.2.1: what an error description may hold; authlib raises ValueError otherwise.
_NOT_PRINTABLE = re.compile(r"[^\x20\x21\x23-\x5b\x5d-\x7e]")


def printable(text: str, limit: int = 100) -> str:
    """Return ``text`` cut to what an OAuth2 error description may echo."""
    return _NOT_PRINTABLE.sub("?", text)[:limit]


class HubPayload(OAuth2Payload):  # type: ignore[misc]
    """Request parameters: first values in ``data``, every value in ``datalist``."""

    def __init__(self, values: Mapping[str, Sequence[str]]) -> None:
        self._datalist = {name: list(items) for name, items in values.items()}
        self._data = {name: items[0] for name, items in values.items() if items}

    @property
    def data(self) -> dict[str, str]:
        """The first value of each parameter."""
        return self._data

    @property
    def datalist(self) -> dict[str, list[str]]:
        """Every value of each parameter (for authlib's repeated-parameter checks)."""
        return self._datalist


class HubOAuth2Request(OAuth2Request):  # type: ignore[misc]
    """An authlib request built from what the route has already read."""

    def __init__(
        self,
        method: str,
        uri: str,
        headers: Mapping[str, str],
        *,
        args: Mapping[str, Sequence[str]] | None = None,
        form: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(method, uri, headers=headers)
        self._args = {name: values[0] for name, values in (args or {}).items() if values}
        self._form = dict(form or {})
        combined = {name: list(values) for name, values in (args or {}).items()}
        for name, value in self._form.items():
            combined.setdefault(name, []).append(value)
        self.payload = HubPayload(combined)

    @property
    def args(self) -> dict[str, str]:
        """Query parameters."""
        return self._args

    @property
    def form(self) -> dict[str, str]:
        """Body parameters."""
        return self._form


@dataclass(frozen=True)
class OAuthResult:
    """An answer decided by authlib: status, JSON body (or empty) and headers."""

    status: int
    body: dict[str, Any] | str
    headers: list[tuple[str, str]]

    @property
    def location(self) -> str | None:
        """The redirect target, for authorization responses."""
        return next((v for k, v in self.headers if k.lower() == "location"), None)


class HubAuthorizationServer(AuthorizationServer):  # type: ignore[misc]
    """authlib's authorization server over one request's snapshot."""

    def __init__(self, snapshot: Snapshot) -> None:
        super().__init__(scopes_supported=sorted(SUPPORTED_SCOPES))
        self.snapshot = snapshot

    def query_client(self, client_id: str) -> HubClient | None:
        """Return the client (disabled clients do not exist for authlib)."""
        record = self.snapshot.clients.get(client_id)
        if record is None or not record.enabled:
            return None
        return HubClient(record)

    def save_token(self, token: dict[str, Any], request: OAuth2Request) -> None:
        """Keep the refresh token (as its hash); access tokens are JWTs and need no storage."""
        refresh = token.get("refresh_token")
        grant_id = getattr(request.user, "grant_id", None)
        if refresh and grant_id:
            self.snapshot.effects.append(IssueRefreshToken(token_hash(refresh), grant_id))

    def send_signal(self, name: str, *args: Any, **kwargs: Any) -> None:
        """authlib's signals are not used; effects carry what must be recorded."""

    def create_oauth2_request(self, request: HubOAuth2Request) -> HubOAuth2Request:
        """Routes pass a prebuilt request."""
        return request

    def validate_requested_scope(self, scope: str | None) -> None:
        """Refuse a scope the hub does not know, naming it."""
        for item in (scope or "").split():
            if item not in SUPPORTED_SCOPES:
                raise InvalidScopeError(f"Unknown scope '{printable(item)}'.")

    def get_authorization_grant(self, request: HubOAuth2Request) -> Any:
        """authlib's lookup, after refusing a ``response_type`` it would fail to echo."""
        response_type = request.payload.response_type or ""
        if printable(response_type, limit=len(response_type)) != response_type:
            raise InvalidRequestError("'response_type' holds characters that are not allowed.")
        return super().get_authorization_grant(request)

    def handle_error_response(self, request: OAuth2Request, error: OAuth2Error) -> OAuthResult:
        """authlib's error answer, with every ``invalid_client`` a 401 (RFC 6749 5.2 allows it).

        authlib answers 401 or 400 depending on the method tried and on whether the client id
        exists, which would tell a caller which ids do.
        """
        if error.error == "invalid_client":
            error.status_code = 401
        result: OAuthResult = super().handle_error_response(request, error)
        return result

    def handle_response(
        self, status: int, body: dict[str, Any] | str, headers: list[tuple[str, str]]
    ) -> OAuthResult:
        """Return authlib's answer as data, errors completed with a description."""
        headers = list(headers)
        if isinstance(body, dict) and "error" in body:
            body = dict(body)
            description = str(body.get("error_description") or "")
            if body["error"] == "invalid_client" and any(p in description for p in _CLIENT_PROBES):
                description = ""
            body["error_description"] = description or _DEFAULT_DESCRIPTIONS.get(
                str(body["error"]), "The request was refused."
            )
            if body["error"] == "unsupported_token_type":
                status = 400  # RFC 7009 2.2.1 (authlib answers 401)
            if status == 401 and body["error"] == "invalid_client":
                headers.append(("WWW-Authenticate", 'Basic realm="hub", error="invalid_client"'))
        return OAuthResult(status, body, headers)
