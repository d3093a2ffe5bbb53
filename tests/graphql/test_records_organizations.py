"""Golden organizations through GraphQL: either code form, tax code, search, provenance."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from hub.audit.models import AccessEntry
from hub.principals.principal import ANONYMOUS
from hub.principals.scopes import Scope
from hub.registry.ingestion import ingest
from hub.registry.kinds.organization import ORGANIZATION
from hub.registry.pipeline.inputs import SourceRecordInput
from tests.access_fixtures import World, build_world, client, codes, run

JAN = datetime(2026, 1, 5, tzinfo=UTC)
FEB = datetime(2026, 2, 5, tzinfo=UTC)
READER = client({Scope.ORGANIZATION_READ}, purpose=None)
TAX_CODE = "0100109106"

BY_CODE = """
query ByCode($code: String!) {
  organization(code: $code) {
    id agencyCode agencyCodeQcvn102 taxCode name parentCode communeCode
    parent { agencyCode name }
    mergedFrom
    provenance { attribute system sourceUpdatedAt }
    history { totalCount edges { node { version change changedAttributes } } }
  }
}
"""
SEARCH = """
query Search($search: String, $first: Int, $after: String) {
  organizations(search: $search, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { agencyCode name } }
  }
}
"""


def organization(
    system: str, source_id: str, updated: datetime, **payload: str
) -> SourceRecordInput:
    """An organization source record."""
    return SourceRecordInput(system, source_id, payload, updated, entity_type=ORGANIZATION)


@pytest.fixture
async def world(session: AsyncSession) -> World:
    world = await build_world(session)
    await ingest(
        session,
        [
            organization("agency_directory", "AD-G12", JAN, agency_code="G12", name="Bộ Công an"),
            organization(
                "agency_directory",
                "AD-1",
                JAN,
                agency_code="G12.18",
                name="Cục Cảnh sát quản lý hành chính về trật tự xã hội",
                parent_code="G12",
            ),
            organization(
                "cadre_management",
                "CM-ORG-9",
                FEB,
                agency_code="000.00.18.G12",
                name="Cuc Canh sat quan ly hanh chinh ve trat tu xa hoi",
                commune_code="00004",
            ),
            organization(
                "business_registry", "BR-1", JAN, tax_code=TAX_CODE, name="Công ty Điện lực"
            ),
        ],
    )
    return world


async def test_an_agency_is_found_by_either_code_form_with_provenance(
    session: AsyncSession, world: World
) -> None:
    # Given an agency known to the agency directory and, in the other code form, to HR
    # When a reader asks for it by each form
    by_decision20 = await run(session, BY_CODE, READER, {"code": "G12.18"})
    by_qcvn = await run(session, BY_CODE, READER, {"code": "000.00.18.G12"})
    # Then both give the one golden organization
    assert "errors" not in by_decision20, by_decision20
    found = by_decision20["data"]["organization"]
    assert by_qcvn == by_decision20
    assert found["agencyCode"] == "G12.18" and found["agencyCodeQcvn102"] == "000.00.18.G12"
    assert found["name"] == "Cục Cảnh sát quản lý hành chính về trật tự xã hội"
    assert found["parent"] == {"agencyCode": "G12", "name": "Bộ Công an"}
    assert found["communeCode"] == "00004" and found["mergedFrom"] == []
    # And each value names its source
    sources = {p["attribute"]: p["system"] for p in found["provenance"]}
    assert sources["name"] == "agency_directory"
    assert sources["communeCode"] == "cadre_management"
    assert found["history"]["totalCount"] >= 1
    assert "name" in found["history"]["edges"][-1]["node"]["changedAttributes"]


async def test_an_enterprise_is_found_by_tax_code_and_nothing_is_access_logged(
    session: AsyncSession, world: World
) -> None:
    # Given an enterprise from the business registry
    # When a reader asks for it by tax code, and for an unknown code
    found = await run(session, BY_CODE, READER, {"code": TAX_CODE})
    unknown = await run(session, BY_CODE, READER, {"code": "G99.99"})
    # Then the enterprise answers, the unknown code is null
    assert found["data"]["organization"]["taxCode"] == TAX_CODE
    assert unknown == {"data": {"organization": None}}
    # And organization data, not being personal, is not in the access log
    count = await session.execute(select(func.count()).select_from(AccessEntry))
    assert count.scalar_one() == 0


async def test_organizations_are_searched_by_folded_name_and_paged(
    session: AsyncSession, world: World
) -> None:
    # Given three organizations
    # When a reader searches without diacritics, by code, and pages through all of them
    by_name = await run(session, SEARCH, READER, {"search": "cuc canh SAT"})
    by_code = await run(session, SEARCH, READER, {"search": "000.00.18.G12"})
    first = await run(session, SEARCH, READER, {"first": 2})
    cursor = first["data"]["organizations"]["pageInfo"]["endCursor"]
    rest = await run(session, SEARCH, READER, {"first": 2, "after": cursor})
    # Then the agency is found both ways, and the pages hold the three once
    agency = {"agencyCode": "G12.18", "name": "Cục Cảnh sát quản lý hành chính về trật tự xã hội"}
    assert by_name["data"]["organizations"]["edges"] == [{"node": agency}]
    assert by_code["data"]["organizations"]["edges"] == [{"node": agency}]
    pages = [first["data"]["organizations"], rest["data"]["organizations"]]
    assert [p["totalCount"] for p in pages] == [3, 3]
    assert [p["pageInfo"]["hasNextPage"] for p in pages] == [True, False]
    names = {e["node"]["name"] for p in pages for e in p["edges"]}
    assert len(names) == 3


async def test_organizations_need_the_organization_scope(
    session: AsyncSession, world: World
) -> None:
    # Given callers without the scope, and without credentials
    # When they ask for an organization
    anonymous = await run(session, BY_CODE, ANONYMOUS, {"code": "G12.18"})
    person_reader = await run(
        session, BY_CODE, client({Scope.PERSON_IDENTITY_READ}), {"code": "G12.18"}
    )
    listing = await run(session, SEARCH, client({Scope.PERSON_IDENTITY_READ}), {})
    # Then they are refused
    assert codes(anonymous) == ["UNAUTHENTICATED"]
    assert codes(person_reader) == ["FORBIDDEN"]
    assert codes(listing) == ["FORBIDDEN"]
    assert anonymous["data"] == {"organization": None}
