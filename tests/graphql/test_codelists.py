"""GraphQL queries on the other code lists."""

from __future__ import annotations

from tests.conftest import GraphQLClient

LISTS = "{ codeLists { id name nameEn source versions { version validFrom } } }"
ETHNIC = """{ codeList(id: "ethnic-groups") { id source
  codes(first: 100, asOf: "2025-01-01") { totalCount edges { node { code name validFrom validTo } } } } }"""
SEARCH = """{ codeList(id: "ethnic-groups") { codes(search: "KINH") { edges { node { code name } } } } }"""


async def test_code_lists_name_their_sources(graphql: GraphQLClient) -> None:
    lists = (await graphql(LISTS))["data"]["codeLists"]
    ids = {item["id"] for item in lists}
    assert {
        "administrative-units",
        "ethnic-groups",
        "land-use-purposes",
        "health-insurance-beneficiary-groups",
    } <= ids
    assert all(item["source"] for item in lists)


async def test_54_ethnic_groups(graphql: GraphQLClient) -> None:
    result = (await graphql(ETHNIC))["data"]["codeList"]
    assert result["codes"]["totalCount"] == 54
    assert result["codes"]["edges"][0]["node"]["code"] == "01"


async def test_search_in_a_code_list(graphql: GraphQLClient) -> None:
    result = (await graphql(SEARCH))["data"]["codeList"]["codes"]["edges"]
    assert result[0]["node"]["code"] == "01"
    assert result[0]["node"]["name"].startswith("Kinh")


async def test_unknown_list_is_null(graphql: GraphQLClient) -> None:
    body = await graphql('{ codeList(id: "nope") { id } }')
    assert body == {"data": {"codeList": None}}
