"""What the generated people hold in the other systems: land parcels in the cadastral
database, health-insurance cards at the social-security agency, appointments in the cadre
system of the demo agencies, and those agencies in the agency directory. Each is a source
record of its own kind, naming its person by citizen ID or social insurance number, so the
demo's golden persons link to parcels, enrolments and appointments the way real ones do.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from datetime import datetime

from hub.registry.kinds.civil_servant_appointment import CIVIL_SERVANT_APPOINTMENT
from hub.registry.kinds.health_enrollment import HEALTH_INSURANCE_ENROLLMENT
from hub.registry.kinds.land_parcel import LAND_PARCEL
from hub.registry.kinds.organization import ORGANIZATION
from hub.registry.pipeline.inputs import SourceRecordInput
from hub.registry.population.generator import Person

DEMO_ORGANIZATIONS: Sequence[tuple[str, str, str]] = (
    ("H01.05", "Văn phòng Đăng ký đất đai Hà Nội (demo)", "00070"),
    ("G01.08", "Cơ quan Cảnh sát điều tra (demo)", "00070"),
    ("G12.18", "Cục Quản lý đất đai", "00070"),
)
"""``(agency code, name, commune)`` of the agencies the demo registers (the first two are the
demo clients' agencies in ``hub.auth.demo``): organizations are masters, agencies are who
calls the API, and the agency code links the two."""

PARCEL_SHARE = 0.6
CARD_SHARE = 0.7
APPOINTMENT_SHARE = 0.08
_PURPOSES = ("ODT", "ONT", "CLN")
_POSITIONS = (
    ("Chuyên viên", "01.003"),
    ("Chuyên viên chính", "01.002"),
    ("Phó trưởng phòng", "01.002"),
)
_CLINICS = (
    ("01-001", "Bệnh viện Bạch Mai"),
    ("79-024", "Bệnh viện Quận 1"),
    ("48-001", "Bệnh viện Đà Nẵng"),
)


def organization_inputs(updated: datetime) -> Iterator[SourceRecordInput]:
    """Yield the demo agencies as the agency directory sends them."""
    for code, name, commune in DEMO_ORGANIZATIONS:
        payload = {"agency_code": code, "name": name, "commune_code": commune}
        yield SourceRecordInput("agency_directory", f"AD-{code}", payload, updated, ORGANIZATION)


def holding_inputs(
    rng: random.Random, person: Person, updated: datetime, *, every_kind: bool = False
) -> Iterator[SourceRecordInput]:
    """Yield what ``person`` holds elsewhere, drawn from ``rng`` (the demo's seeded one);
    with ``every_kind``, one of each (the person the walkthroughs show)."""
    draws = [rng.random() for _ in range(3)]
    if every_kind or draws[0] < PARCEL_SHARE:
        yield _parcel(rng, person, updated)
    if every_kind or draws[1] < CARD_SHARE:
        yield _card(rng, person, updated)
    if every_kind or draws[2] < APPOINTMENT_SHARE:
        yield _appointment(rng, person, updated)


def _parcel(rng: random.Random, person: Person, updated: datetime) -> SourceRecordInput:
    sheet, number = rng.randint(1, 60), rng.randint(1, 900)
    payload = {
        "MaXa": person.commune_code,
        "SoHieuToBanDo": sheet,
        "SoThuTuThua": number,
        "DienTich": f"{rng.randint(400, 5000) / 10:.1f}",
        "KyHieuMucDichSuDung": rng.choice(_PURPOSES),
        "certificate_number": f"D{rng.randint(100000, 999999)}",
        "right_holders": [
            {"citizen_id": person.citizen_id, "name": person.full_name, "share": "1/1"}
        ],
    }
    source_id = f"VBDLIS-{person.commune_code}-{sheet}-{number}-{person.key}"
    return SourceRecordInput("land_records", source_id, payload, updated, LAND_PARCEL)


def _card(rng: random.Random, person: Person, updated: datetime) -> SourceRecordInput:
    clinic_code, clinic_name = rng.choice(_CLINICS)
    payload = {
        "social_insurance_number": person.social_insurance_number,
        # Cards since 2021 carry the insurance number; the agency also keeps the citizen ID,
        # which finds the person when the registry has not heard the number from elsewhere.
        "citizen_id": person.citizen_id,
        "valid_from": "2026-01-01",
        "valid_to": "2027-01-01",
        "clinic_code": clinic_code,
        "clinic_name": clinic_name,
    }
    source_id = f"THE-{person.social_insurance_number}-2026"
    return SourceRecordInput(
        "health_insurance", source_id, payload, updated, HEALTH_INSURANCE_ENROLLMENT
    )


def _appointment(rng: random.Random, person: Person, updated: datetime) -> SourceRecordInput:
    code, _, _ = rng.choice(DEMO_ORGANIZATIONS)
    position, rank = rng.choice(_POSITIONS)
    payload = {
        "citizen_id": person.citizen_id,
        "agency_code": code,
        "position": position,
        "rank_code": rank,
        "valid_from": f"20{rng.randint(10, 25)}-0{rng.randint(1, 9)}-01",
    }
    source_id = f"CM-APPT-{person.key}"
    return SourceRecordInput(
        "cadre_management", source_id, payload, updated, CIVIL_SERVANT_APPOINTMENT
    )
