"""The land parcel master, its right holders and its lineage; the parcel's columns hold the
current golden values, the two child tables are kept in step with them for lookups.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import JSON, Column, Index
from sqlmodel import Field, SQLModel

from hub.registry.pipeline.decimal_text import DecimalText
from hub.registry.pipeline.masters import MasterColumns


class LandParcel(MasterColumns, table=True):
    """A land parcel, by its legacy key (commune code as surveyed, map sheet, parcel number)
    and, when it has one, its national 12-character ID.

    ``legacy_key`` is not unique: commune codes were reissued in 2025, so the same key can name
    two parcels at different dates; the national ID is unique.
    """

    __tablename__ = "land_parcel"

    legacy_key: str = Field(index=True, max_length=32)
    commune_code: str | None = Field(default=None, index=True, max_length=5)
    map_sheet: int | None = None
    parcel_number: int | None = None
    national_id: str | None = Field(default=None, unique=True, max_length=12)
    area: str | None = Field(default=None, sa_type=DecimalText(14, 1))
    land_use_purpose: str | None = Field(default=None, max_length=16)
    certificate_number: str | None = Field(default=None, max_length=32)
    right_holders: list[dict[str, Any]] | None = Field(
        default=None, sa_column=Column(JSON, nullable=True)
    )
    split_from: list[str] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    merged_from: list[str] | None = Field(default=None, sa_column=Column(JSON, nullable=True))


class ParcelRightHolder(SQLModel, table=True):
    """One right holder of a parcel's golden record and their share ``numerator/denominator``.

    ``person_id`` is the person master the citizen ID resolved to when the record was ingested
    (``None`` when the registry did not know the person then).
    """

    __tablename__ = "land_parcel_right_holder"
    __table_args__ = (Index("ix_land_parcel_right_holder_person", "person_id"),)

    id: int | None = Field(default=None, primary_key=True)
    parcel_id: str = Field(foreign_key="land_parcel.id", index=True, max_length=36)
    person_id: str | None = Field(default=None, max_length=36)
    citizen_id: str | None = Field(default=None, max_length=12)
    name: str | None = None
    share_numerator: int
    share_denominator: int


class ParcelLineage(SQLModel, table=True):
    """A parcel came from ``parent_key`` by a split or a merge, as the source said on
    ``changed_on``; ``parent_id`` is the parent's master when the registry knows it.
    """

    __tablename__ = "land_parcel_lineage"

    id: int | None = Field(default=None, primary_key=True)
    parcel_id: str = Field(foreign_key="land_parcel.id", index=True, max_length=36)
    parent_key: str = Field(max_length=32)
    parent_id: str | None = Field(default=None, index=True, max_length=36)
    relation: str = Field(max_length=8)  # SPLIT | MERGE
    changed_on: date
