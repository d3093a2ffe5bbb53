"""GraphQL queries on administrative units."""

from __future__ import annotations

from typing import Any

from tests.conftest import GraphQLClient

REFORM_OF_24 = """
{ before: administrativeUnit(code: "24", asOf: "2025-06-30") { name level successors { code name } }
  after: administrativeUnit(code: "24", asOf: "2025-07-01") { name predecessors { code name } }
  provinces: administrativeUnits(level: PROVINCE, asOf: "2025-07-01", first: 1) { totalCount }
  tax: validateIdentifier(scheme: TAX_CODE, value: "0100112437") { valid normalized } }
"""

UNIT = """
query Unit($code: String!, $asOf: Date) {
  administrativeUnit(code: $code, asOf: $asOf) {
    code name level unitType validFrom validTo
    parent { code name level }
    successorLinks { relation isDefault effectiveDate unit { code name } }
  }
}
"""

UNITS = """
query Units($level: AdminLevel, $parentCode: String, $asOf: Date, $search: String, $first: Int, $after: String) {
  administrativeUnits(level: $level, parentCode: $parentCode, asOf: $asOf, search: $search, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { code name } }
  }
}
"""

CHILDREN = """
{ administrativeUnit(code: "79", asOf: "2025-07-01") {
    children(first: 5) { totalCount pageInfo { hasNextPage } edges { node { code level parent { code } } } } } }
"""

VERSIONS = (
    '{ administrativeUnitVersions(code: "26740") { name validFrom validTo successors { name } } }'
)


def data(body: dict[str, Any]) -> dict[str, Any]:
    assert "errors" not in body, body
    result: dict[str, Any] = body["data"]
    return result


async def test_the_readme_query_shows_the_reform_of_code_24(graphql: GraphQLClient) -> None:
    # When the example query of the README runs
    result = data(await graphql(REFORM_OF_24))
    # Then code 24 is Bắc Giang before, merged into new Bắc Ninh after
    assert result["before"]["name"] == "Tỉnh Bắc Giang"
    assert result["before"]["level"] == "PROVINCE"
    assert result["before"]["successors"] == [{"code": "24", "name": "Tỉnh Bắc Ninh"}]
    assert result["after"]["name"] == "Tỉnh Bắc Ninh"
    assert {"code": "24", "name": "Tỉnh Bắc Giang"} in result["after"]["predecessors"]
    assert {"code": "27", "name": "Tỉnh Bắc Ninh"} in result["after"]["predecessors"]
    assert result["provinces"]["totalCount"] == 34
    assert result["tax"] == {"valid": True, "normalized": "0100112437"}


async def test_a_legacy_commune_has_its_district_as_parent(graphql: GraphQLClient) -> None:
    unit = data(await graphql(UNIT, {"code": "26740", "asOf": "2024-01-01"}))["administrativeUnit"]
    assert unit["name"] == "Phường Bến Nghé"
    assert unit["parent"] == {"code": "760", "name": "Quận 1", "level": "DISTRICT"}
    assert unit["validTo"] == "2025-07-01"
    assert unit["successorLinks"] == [
        {
            "relation": "MERGED_INTO",
            "isDefault": True,
            "effectiveDate": "2025-07-01",
            "unit": {"code": "26740", "name": "Phường Sài Gòn"},
        }
    ]


async def test_a_split_commune_lists_its_default_successor_first(graphql: GraphQLClient) -> None:
    # Given a page of legacy communes; find one that was split
    query = """{ administrativeUnits(level: COMMUNE, asOf: "2025-06-30", parentCode: "760", first: 50) {
        edges { node { code successorLinks { relation isDefault unit { code } } } } } }"""
    edges = data(await graphql(query))["administrativeUnits"]["edges"]
    split = [e["node"]["successorLinks"] for e in edges if len(e["node"]["successorLinks"]) > 1]
    for links in split:
        assert links[0]["isDefault"] is True
        assert [link["isDefault"] for link in links].count(True) == 1


async def test_unknown_code_or_date_gives_null_without_error(graphql: GraphQLClient) -> None:
    for code, as_of in [("99", "2025-07-01"), ("27", "2025-07-01"), ("abc", None)]:
        body = await graphql(UNIT, {"code": code, "asOf": as_of})
        assert data(body)["administrativeUnit"] is None


async def test_as_of_defaults_to_today(graphql: GraphQLClient) -> None:
    unit = data(await graphql(UNIT, {"code": "24"}))["administrativeUnit"]
    assert unit["name"] == "Tỉnh Bắc Ninh"


async def test_search_ignores_case_and_diacritics(graphql: GraphQLClient) -> None:
    result = data(
        await graphql(UNITS, {"level": "PROVINCE", "search": "bac ninh", "asOf": "2025-07-01"})
    )
    assert [e["node"]["name"] for e in result["administrativeUnits"]["edges"]] == ["Tỉnh Bắc Ninh"]


async def test_paging_through_communes_with_cursors(graphql: GraphQLClient) -> None:
    # Given the communes of Hà Nội after the reform, 100 per page
    codes: list[str] = []
    after = None
    while True:
        result = data(
            await graphql(
                UNITS, {"parentCode": "01", "asOf": "2025-07-01", "first": 100, "after": after}
            )
        )
        page = result["administrativeUnits"]
        codes += [e["node"]["code"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    # Then every commune arrives once and the total agrees
    assert len(codes) == len(set(codes)) == page["totalCount"] > 100


async def test_children_of_a_2025_province_are_communes(graphql: GraphQLClient) -> None:
    children = data(await graphql(CHILDREN))["administrativeUnit"]["children"]
    assert children["totalCount"] > 100
    assert children["pageInfo"]["hasNextPage"] is True
    assert {e["node"]["level"] for e in children["edges"]} == {"COMMUNE"}
    assert {e["node"]["parent"]["code"] for e in children["edges"]} == {"79"}


async def test_every_meaning_of_a_reused_code(graphql: GraphQLClient) -> None:
    versions = data(await graphql(VERSIONS))["administrativeUnitVersions"]
    assert [v["name"] for v in versions] == ["Phường Bến Nghé", "Phường Sài Gòn"]
    assert versions[0]["successors"] == [{"name": "Phường Sài Gòn"}]
