"""Table of staff roles: which citizens (by citizen ID) may use the steward console, as what."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel


class StaffRole(SQLModel, table=True):
    """One role granted to one person of staff; revoking sets ``revoked_at`` (rows are history).

    Staff sign in with e-identity like everybody; the citizen ID of their session is looked up
    here. ``role`` is ``steward`` or ``auditor``.
    """

    __tablename__ = "staff_role"
    __table_args__ = (Index("ix_staff_role_citizen", "citizen_id", "role"),)

    id: int | None = Field(default=None, primary_key=True)
    citizen_id: str = Field(max_length=12)
    role: str = Field(max_length=16)
    granted_at: datetime
    granted_by: str = Field(max_length=128)
    revoked_at: datetime | None = None
