"""The demo citizens the development provider signs in, and their registry records.

Names are written surname first; citizen IDs follow ``PPP G YY RRRRRR`` with the province
code (of the 63-province list) where the birth was registered and century/sex and year digits
that agree with the birth date and sex; addresses use commune codes of the 2025 structure.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from hub.registry.kinds.person import service as records

LEVEL_1_ACR = "urn:vneid:loa:1"
LEVEL_2_ACR = "urn:vneid:loa:2"


@dataclass(frozen=True)
class DemoCitizen:
    """A demo citizen: identity, e-identity level (``acr``), contact data and address."""

    key: str
    citizen_id: str
    family_name: str
    middle_name: str
    given_name: str
    birth_date: date
    sex: str  # MALE | FEMALE
    acr: str
    phone: str
    email: str
    address_commune_code: str
    address_commune_name: str
    address_street: str

    @property
    def full_name(self) -> str:
        """The full name, surname first."""
        return f"{self.family_name} {self.middle_name} {self.given_name}"

    def identity_claims(self) -> dict[str, str]:
        """The OpenID Connect claims the development provider releases for this citizen."""
        return {
            "name": self.full_name,
            "family_name": self.family_name,
            "middle_name": self.middle_name,
            "given_name": self.given_name,
            "birthdate": self.birth_date.isoformat(),
            "gender": self.sex.lower(),
            "citizen_id": self.citizen_id,
        }


_DEMO_CITIZENS = (
    DemoCitizen(
        key="nguyen-van-an",
        # 001: birth registered in Hà Nội; 0: male born in the 1900s; 85: 1985.
        citizen_id="001085012345",
        family_name="Nguyễn",
        middle_name="Văn",
        given_name="An",
        birth_date=date(1985, 3, 14),
        sex="MALE",
        acr=LEVEL_2_ACR,
        phone="0912345678",
        email="nguyen.van.an@example.com",
        address_commune_code="00070",
        address_commune_name="Phường Hoàn Kiếm, Thành phố Hà Nội",
        address_street="12 phố Hàng Bạc",
    ),
    DemoCitizen(
        key="tran-thi-bich-ngoc",
        # 079: Hồ Chí Minh City; 1: female born in the 1900s; 92: 1992.
        citizen_id="079192004821",
        family_name="Trần",
        middle_name="Thị Bích",
        given_name="Ngọc",
        birth_date=date(1992, 11, 2),
        sex="FEMALE",
        acr=LEVEL_1_ACR,
        phone="0908765432",
        email="tran.bich.ngoc@example.com",
        address_commune_code="26740",
        address_commune_name="Phường Sài Gòn, Thành phố Hồ Chí Minh",
        address_street="45 đường Lê Lợi",
    ),
    DemoCitizen(
        key="le-hoang-minh",
        # 048: Đà Nẵng; 2: male born in the 2000s; 01: 2001.
        citizen_id="048201007316",
        family_name="Lê",
        middle_name="Hoàng",
        given_name="Minh",
        birth_date=date(2001, 7, 21),
        sex="MALE",
        acr=LEVEL_1_ACR,
        phone="0935112233",
        email="le.hoang.minh@example.com",
        address_commune_code="20242",
        address_commune_name="Phường Hải Châu, Thành phố Đà Nẵng",
        address_street="88 đường Bạch Đằng",
    ),
    DemoCitizen(
        key="pham-thi-thu-ha",
        # 092: Cần Thơ; 3: female born in the 2000s; 03: 2003.
        citizen_id="092303002745",
        family_name="Phạm",
        middle_name="Thị Thu",
        given_name="Hà",
        birth_date=date(2003, 1, 30),
        sex="FEMALE",
        acr=LEVEL_2_ACR,
        phone="0987654321",
        email="pham.thu.ha@example.com",
        address_commune_code="31135",
        address_commune_name="Phường Ninh Kiều, Thành phố Cần Thơ",
        address_street="27 đường Hai Bà Trưng",
    ),
)


def demo_citizens() -> tuple[DemoCitizen, ...]:
    """Return the demo citizens: two at level 1, two at level 2."""
    return _DEMO_CITIZENS


def demo_citizen(key: str) -> DemoCitizen | None:
    """Return the demo citizen with ``key``, or ``None``."""
    return next((citizen for citizen in _DEMO_CITIZENS if citizen.key == key), None)


async def load_demo_citizens(session: AsyncSession) -> None:
    """Create the registry persons of the demo citizens (idempotent; the caller commits)."""
    for citizen in _DEMO_CITIZENS:
        await records.ensure_person(
            session,
            citizen_id=citizen.citizen_id,
            full_name=citizen.full_name,
            birth_date=citizen.birth_date,
            sex=citizen.sex,
            phone=citizen.phone,
            email=citizen.email,
            address_commune_code=citizen.address_commune_code,
            address_street=citizen.address_street,
        )
