"""``refresh_token`` with rotation and reuse detection.

Every refresh returns a new refresh token and marks the presented one used. Presenting a used
one again means two parties hold the family, so the whole grant is revoked: its refresh tokens
and, through the ``sid`` claim, its access tokens.
"""

from __future__ import annotations

from dataclasses import dataclass

from authlib.oauth2.rfc6749.grants import RefreshTokenGrant

from hub.auth.server.client import HubClient
from hub.auth.server.effects import REFRESH_TOKEN_REUSE, RevokeGrant, RotateRefreshToken
from hub.auth.server.grants.base import ALL_METHODS, snapshot_of
from hub.auth.server.hashing import token_hash
from hub.auth.server.issuance import GrantUser
from hub.auth.server.snapshot import RefreshRecord


@dataclass(frozen=True)
class RefreshView:
    """A usable refresh token as authlib reads it."""

    record: RefreshRecord

    def check_client(self, client: HubClient) -> bool:
        """Only the client it was issued to may use it."""
        return self.record.grant.client_id == client.client_id

    def get_scope(self) -> str:
        """The scope of the grant."""
        return self.record.grant.scope


class HubRefreshTokenGrant(RefreshTokenGrant):  # type: ignore[misc]
    """authlib's grant over the snapshot, always rotating."""

    TOKEN_ENDPOINT_AUTH_METHODS = ALL_METHODS
    INCLUDE_NEW_REFRESH_TOKEN = True

    def authenticate_refresh_token(self, refresh_token: str) -> RefreshView | None:
        """Return the token if unused and its grant stands; a reuse revokes the grant."""
        snapshot = snapshot_of(self)
        record = snapshot.refresh
        if record is None or record.token.token_hash != token_hash(refresh_token):
            return None
        grant = record.grant
        if grant.revoked_at is not None or grant.expires_at <= snapshot.now:
            return None
        if record.token.used_at is not None:
            snapshot.effects.append(RevokeGrant(grant.id, REFRESH_TOKEN_REUSE))
            return None
        return RefreshView(record)

    def authenticate_user(self, refresh_token: RefreshView) -> GrantUser:
        """Return the citizen of the grant."""
        grant = refresh_token.record.grant
        return GrantUser(
            person_id=grant.person_id,
            acr=grant.acr,
            auth_time=int(grant.auth_time.timestamp()),
            grant_id=grant.id,
        )

    def revoke_old_credential(self, refresh_token: RefreshView) -> None:
        """Mark the presented refresh token used."""
        token = refresh_token.record.token
        snapshot_of(self).effects.append(RotateRefreshToken(token.token_hash, token.grant_id))
