"""Tables of the authorization server: grants, codes, refresh tokens, replay and revocation."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from hub.kit.clock import utcnow


class OAuthGrant(SQLModel, table=True):
    """A citizen's authorization of one client, from one sign-in.

    Its id is the ``sid`` claim of every token issued under it and names the family of its
    refresh tokens: revoking the grant revokes them all, and the access tokens with that ``sid``.
    """

    __tablename__ = "oauth_grant"

    id: str = Field(primary_key=True, max_length=36)
    client_id: str = Field(foreign_key="oauth_client.client_id", max_length=64)
    person_id: str = Field(foreign_key="person.id", max_length=36)
    scope: str
    acr: str = Field(max_length=64)
    auth_time: datetime
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    revoked_at: datetime | None = None
    revoked_reason: str | None = Field(default=None, max_length=32)


class AuthorizationCode(SQLModel, table=True):
    """An authorization code (stored as its SHA-256), kept after use to detect its reuse."""

    __tablename__ = "oauth_authorization_code"

    code_hash: str = Field(primary_key=True, max_length=64)
    grant_id: str = Field(foreign_key="oauth_grant.id", max_length=36)
    client_id: str = Field(foreign_key="oauth_client.client_id", max_length=64)
    redirect_uri: str | None = None
    nonce: str | None = None
    code_challenge: str = Field(max_length=128)
    code_challenge_method: str = Field(max_length=8)
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime = Field(index=True)
    used_at: datetime | None = None


class RefreshToken(SQLModel, table=True):
    """A refresh token (stored as its SHA-256); ``used_at`` is set when it is rotated."""

    __tablename__ = "oauth_refresh_token"

    token_hash: str = Field(primary_key=True, max_length=64)
    grant_id: str = Field(foreign_key="oauth_grant.id", index=True, max_length=36)
    issued_at: datetime = Field(default_factory=utcnow)
    used_at: datetime | None = None


class UsedAssertion(SQLModel, table=True):
    """The ``jti`` of a client assertion already used, kept until the assertion expires."""

    __tablename__ = "oauth_used_assertion"

    client_id: str = Field(primary_key=True, max_length=64)
    jti: str = Field(primary_key=True, max_length=255)
    expires_at: datetime = Field(index=True)


class Revocation(SQLModel, table=True):
    """A revoked access token (by ``jti``) or grant (by ``sid``).

    Resource servers refuse tokens named here; a row is needed only until the last token it
    concerns has expired, so it carries that moment and is purged after it.
    """

    __tablename__ = "oauth_revocation"

    id: str = Field(primary_key=True, max_length=64)
    kind: str = Field(max_length=8)  # token | grant
    revoked_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime = Field(index=True)


class PendingAuthorization(SQLModel, table=True):
    """An authorization request shown on the consent page, waiting for the citizen's answer.

    The form carries the id in clear; the table keeps only its SHA-256, bound to the person, so
    the id is a single-use CSRF token that no other session can answer.
    """

    __tablename__ = "oauth_pending_authorization"

    id_hash: str = Field(primary_key=True, max_length=64)
    person_id: str = Field(max_length=36)
    client_id: str = Field(foreign_key="oauth_client.client_id", max_length=64)
    parameters: dict[str, str] = Field(sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime = Field(index=True)
