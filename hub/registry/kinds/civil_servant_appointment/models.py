"""The civil-servant appointment master: a person in a position of an organization."""

from __future__ import annotations

from datetime import date

from sqlmodel import Field

from hub.registry.pipeline.decimal_text import DecimalText
from hub.registry.pipeline.masters import MasterColumns


class CivilServantAppointment(MasterColumns, table=True):
    """A person holding ``position`` in an organization for ``[valid_from, valid_to)``.

    ``appointment_key`` (citizen ID, agency code, folded position, start date) is the
    deterministic identity; ``person_id`` and ``organization_id`` are the masters those
    identifiers resolved to at ingestion.
    """

    __tablename__ = "civil_servant_appointment"

    appointment_key: str | None = Field(default=None, unique=True, max_length=200)
    citizen_id: str | None = Field(default=None, max_length=12)
    person_id: str | None = Field(default=None, index=True, max_length=36)
    agency_code: str | None = Field(default=None, max_length=35)
    organization_id: str | None = Field(default=None, index=True, max_length=36)
    position: str
    rank_code: str | None = Field(default=None, max_length=16)
    salary_grade: int | None = None
    salary_coefficient: str | None = Field(default=None, sa_type=DecimalText(5, 2))
    valid_from: date | None = None
    valid_to: date | None = None
