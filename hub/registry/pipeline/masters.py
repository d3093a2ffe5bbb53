"""What every master has, whatever its kind: an opaque id, a version, a redirect when it lost a
merge, and its creation and update times; the pipeline reads and writes masters only through
these and the kind's declared attributes.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

import uuid6
from sqlmodel import Field, SQLModel

from hub.kit.clock import utcnow


def new_id() -> str:
    """Return a new opaque id for a master or source record.

    UUIDv7 (RFC 9562): time-ordered, so rows are appended at the end of primary-key and
    foreign-key indexes instead of at random places (random UUIDv4 ids scatter every insert
    over the whole index). The id says nothing a reader may rely on beyond its uniqueness.
    """
    return str(uuid6.uuid7())


class MasterColumns(SQLModel):
    """The bookkeeping columns of every master table (a kind's model inherits them)."""

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    # Optimistic concurrency: every golden change bumps it; steward actions name the version
    # they saw and fail with Conflict when it moved.
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
    # Set when this master lost a merge: the id keeps resolving and says where it went.
    merged_into_id: str | None = Field(default=None, max_length=36)
    # Set when every source record behind the master was retired: its last values stay, and a
    # live source record joining it again clears this.
    retired_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class Master(Protocol):
    """A master as the pipeline sees it; its golden attributes are read and set by name."""

    id: str
    version: int
    merged_into_id: str | None
    retired_at: datetime | None
    created_at: datetime
    updated_at: datetime
