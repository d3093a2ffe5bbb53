"""Source records of organizations, land parcels, enrolments and appointments, built the way
source systems send them, for the stewardship tests of every kind of master.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from hub.registry.kinds.civil_servant_appointment import CIVIL_SERVANT_APPOINTMENT
from hub.registry.kinds.health_enrollment import HEALTH_INSURANCE_ENROLLMENT
from hub.registry.kinds.land_parcel import LAND_PARCEL
from hub.registry.kinds.organization import ORGANIZATION
from hub.registry.pipeline.inputs import SourceRecordInput
from tests.registry.master_inputs import AN_CITIZEN_ID, record

JAN = datetime(2026, 1, 10, tzinfo=UTC)
FEB = datetime(2026, 2, 1, tzinfo=UTC)
MAR = datetime(2026, 3, 1, tzinfo=UTC)
BINH_CITIZEN_ID = "001085012345"
SURVEYED_ID = "w7epxsheyytf"
REGISTERED_ID = "w7epxsheyytg"


def source(
    entity_type: str, system: str, source_id: str, updated: datetime = JAN, **payload: Any
) -> SourceRecordInput:
    """Return a source record of ``entity_type``."""
    return SourceRecordInput(system, source_id, payload, updated, entity_type=entity_type)


def land_department(**extra: Any) -> SourceRecordInput:
    """The land administration department as the agency directory has it."""
    payload = {"agency_code": "G12.18", "name": "Cục Quản lý đất đai", "tax_code": "0100109106"}
    return source(ORGANIZATION, "agency_directory", "AD-18", JAN, **{**payload, **extra})


def land_department_in_hr() -> SourceRecordInput:
    """The same agency code in an HR system (QCVN 102 form) with another tax code: the
    identifiers agree in part, so a steward must settle it.
    """
    return source(
        ORGANIZATION,
        "cadre_management",
        "CM-ORG-18",
        FEB,
        agency_code="000.00.18.G12",
        name="Cuc Quan ly dat dai",
        tax_code="0100112437",
    )


def survey_department() -> SourceRecordInput:
    """Another agency of the same ministry, updated later than the land department."""
    return source(
        ORGANIZATION,
        "agency_directory",
        "AD-19",
        FEB,
        agency_code="G12.19",
        name="Cục Đo đạc, Bản đồ và Thông tin địa lý Việt Nam",
    )


def holder(citizen_id: str, name: str, share: str = "1/1") -> dict[str, str]:
    """Return a right holder as a registration office sends it."""
    return {"citizen_id": citizen_id, "name": name, "share": share}


def parcel(
    system: str, source_id: str, number: int, updated: datetime = JAN, **extra: Any
) -> SourceRecordInput:
    """Return parcel 26740-5-``number`` as ``system`` sends it."""
    payload = {"commune_code": "26740", "map_sheet": 5, "parcel_number": number, **extra}
    return source(LAND_PARCEL, system, source_id, updated, **payload)


def an_parcel() -> SourceRecordInput:
    """Parcel 26740-5-12, held by An alone."""
    return parcel(
        "land_registration",
        "GCN-12",
        12,
        JAN,
        area="120.5",
        right_holders=[holder(AN_CITIZEN_ID, "Nguyễn Văn An")],
    )


def binh_parcel() -> SourceRecordInput:
    """Parcel 26740-5-13, held by Bình alone."""
    return parcel(
        "land_registration",
        "GCN-13",
        13,
        FEB,
        area="80",
        right_holders=[holder(BINH_CITIZEN_ID, "Trần Thị Bình")],
    )


def surveyed_parcel() -> SourceRecordInput:
    """Parcel 26740-5-20 in the cadastral database, with its national ID."""
    return parcel("land_records", "VBDLIS-20", 20, JAN, national_id=SURVEYED_ID, area="200")


def registered_parcel() -> SourceRecordInput:
    """The same legacy key at the registration office with another national ID: the
    identifiers agree in part, so a steward must settle it.
    """
    return parcel(
        "land_registration",
        "GCN-20",
        20,
        FEB,
        national_id=REGISTERED_ID,
        right_holders=[holder(BINH_CITIZEN_ID, "Trần Thị Bình")],
    )


def binh() -> SourceRecordInput:
    """Trần Thị Bình as the health-insurance system has her."""
    return record(
        "health_insurance",
        "HI-2",
        JAN,
        citizen_id=BINH_CITIZEN_ID,
        full_name="Trần Thị Bình",
        birth_date="1985-07-01",
        sex="FEMALE",
    )


def enrollment(
    system: str, source_id: str, updated: datetime = JAN, **payload: Any
) -> SourceRecordInput:
    """Return an enrolment source record."""
    return source(HEALTH_INSURANCE_ENROLLMENT, system, source_id, updated, **payload)


def an_card(
    valid_from: str = "2026-01-01", source_id: str = "THE-1", updated: datetime = FEB
) -> SourceRecordInput:
    """An's card for one period, as the social-security agency issued it."""
    return enrollment(
        "health_insurance",
        source_id,
        updated,
        social_insurance_number="7912345678",
        valid_from=valid_from,
        clinic_code="79-024",
        clinic_name="Bệnh viện Quận 1",
    )


def appointment(
    source_id: str, position: str, valid_from: str, updated: datetime = JAN
) -> SourceRecordInput:
    """An's appointment in the land department, as the cadre-management system recorded it."""
    return source(
        CIVIL_SERVANT_APPOINTMENT,
        "cadre_management",
        source_id,
        updated,
        citizen_id=AN_CITIZEN_ID,
        agency_code="G12.18",
        position=position,
        valid_from=valid_from,
    )


@dataclass(frozen=True)
class KindCase:
    """Two masters of one kind (the second's record is the newer, so its values win when they
    are merged) and an attribute a steward corrects on the first.
    """

    entity_type: str
    first: SourceRecordInput
    second: SourceRecordInput
    attribute: str
    value: str
    golden: Any
    """The golden value the override must give (normalised by the kind's validator)."""


CASES = (
    KindCase(
        ORGANIZATION,
        land_department(),
        survey_department(),
        "name",
        "Cục Quản lý  đất đai - Bộ Nông nghiệp và Môi trường ",
        "Cục Quản lý đất đai - Bộ Nông nghiệp và Môi trường",
    ),
    KindCase(LAND_PARCEL, an_parcel(), binh_parcel(), "area", "130,5", "130.5"),
    KindCase(
        HEALTH_INSURANCE_ENROLLMENT,
        an_card("2025-01-01", "THE-0", JAN),
        an_card(),
        "clinic_name",
        "Bệnh viện Quận 3",
        "Bệnh viện Quận 3",
    ),
    KindCase(
        CIVIL_SERVANT_APPOINTMENT,
        appointment("QD-15", "Phó Trưởng phòng", "2024-03-01"),
        appointment("QD-31", "Trưởng phòng", "2025-07-01", FEB),
        "valid_to",
        "30/06/2025",
        "2025-06-30",
    ),
)
"""One case per kind of master that is not a person."""
