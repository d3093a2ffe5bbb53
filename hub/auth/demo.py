"""Demo agencies, purposes and clients for ``hub demo load`` (idempotent).

The confidential demo clients get fixed, published secrets, so they exist only when
HUB_ENVIRONMENT is ``development``; the public citizen portal needs no secret.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from hub.auth.agencies import create_agency, get_agency
from hub.auth.client_metadata import TOKEN_EXCHANGE
from hub.auth.clients import ClientRegistration, create_client, get_client, set_client_purpose
from hub.auth.purposes import create_purpose, get_purpose
from hub.principals.scopes import CITIZEN_SELF_SCOPES, format_scopes
from hub.settings import Environment, Settings, get_settings

PORTAL_CLIENT_ID = "citizen-portal"
PORTAL_CALLBACK_PATH = "/auth/portal/callback"
# Where the demo agency clients receive codes when a citizen signs in to their applications;
# nothing listens there, the code is read off the redirect.
AGENCY_CALLBACK_PATH = "/demo/callback"
LAND_OFFICE_CLIENT_ID = "demo-land-office"
LAND_OFFICE_SECRET = "demo-land-office-secret"  # development only; documented
POLICE_CLIENT_ID = "demo-police"
POLICE_SECRET = "demo-police-secret"  # development only; documented
INVESTIGATION_DELAY_DAYS = 30

AGENCIES = (
    ("H01.05", "Văn phòng Đăng ký đất đai Hà Nội (demo)"),
    ("G01.08", "Cơ quan Cảnh sát điều tra (demo)"),
)
PURPOSES = (
    (
        "land-registration",
        "Đăng ký đất đai, cấp Giấy chứng nhận quyền sử dụng đất",
        "Land registration and land-use right certificates",
        "Luật Đất đai số 31/2024/QH15",
    ),
    (
        "health-insurance-claim",
        "Giám định và thanh toán chi phí khám bệnh, chữa bệnh bảo hiểm y tế",
        "Checking and paying health-insurance claims",
        "Luật Bảo hiểm y tế số 25/2008/QH12 (sửa đổi 2024)",
    ),
    (
        "criminal-investigation",
        "Điều tra vụ án hình sự",
        "Criminal investigation",
        "Bộ luật Tố tụng hình sự số 101/2015/QH13",
    ),
)


@dataclass(frozen=True)
class _DemoClient:
    client_id: str
    name: str
    agency_code: str
    scopes: str
    purpose: str
    secret: str


_CONFIDENTIAL = (
    _DemoClient(
        LAND_OFFICE_CLIENT_ID,
        "Hệ thống đăng ký đất đai (demo)",
        "H01.05",
        "person.identity:read person.address:read land:read",
        "land-registration",
        LAND_OFFICE_SECRET,
    ),
    _DemoClient(
        POLICE_CLIENT_ID,
        "Hệ thống quản lý hồ sơ điều tra (demo)",
        "G01.08",
        # Ethnic origin is sensitive personal data (Decree 13/2023/NĐ-CP): only this client
        # holds the scope, so the demo shows one agency reading it and another refused.
        "person.identity:read person.address:read person.contact:read person.sensitive:read",
        "criminal-investigation",
        POLICE_SECRET,
    ),
)


async def load_demo_auth(session: AsyncSession, settings: Settings | None = None) -> None:
    """Create the demo agencies, purposes and clients that do not exist yet."""
    settings = settings or get_settings()
    for code, name in AGENCIES:
        if await get_agency(session, code) is None:
            await create_agency(session, code=code, name=name)
    for code, vi, en, legal_basis in PURPOSES:
        if await get_purpose(session, code) is None:
            await create_purpose(
                session, code=code, description_vi=vi, description_en=en, legal_basis=legal_basis
            )
    if await get_client(session, PORTAL_CLIENT_ID) is None:
        await create_client(
            session,
            ClientRegistration(
                client_id=PORTAL_CLIENT_ID,
                name="Cổng thông tin công dân / Citizen portal",
                agency_code=None,
                scopes=format_scopes(CITIZEN_SELF_SCOPES),
                auth_method="none",
                redirect_uris=[settings.issuer.rstrip("/") + PORTAL_CALLBACK_PATH],
                grant_types=["authorization_code", "refresh_token"],
            ),
        )
    if settings.environment is not Environment.DEVELOPMENT:
        return
    for demo in _CONFIDENTIAL:
        if await get_client(session, demo.client_id) is None:
            await create_client(
                session,
                ClientRegistration(
                    client_id=demo.client_id,
                    name=demo.name,
                    agency_code=demo.agency_code,
                    scopes=demo.scopes,
                    purposes=[demo.purpose],
                    grant_types=[
                        "client_credentials",
                        TOKEN_EXCHANGE,
                        "authorization_code",
                        "refresh_token",
                    ],
                    redirect_uris=[settings.issuer.rstrip("/") + AGENCY_CALLBACK_PATH],
                    secret=demo.secret,
                ),
            )
    await set_client_purpose(
        session,
        POLICE_CLIENT_ID,
        "criminal-investigation",
        disclosure_delay_days=INVESTIGATION_DELAY_DAYS,
    )
