"""The token generator authlib calls: hub access tokens and, with a grant, refresh tokens."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from hub.auth.client_metadata import TOKEN_EXCHANGE
from hub.auth.server.client import OPENID, HubClient
from hub.auth.server.snapshot import Snapshot
from hub.auth.tokens import ACR_CLIENT, AccessTokenGrant, issue_access_token


@dataclass(frozen=True)
class GrantUser:
    """The citizen a token is about: from a code, a refresh token or a subject token.

    ``grant_id`` names the grant (the ``sid``); ``purpose`` is set for delegated tokens.
    """

    person_id: str
    acr: str
    auth_time: int
    grant_id: str | None
    nonce: str | None = None
    purpose: str | None = None

    def get_user_id(self) -> str:
        """The person id (authlib's name for the subject)."""
        return self.person_id


def api_scope(scope: str | None) -> str:
    """Return ``scope`` without the OpenID protocol scope: what the API token may do."""
    return " ".join(item for item in (scope or "").split() if item != OPENID)


class TokenIssuer:
    """authlib's token generator: signs access tokens with the active key."""

    def __init__(self, snapshot: Snapshot) -> None:
        self.snapshot = snapshot

    def __call__(
        self,
        grant_type: str,
        client: HubClient,
        user: GrantUser | None = None,
        scope: str | None = None,
        expires_in: int | None = None,
        include_refresh_token: bool = True,
    ) -> dict[str, Any]:
        """Return the token response body for ``client`` (and ``user``)."""
        snapshot = self.snapshot
        signer = snapshot.keys.signer
        if signer is None:  # the token endpoint ensures a key before it calls authlib
            raise RuntimeError("no active signing key")
        issued = int(snapshot.now.timestamp())
        if user is None:
            grant = AccessTokenGrant(
                subject=client.client_id,
                client_id=client.client_id,
                scope=api_scope(scope),
                acr=ACR_CLIENT,
                auth_time=issued,
                agency=client.agency_code,
            )
        else:
            grant = AccessTokenGrant(
                subject=user.person_id,
                client_id=client.client_id,
                scope=api_scope(scope),
                acr=user.acr,
                auth_time=user.auth_time,
                agency=client.agency_code,
                grant_id=user.grant_id,
                actor=client.client_id if grant_type == TOKEN_EXCHANGE else None,
                purpose=user.purpose,
            )
        access_token, _claims = issue_access_token(grant, signer, snapshot.settings, snapshot.now)
        body: dict[str, Any] = {
            "access_token": access_token,
            "token_type": "Bearer",
            "expires_in": snapshot.settings.access_token_ttl_seconds,
            "scope": scope or "",
        }
        if include_refresh_token and user is not None and user.grant_id:
            body["refresh_token"] = secrets.token_urlsafe(32)
        return body
