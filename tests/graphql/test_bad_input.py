"""Bad input: a specific error code and a message naming the argument, never a 500."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import GraphQLClient

UNITS = "query ($first: Int, $after: String) { administrativeUnits(first: $first, after: $after) { totalCount } }"


def only_error(body: dict[str, Any]) -> dict[str, Any]:
    errors = body.get("errors")
    assert errors and len(errors) == 1, body
    error: dict[str, Any] = errors[0]
    return error


@pytest.mark.parametrize(
    ("document", "argument"),
    [
        ('{ administrativeUnit(code: "24", asOf: "2025-13-45") { name } }', "asOf"),
        ('{ administrativeUnit(code: "24", asOf: "yesterday") { name } }', "asOf"),
        ("{ administrativeUnits(level: CANTON) { totalCount } }", "level"),
        ('{ validateIdentifier(scheme: PASSPORT, value: "1") { valid } }', "scheme"),
    ],
)
async def test_malformed_literal_names_the_argument(
    graphql: GraphQLClient, document: str, argument: str
) -> None:
    error = only_error(await graphql(document))
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert argument in error["message"]


async def test_malformed_date_variable_names_the_argument(graphql: GraphQLClient) -> None:
    document = 'query ($d: Date) { administrativeUnit(code: "24", asOf: $d) { name } }'
    error = only_error(await graphql(document, {"d": "2025-02-30"}))
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "asOf" in error["message"]


@pytest.mark.parametrize("first", [-1, 101, 10_000])
async def test_page_size_out_of_range(graphql: GraphQLClient, first: int) -> None:
    error = only_error(await graphql(UNITS, {"first": first}))
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "'first'" in error["message"]


async def test_foreign_cursor(graphql: GraphQLClient) -> None:
    error = only_error(await graphql(UNITS, {"first": 5, "after": "not a cursor!"}))
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "'after'" in error["message"]


async def test_nul_character_is_refused_before_the_database(graphql: GraphQLClient) -> None:
    error = only_error(
        await graphql(
            "query ($c: String!) { administrativeUnit(code: $c) { name } }", {"c": "24\u0000"}
        )
    )
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "'code'" in error["message"]


async def test_syntax_error_is_bad_user_input(graphql: GraphQLClient) -> None:
    error = only_error(await graphql("{ administrativeUnit(code: "))
    assert error["extensions"]["code"] == "BAD_USER_INPUT"


async def test_invalid_identifier_is_a_normal_answer(graphql: GraphQLClient) -> None:
    body = await graphql(
        '{ validateIdentifier(scheme: TAX_CODE, value: "0100112438") { valid errors { code message } } }'
    )
    assert "errors" not in body
    result = body["data"]["validateIdentifier"]
    assert result["valid"] is False
    assert result["errors"]
