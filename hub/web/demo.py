"""Demo data of the web pages (``hub demo load``): a demo citizen with sources and readers, and
a demo steward.

Nguyễn Văn An (``nguyen-van-an``, level 2) is seen by the land and health-insurance systems
(the phone number comes from the land office only) and holds a parcel and a card; the
demo land office read his data twice. Lê Hoàng Minh (``le-hoang-minh``) holds the steward and
auditor roles. Idempotent: ingestion finds unchanged records, roles are kept, reads are added
only once.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from hub.audit import service as audit
from hub.audit.reads import Read, Reader
from hub.auth import staff
from hub.auth.demo import LAND_OFFICE_CLIENT_ID
from hub.kit.pagination import PageRequest
from hub.registry.ingestion import ingest
from hub.registry.kinds.health_enrollment import HEALTH_INSURANCE_ENROLLMENT
from hub.registry.kinds.land_parcel import LAND_PARCEL
from hub.registry.kinds.person import PERSON
from hub.registry.kinds.person import service as persons
from hub.registry.pipeline.inputs import SourceRecordInput

DEMO_CITIZEN_ID = "001085012345"
DEMO_STEWARD_CITIZEN_ID = "048201007316"
_AT = datetime(2026, 3, 2, 8, 30, tzinfo=UTC)


def _inputs() -> list[SourceRecordInput]:
    person = {
        "citizen_id": DEMO_CITIZEN_ID,
        "full_name": "Nguyễn Văn An",
        "birth_date": "1985-03-14",
        "address_commune_code": "00070",
        "address_street": "12 phố Hàng Bạc",
    }
    return [
        SourceRecordInput(
            "land_records",
            "VBDLIS-DEMO-AN",
            {**person, "sex": "Nam", "phone": "0912345678"},
            _AT,
            PERSON,
        ),
        SourceRecordInput(
            "health_insurance",
            "BHXH-DEMO-AN",
            {**person, "sex": "MALE", "social_insurance_number": "0185012345"},
            _AT.replace(month=4),
            PERSON,
        ),
        SourceRecordInput(
            "land_records",
            "VBDLIS-00070-12-345-AN",
            {
                "MaXa": "00070",
                "SoHieuToBanDo": 12,
                "SoThuTuThua": 345,
                "DienTich": "84.5",
                "KyHieuMucDichSuDung": "ODT",
                "certificate_number": "D123456",
                "right_holders": [
                    {"citizen_id": DEMO_CITIZEN_ID, "name": "Nguyễn Văn An", "share": "1/1"}
                ],
            },
            _AT,
            LAND_PARCEL,
        ),
        SourceRecordInput(
            "health_insurance",
            "THE-0185012345-2026",
            {
                "social_insurance_number": "0185012345",
                "citizen_id": DEMO_CITIZEN_ID,
                "valid_from": "2026-01-01",
                "valid_to": "2027-01-01",
                "clinic_code": "01-001",
                "clinic_name": "Bệnh viện Bạch Mai",
            },
            _AT,
            HEALTH_INSURANCE_ENROLLMENT,
        ),
    ]


async def load_web_demo(session: AsyncSession, *, shards: int) -> None:
    """Load the demo citizen's sources and readers and the demo steward's roles."""
    await ingest(session, _inputs())
    for role in ("steward", "auditor"):
        await staff.grant_role(session, DEMO_STEWARD_CITIZEN_ID, role, granted_by="demo")
    person = await persons.find_by_citizen_id(session, DEMO_CITIZEN_ID)
    if person is None:
        return
    seen = await audit.person_log(
        session, person.id, PageRequest(first=1, after=None), include_self=False, visible_at=None
    )
    if seen.total_count:
        return
    reader = Reader(
        kind="CLIENT",
        client_id=LAND_OFFICE_CLIENT_ID,
        agency_code="H01.05",
        purpose_code="land-registration",
        case="HS-2026-000123",
    )
    for group, names in (
        ("person.identity:read", ("citizenId", "fullName")),
        ("land:read", ("landParcels",)),
    ):
        await audit.append_reads(
            session,
            reader,
            [Read(person.id, group, names)],
            operation_name="DemoLandOfficeRead",
            request_id=None,
            shards=shards,
        )
