"""Source records of a few people, built the way source systems send them, for the tests of
ingestion and stewardship.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from hub.registry.kinds.person import PERSON
from hub.registry.pipeline.inputs import SourceRecordInput

AN_CITIZEN_ID = "079090001234"
JAN = datetime(2026, 1, 10, tzinfo=UTC)
FEB = datetime(2026, 2, 1, tzinfo=UTC)
MAR = datetime(2026, 3, 1, tzinfo=UTC)


def record(
    system: str, source_id: str, updated: datetime = JAN, **payload: Any
) -> SourceRecordInput:
    """Return a person source record."""
    return SourceRecordInput(system, source_id, payload, updated, PERSON)


def an_from_health() -> SourceRecordInput:
    """Nguyễn Văn An as the health-insurance system has him: accented, 2025 commune code."""
    return record(
        "health_insurance",
        "HI-1",
        JAN,
        citizen_id=AN_CITIZEN_ID,
        social_insurance_number="7912345678",
        full_name="Nguyễn Văn An",
        birth_date="1990-03-15",
        sex="MALE",
        address_commune_code="26740",
    )


def an_from_land() -> SourceRecordInput:
    """The same man in the land records: diacritics stripped, the pre-2025 commune code."""
    return record(
        "land_records",
        "LR-1",
        FEB,
        citizen_id=AN_CITIZEN_ID,
        full_name="Nguyen Van An",
        birth_date="15/03/1990",
        sex="Nam",
        address_commune_code="26746",
        address_street="Số 12 Lê Lợi",
    )


def an_near_match() -> SourceRecordInput:
    """A cadre record without identifiers: same name, birth date and sex, another commune."""
    return record(
        "cadre_management",
        "CM-7",
        FEB,
        full_name="Nguyễn Văn An",
        birth_date="15/03/1990",
        sex="Nam",
        address_commune_code="00004",
    )
