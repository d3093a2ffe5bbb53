"""Tokens presented to the revocation and introspection endpoints, as those endpoints see them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from hub.auth.server.hashing import token_hash
from hub.auth.server.snapshot import RefreshRecord, Snapshot
from hub.auth.tokens import TokenError, validate_access_token


@dataclass(frozen=True)
class AccessTokenView:
    """A hub access token with a valid signature (maybe expired or revoked)."""

    claims: dict[str, Any]
    revoked: bool

    @property
    def client_id(self) -> str:
        """The client the token was issued to."""
        return str(self.claims["client_id"])

    def is_expired(self) -> bool:
        """Never: expired tokens are not found at all (``find_token``)."""
        return False

    def is_revoked(self) -> bool:
        """True when its ``jti`` or its grant was revoked."""
        return self.revoked

    def introspection(self) -> dict[str, Any]:
        """RFC 7662 members for this token."""
        names = ("scope", "client_id", "sub", "aud", "iss", "exp", "iat", "jti", "acr")
        payload = {name: self.claims[name] for name in names if name in self.claims}
        extra = ("auth_time", "act", "agency", "sid", "purpose")
        payload |= {name: self.claims[name] for name in extra if name in self.claims}
        return {"active": True, "token_type": "Bearer", **payload}


@dataclass(frozen=True)
class RefreshTokenView:
    """A refresh token the hub issued (maybe used, expired or revoked)."""

    record: RefreshRecord
    now: datetime

    @property
    def client_id(self) -> str:
        """The client the token was issued to."""
        return self.record.grant.client_id

    def is_expired(self) -> bool:
        """True when its grant has ended."""
        return self.record.grant.expires_at <= self.now

    def is_revoked(self) -> bool:
        """True when rotated away or when its grant was revoked."""
        return self.record.token.used_at is not None or self.record.grant.revoked_at is not None

    def introspection(self) -> dict[str, Any]:
        """RFC 7662 members for this token."""
        grant = self.record.grant
        return {
            "active": True,
            "token_type": "refresh_token",
            "scope": grant.scope,
            "client_id": grant.client_id,
            "sub": grant.person_id,
            "exp": int(grant.expires_at.timestamp()),
            "iat": int(self.record.token.issued_at.astimezone(UTC).timestamp()),
            "sid": grant.id,
        }


TokenView = AccessTokenView | RefreshTokenView


def find_token(snapshot: Snapshot, token: str, hint: str | None) -> TokenView | None:
    """Return the view of ``token``: a valid hub access token, or a known refresh token."""
    if hint != "refresh_token":
        try:
            claims = validate_access_token(
                token, snapshot.keys.verification, snapshot.settings, snapshot.now
            )
        except TokenError:
            claims = None
        if claims is not None:
            revoked = bool({claims.get("jti"), claims.get("sid")} & snapshot.revoked)
            return AccessTokenView(claims, revoked)
    record = snapshot.refresh
    if record is not None and record.token.token_hash == token_hash(token):
        return RefreshTokenView(record, snapshot.now)
    return None
