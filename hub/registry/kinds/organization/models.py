"""The organization master: its columns hold the current golden values."""

from __future__ import annotations

from sqlmodel import Field

from hub.registry.pipeline.masters import MasterColumns


class Organization(MasterColumns, table=True):
    """An agency (by its Decision 20/2020 agency code) or an enterprise (by its tax code).

    ``agency_code`` is a unique attribute, never the key: codes are corrected and reissued.
    """

    __tablename__ = "organization"

    agency_code: str | None = Field(default=None, unique=True, max_length=35)
    tax_code: str | None = Field(default=None, index=True, max_length=14)
    name: str
    parent_code: str | None = Field(default=None, max_length=35)
    commune_code: str | None = Field(default=None, max_length=5)
