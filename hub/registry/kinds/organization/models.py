"""The organization master: its columns hold the current golden values."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from hub.kit.clock import utcnow
from hub.registry.kinds.person.models import new_id


class Organization(SQLModel, table=True):
    """An agency (by its Decision 20/2020 agency code) or an enterprise (by its tax code).

    ``agency_code`` is a unique attribute, never the key: codes are corrected and reissued.
    """

    __tablename__ = "organization"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    agency_code: str | None = Field(default=None, unique=True, max_length=35)
    tax_code: str | None = Field(default=None, index=True, max_length=14)
    name: str
    parent_code: str | None = Field(default=None, max_length=35)
    commune_code: str | None = Field(default=None, max_length=5)
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
    merged_into_id: str | None = Field(default=None, max_length=36)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
