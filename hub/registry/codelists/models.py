"""Tables of code lists: lists, versions, codes with validity dates, and crosswalks."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Column, Index, UniqueConstraint
from sqlalchemy import Enum as SAEnum
from sqlmodel import Field, SQLModel

from hub.kit.clock import utcnow

ADMIN_UNITS_LIST_ID = "administrative-units"


class AdminLevel(StrEnum):
    """Level of an administrative unit; districts exist only before 1 July 2025."""

    PROVINCE = "PROVINCE"
    DISTRICT = "DISTRICT"
    COMMUNE = "COMMUNE"


class CodeList(SQLModel, table=True):
    """A code list such as the administrative units or the ethnic groups, with its source."""

    __tablename__ = "code_list"

    id: str = Field(primary_key=True, max_length=64)
    name: str
    name_en: str
    source: str
    source_url: str | None = None
    licence: str | None = None
    notes: str | None = None


class CodeListVersion(SQLModel, table=True):
    """One imported version of a code list (a legal text, a data release)."""

    __tablename__ = "code_list_version"
    __table_args__ = (UniqueConstraint("list_id", "version"),)

    id: int | None = Field(default=None, primary_key=True)
    list_id: str = Field(foreign_key="code_list.id", index=True, max_length=64)
    version: str
    valid_from: date | None = None
    imported_at: datetime = Field(default_factory=utcnow)
    source: str


class Code(SQLModel, table=True):
    """A code valid on ``[valid_from, valid_to)``; the same code may mean other things at other dates.

    ``valid_from`` is ``None`` when the source does not say when the code came into force (the
    legacy administrative units are the list as it stood on 2025-06-30).
    """

    __tablename__ = "code"
    __table_args__ = (
        UniqueConstraint("list_id", "code", "valid_from", name="uq_code_list_code_from"),
        Index("ix_code_lookup", "list_id", "code"),
        Index("ix_code_parent", "list_id", "parent_code"),
        Index("ix_code_level", "list_id", "level", "code"),
    )

    id: int | None = Field(default=None, primary_key=True)
    list_id: str = Field(foreign_key="code_list.id", max_length=64)
    version_id: int = Field(foreign_key="code_list_version.id")
    code: str = Field(max_length=64)
    name: str
    name_en: str | None = None
    search_key: str = Field(description="name folded for case- and diacritic-insensitive search")
    level: AdminLevel | None = Field(
        default=None, sa_column=Column(SAEnum(AdminLevel, native_enum=False, length=16))
    )
    kind: str | None = Field(default=None, description="unit type as named by the source")
    parent_code: str | None = Field(default=None, max_length=64)
    valid_from: date | None = None
    valid_to: date | None = None


class CrosswalkRelation(StrEnum):
    """How an old code relates to a new one."""

    MERGED_INTO = "MERGED_INTO"
    SPLIT_INTO = "SPLIT_INTO"


class Crosswalk(SQLModel, table=True):
    """Old code → new code on ``effective_date``; many to many.

    The old unit is the one valid the day before ``effective_date`` and the new one the one valid
    on it, so that a code kept by a successor (Bắc Giang's ``24`` for new Bắc Ninh) stays
    unambiguous. ``is_default`` marks the default successor of a unit that was split.
    """

    __tablename__ = "code_crosswalk"
    __table_args__ = (
        UniqueConstraint("list_id", "old_code", "new_code", "effective_date"),
        Index("ix_crosswalk_new", "list_id", "new_code", "effective_date"),
    )

    id: int | None = Field(default=None, primary_key=True)
    list_id: str = Field(foreign_key="code_list.id", max_length=64)
    old_code: str = Field(max_length=64)
    new_code: str = Field(max_length=64)
    effective_date: date
    relation: CrosswalkRelation = Field(
        sa_column=Column(SAEnum(CrosswalkRelation, native_enum=False, length=16), nullable=False)
    )
    is_default: bool = True
