"""RFC 8693 token exchange: an agency client acting for a citizen (delegation, ``act``).

The subject token must be an access token or an ID token that the hub issued to the very client
asking (``client_id`` / ``aud``): a token issued to another client is refused, which stops a
confused deputy. The result is scoped to what was asked, what the client is registered for and
what the citizen consented to for the stated purpose (``hub_purpose``); with nothing left the
answer is ``invalid_scope``.
"""

from __future__ import annotations

from typing import Any

from authlib.oauth2.rfc6749 import (
    InvalidGrantError,
    InvalidRequestError,
    InvalidScopeError,
    OAuth2Error,
    UnauthorizedClientError,
)
from authlib.oauth2.rfc6749.grants import BaseGrant, TokenEndpointMixin

from hub.auth.client_metadata import TOKEN_EXCHANGE
from hub.auth.server.adapter import printable
from hub.auth.server.client import OPENID, HubClient
from hub.auth.server.grants.base import CONFIDENTIAL_METHODS, allowed_scope, snapshot_of
from hub.auth.server.issuance import GrantUser
from hub.auth.tokens import (
    ACR_CLIENT,
    TokenError,
    api_audience,
    validate_access_token,
    validate_id_token,
)

ACCESS_TOKEN = "urn:ietf:params:oauth:token-type:access_token"
ID_TOKEN = "urn:ietf:params:oauth:token-type:id_token"


class InvalidTargetError(OAuth2Error):  # type: ignore[misc]
    """RFC 8693 2.2.2: the requested audience or resource is not the hub's API."""

    error = "invalid_target"


class TokenExchangeGrant(BaseGrant, TokenEndpointMixin):  # type: ignore[misc]
    """``urn:ietf:params:oauth:grant-type:token-exchange`` (authlib only has a stub)."""

    GRANT_TYPE = TOKEN_EXCHANGE
    TOKEN_ENDPOINT_AUTH_METHODS = CONFIDENTIAL_METHODS

    def validate_token_request(self) -> None:
        """Authenticate the client, check the subject token, the purpose and the scope."""
        client: HubClient = self.authenticate_token_endpoint_client()
        if not client.check_grant_type(TOKEN_EXCHANGE):
            raise UnauthorizedClientError("The client is not registered for token exchange.")
        self.request.client = client
        data = self.request.payload.data
        _check_parameters(data, api_audience(snapshot_of(self).settings))
        purpose = data.get("hub_purpose")
        if not purpose:
            raise InvalidRequestError("Missing 'hub_purpose': the purpose of use is required.")
        if purpose not in client.purposes:
            raise InvalidRequestError(
                f"The purpose '{printable(purpose)}' is not registered for this client."
            )
        self.validate_requested_scope()
        claims = self._subject_claims(client, data["subject_token"], data["subject_token_type"])
        self.request.user = GrantUser(
            person_id=claims["sub"],
            acr=claims["acr"],
            auth_time=claims["auth_time"],
            grant_id=claims.get("sid") if isinstance(claims.get("sid"), str) else None,
            purpose=purpose,
        )
        requested = self.request.payload.scope
        if OPENID in (requested or "").split():
            raise InvalidScopeError("The 'openid' scope cannot be exchanged for.")
        registered = set(allowed_scope(client, requested).split())
        consented = {scope.value for scope in snapshot_of(self).consented.get(client.client_id, ())}
        granted = registered & consented
        if not granted:
            raise InvalidScopeError(
                "The citizen has not consented to any of the requested scopes for this client"
                " and purpose."
            )
        self.request.scope = " ".join(sorted(granted))

    def create_token_response(self) -> tuple[int, dict[str, Any], list[tuple[str, str]]]:
        """Issue a delegated access token (``sub`` = citizen, ``act`` = client)."""
        token: dict[str, Any] = self.generate_token(
            user=self.request.user, scope=self.request.scope, include_refresh_token=False
        )
        token["issued_token_type"] = ACCESS_TOKEN
        self.save_token(token)
        return 200, token, self.TOKEN_RESPONSE_HEADER

    def _subject_claims(self, client: HubClient, token: str, token_type: str) -> dict[str, Any]:
        snapshot = snapshot_of(self)
        keys, settings, now = snapshot.keys.verification, snapshot.settings, snapshot.now
        try:
            if token_type == ACCESS_TOKEN:
                claims = validate_access_token(token, keys, settings, now)
                if claims.get("client_id") != client.client_id:
                    raise TokenError("The subject_token was not issued to this client.")
                if "act" in claims or claims.get("acr") == ACR_CLIENT:
                    raise TokenError("The subject_token is not a citizen's own token.")
            elif token_type == ID_TOKEN:
                claims = validate_id_token(token, keys, settings, now, client_id=client.client_id)
            else:
                raise InvalidRequestError(
                    "'subject_token_type' must be the access_token or id_token token type."
                )
        except TokenError as error:
            raise InvalidGrantError(f"Invalid subject_token: {printable(error.message)}") from None
        if {claims.get("jti"), claims.get("sid")} & snapshot.revoked:
            raise InvalidGrantError("The subject_token has been revoked.")
        if not (
            isinstance(claims.get("sub"), str)
            and isinstance(claims.get("acr"), str)
            and isinstance(claims.get("auth_time"), int)
        ):
            raise InvalidGrantError("The subject_token lacks the citizen's sub, acr or auth_time.")
        return claims


def _check_parameters(data: dict[str, str], audience: str) -> None:
    if not data.get("subject_token") or not data.get("subject_token_type"):
        raise InvalidRequestError("Missing 'subject_token' or 'subject_token_type'.")
    if data.get("actor_token") or data.get("actor_token_type"):
        raise InvalidRequestError(
            "'actor_token' is not supported: the authenticated client is the actor."
        )
    requested_type = data.get("requested_token_type")
    if requested_type and requested_type != ACCESS_TOKEN:
        raise InvalidRequestError("Only an access token can be requested.")
    for name in ("audience", "resource"):
        value = data.get(name)
        if value and value != audience:
            raise InvalidTargetError(f"The only '{name}' the hub issues tokens for is its API.")
