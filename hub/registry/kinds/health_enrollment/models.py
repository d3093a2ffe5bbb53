"""The health-insurance enrolment master: one card validity period of one insured person."""

from __future__ import annotations

from datetime import date

from sqlmodel import Field

from hub.registry.pipeline.masters import MasterColumns


class HealthInsuranceEnrollment(MasterColumns, table=True):
    """A person's enrolment for ``[valid_from, valid_to)``.

    ``enrollment_key`` is ``SIN:valid_from`` (or ``card:CODE`` when the start is unknown), the
    deterministic identity of an enrolment; ``person_id`` is the person master found by social
    insurance number or citizen ID.
    """

    __tablename__ = "health_insurance_enrollment"

    enrollment_key: str | None = Field(default=None, unique=True, max_length=40)
    social_insurance_number: str = Field(index=True, max_length=10)
    card_code: str | None = Field(default=None, index=True, max_length=15)
    person_id: str | None = Field(default=None, index=True, max_length=36)
    citizen_id: str | None = Field(default=None, max_length=12)
    beneficiary_group: str | None = Field(default=None, max_length=2)
    benefit_level: str | None = Field(default=None, max_length=1)
    issuing_province: str | None = Field(default=None, max_length=2)
    valid_from: date | None = None
    valid_to: date | None = None
    clinic_code: str | None = Field(default=None, max_length=16)
    clinic_name: str | None = None
