"""The person record: the identity attributes that authentication and the access log need.

The master-records work grows this into a golden record with provenance and history.
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
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
