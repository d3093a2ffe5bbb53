"""Tables shared by the auth parts: agencies, clients, purposes, signing keys, consent."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from hub.kit.clock import utcnow


class Agency(SQLModel, table=True):
    """A government agency, named by its Decision 20/2020 code (e.g. ``G12.18``)."""

    __tablename__ = "agency"

    code: str = Field(primary_key=True, max_length=35)
    name: str
    created_at: datetime = Field(default_factory=utcnow)


class Purpose(SQLModel, table=True):
    """A registered purpose of use, shown to the citizen in their access log."""

    __tablename__ = "purpose"

    code: str = Field(primary_key=True, max_length=64)
    description_vi: str
    description_en: str
    legal_basis: str | None = None
    created_at: datetime = Field(default_factory=utcnow)


class OAuthClient(SQLModel, table=True):
    """An OAuth2 client of an agency (or the hub's own citizen portal).

    Secrets are stored hashed; ``jwks`` holds the public keys of a ``private_key_jwt`` client.
    """

    __tablename__ = "oauth_client"

    client_id: str = Field(primary_key=True, max_length=64)
    name: str
    agency_code: str | None = Field(default=None, foreign_key="agency.code", max_length=35)
    token_endpoint_auth_method: str = Field(
        max_length=32
    )  # client_secret_basic|private_key_jwt|none
    secret_hash: str | None = None
    jwks: dict[str, object] | None = Field(default=None, sa_column=Column(JSON))
    redirect_uris: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    grant_types: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    scope: str = ""
    created_at: datetime = Field(default_factory=utcnow)
    secret_rotated_at: datetime | None = None
    disabled_at: datetime | None = None


class ClientPurpose(SQLModel, table=True):
    """A purpose a client may state; ``disclosure_delay_days`` hides its reads from the citizen
    for that long (an investigation), as Estonia's Data Tracker allows by law."""

    __tablename__ = "client_purpose"

    client_id: str = Field(foreign_key="oauth_client.client_id", primary_key=True, max_length=64)
    purpose_code: str = Field(foreign_key="purpose.code", primary_key=True, max_length=64)
    disclosure_delay_days: int = 0


class SigningKey(SQLModel, table=True):
    """An asymmetric key that signs hub tokens.

    The active key signs; a retired key stays published in the JWKS until ``expires_at`` (after
    its last token expired), so rotation never breaks a valid token.
    """

    __tablename__ = "signing_key"

    kid: str = Field(primary_key=True, max_length=64)
    algorithm: str = Field(max_length=16)
    private_pem: str
    public_jwk: dict[str, object] = Field(sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)
    retired_at: datetime | None = None
    expires_at: datetime | None = None


class Consent(SQLModel, table=True):
    """A citizen's consent: this client may read these attribute groups for this purpose."""

    __tablename__ = "consent"
    __table_args__ = (UniqueConstraint("person_id", "client_id", "purpose_code", "granted_at"),)

    id: int | None = Field(default=None, primary_key=True)
    person_id: str = Field(foreign_key="person.id", index=True, max_length=36)
    client_id: str = Field(foreign_key="oauth_client.client_id", max_length=64)
    purpose_code: str = Field(foreign_key="purpose.code", max_length=64)
    scope: str
    granted_at: datetime = Field(default_factory=utcnow)
    revoked_at: datetime | None = None
