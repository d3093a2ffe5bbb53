"""Dataloaders: a page of 100 persons with their parcels, enrolments, appointments and named
ethnic groups costs the same SQL statements as a page of 10."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from hub.db import Database
from hub.principals.scopes import Scope
from hub.registry.ingestion import ingest
from hub.registry.kinds.civil_servant_appointment import CIVIL_SERVANT_APPOINTMENT
from hub.registry.kinds.health_enrollment import HEALTH_INSURANCE_ENROLLMENT
from hub.registry.kinds.land_parcel import LAND_PARCEL
from hub.registry.kinds.organization import ORGANIZATION
from hub.registry.kinds.person.ethnic_groups import LIST_2008
from hub.registry.pipeline.inputs import SourceRecordInput
from tests.access_fixtures import build_world, client, run
from tests.registry.master_inputs import record
from tests.statement_counter import counting

ALL = frozenset(
    {
        Scope.PERSON_IDENTITY_READ,
        Scope.PERSON_CONTACT_READ,
        Scope.PERSON_ADDRESS_READ,
        Scope.PERSON_SENSITIVE_READ,
        Scope.LAND_READ,
        Scope.HEALTH_READ,
        Scope.CADRE_READ,
    }
)
PERSONS = 110
JAN = datetime(2026, 1, 10, tzinfo=UTC)
PAGE = """
query Page($first: Int) {
  persons(filter: {communeCode: "26740"}, first: $first) {
    totalCount
    edges { node {
      id fullName identifiers { value } wasMerged mergedFrom
      address { communeCode commune { name } }
      ethnicGroup { code name }
      provenance { attribute system sourceRecordId sourceUpdatedAt }
      history(first: 5) { totalCount edges { node { version changedAttributes } } }
      landParcels { nationalId area share holderCount provenance { attribute system }
                    history { totalCount } }
      healthInsurance { socialInsuranceNumber validFrom provenance { attribute system }
                        history { totalCount } }
      appointments { position organization { name parent { name } }
                     provenance { attribute system } history { totalCount } }
    } }
  }
}
"""
# The access log's own writes (a chain head per shard touched, in a savepoint that a lost race
# for a head rolls back) are not the resolvers' cost.
AUDIT_TABLES = ("access_log", "request_log", "audit_anchor", "SAVEPOINT")


def _resolver_statements(statements: list[str]) -> list[str]:
    return [s for s in statements if not any(t in s for t in AUDIT_TABLES)]


async def test_a_page_of_100_costs_the_statements_of_a_page_of_10(
    database: Database, session: AsyncSession
) -> None:
    # given 110 persons in one commune, each with a parcel, an enrolment and an appointment
    await build_world(session)
    await ingest(session, list(_population()))
    await run(session, PAGE, client(ALL), {"first": 1})

    # when an agency reads a page of 10 persons with their provenance and history, then of 100
    with counting(database) as small:
        ten = await run(session, PAGE, client(ALL), {"first": 10})
    with counting(database) as large:
        hundred = await run(session, PAGE, client(ALL), {"first": 100})

    # then both pages are whole, with provenance
    assert "errors" not in ten and "errors" not in hundred, hundred.get("errors")
    nodes = [e["node"] for e in hundred["data"]["persons"]["edges"]]
    assert len(nodes) == 100 and len(ten["data"]["persons"]["edges"]) == 10
    assert sum(1 for n in nodes if n["provenance"]) >= 98
    held = [n for n in nodes if n["landParcels"] and n["healthInsurance"] and n["appointments"]]
    assert len(held) >= 98
    assert held[0]["appointments"][0]["organization"]["parent"] == {"name": "Bộ Công an"}
    assert held[0]["landParcels"][0]["share"] == "1"
    # and every ethnic group is named (the code list read once per page: the counts below)
    named = [n["ethnicGroup"] for n in nodes if n["ethnicGroup"]]
    groups = {g["code"]: g["name"] for g in named}
    assert len(named) >= 98 and len(groups) == 54
    assert all(groups.values()) and groups["06"] == "Hoa"
    # and the resolvers sent the same small number of statements for both
    assert len(_resolver_statements(large)) == len(_resolver_statements(small))
    assert len(_resolver_statements(small)) <= 20, _resolver_statements(small)


def _population() -> Iterator[SourceRecordInput]:
    for code, name, parent in (("G12", "Bộ Công an", None), ("G12.18", "Cục Cảnh sát", "G12")):
        payload = {"agency_code": code, "name": name, **({"parent_code": parent} if parent else {})}
        yield SourceRecordInput("agency_directory", code, payload, JAN, entity_type=ORGANIZATION)
    for n in range(1, PERSONS + 1):
        citizen_id = f"079090{n:06d}"
        number = f"79{n:08d}"
        yield record(
            "health_insurance",
            f"HI-{n}",
            citizen_id=citizen_id,
            social_insurance_number=number,
            full_name=f"Nguyễn Văn Số {n}",
            birth_date="1990-03-15",
            sex="MALE",
            address_commune_code="26740",
            ethnic_group=f"{n % 54 + 1:02d}",
            ethnic_group_list=LIST_2008,
        )
        yield SourceRecordInput(
            "land_registration",
            f"GCN-{n}",
            {
                "commune_code": "26740",
                "map_sheet": 5,
                "parcel_number": n,
                "area": "100",
                "right_holders": [{"citizen_id": citizen_id, "name": "-", "share": "1"}],
            },
            JAN,
            entity_type=LAND_PARCEL,
        )
        yield SourceRecordInput(
            "health_insurance",
            f"THE-{n}",
            {"social_insurance_number": number, "valid_from": "2026-01-01"},
            JAN,
            entity_type=HEALTH_INSURANCE_ENROLLMENT,
        )
        yield SourceRecordInput(
            "cadre_management",
            f"QD-{n}",
            {"citizen_id": citizen_id, "agency_code": "G12.18", "position": "Chuyên viên"},
            JAN,
            entity_type=CIVIL_SERVANT_APPOINTMENT,
        )
