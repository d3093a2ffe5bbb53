"""The person master: its columns hold the CURRENT golden values, which sign-in, the access log
and GraphQL read; provenance, history and source records live in the tables beside it.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlmodel import Field, SQLModel

from hub.kit.clock import utcnow


def new_id() -> str:
    """Return a new opaque master id."""
    return str(uuid.uuid4())


class Person(SQLModel, table=True):
    """A person known to the registry; ``citizen_id`` is a unique attribute, not the key."""

    __tablename__ = "person"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    citizen_id: str | None = Field(default=None, unique=True, max_length=12)
    full_name: str
    birth_date: date | None = None
    sex: str | None = Field(default=None, max_length=8)  # MALE | FEMALE
    phone: str | None = None
    email: str | None = None
    address_commune_code: str | None = Field(default=None, max_length=5)
    address_street: str | None = None
    social_insurance_number: str | None = Field(default=None, index=True, max_length=10)
    # Optimistic concurrency: every golden change bumps it; steward actions name the version
    # they saw and fail with Conflict when it moved.
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
    # Set when this master lost a merge: the id keeps resolving and says where it went.
    merged_into_id: str | None = Field(default=None, max_length=36)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
