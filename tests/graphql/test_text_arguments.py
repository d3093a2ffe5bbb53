"""Text in arguments must be text: every string argument refuses control characters (C0 but
tab and newlines, DEL, C1) and lone surrogates with BAD_USER_INPUT naming the argument.

The arguments are taken from the schema itself, so that a new field is covered the day it is
added; each gets the refused value as a variable, and as an escape in a literal.
"""

from __future__ import annotations

import json

import httpx
import pytest
from graphql import (
    GraphQLArgument,
    GraphQLField,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    get_named_type,
    print_type,
)

from hub.graphql.schema import build_schema
from hub.settings import Environment, Settings

SCHEMA = build_schema(Settings(environment=Environment.TEST))._schema
REFUSED = [
    "24\u0000",
    "a\u0001b",
    "a\u007fb",
    "a\u0080b",
    "Bắc\u0085Ninh",
    "a\u009fb",
    "\ud800",
    "x\udfffy",
]
PLAIN = "Bắc\tNinh\n"
PERSONS_BY_FILTER = """query ($f: PersonFilter!) { persons(filter: $f) { totalCount } }"""
CHILDREN_AFTER = """query ($a: String) { administrativeUnit(code: "01") { children(after: $a) { totalCount } } }"""
SEARCH_VARIABLE = "query ($s: String) { administrativeUnits(search: $s) { totalCount } }"
SEARCH_LITERAL = """{ administrativeUnits(search: "%s") { totalCount } }"""


def _string_arguments() -> list[tuple[str, str, str]]:
    """(operation type, root field, argument) for every String or ID argument at the root."""
    found = []
    for operation, root in (("query", SCHEMA.query_type), ("mutation", SCHEMA.mutation_type)):
        assert root is not None
        for name, field in root.fields.items():
            for argument_name, argument in field.args.items():
                named = get_named_type(argument.type)
                if isinstance(named, GraphQLScalarType) and named.name in ("String", "ID"):
                    found.append((operation, name, argument_name))
    return found


STRING_ARGUMENTS = _string_arguments()


def _document(operation: str, root: GraphQLObjectType, field_name: str) -> str:
    """A document calling ``field_name`` with every argument as a variable of its type."""
    field: GraphQLField = root.fields[field_name]
    arguments: dict[str, GraphQLArgument] = field.args
    definitions = ", ".join(f"${name}: {argument.type}" for name, argument in arguments.items())
    passed = ", ".join(f"{name}: ${name}" for name in arguments)
    output = get_named_type(field.type)
    selection = "" if isinstance(output, GraphQLScalarType) else " { __typename }"
    return f"{operation} ({definitions}) {{ {field_name}({passed}){selection} }}"


def _value(argument: GraphQLArgument, text: str) -> object:
    kind = argument.type.of_type if isinstance(argument.type, GraphQLNonNull) else argument.type
    return [text] if isinstance(kind, GraphQLList) else text


async def _post(
    client: httpx.AsyncClient, document: str, variables: dict[str, object] | None = None
) -> httpx.Response:
    # ASCII JSON: a lone surrogate travels as its \\u escape, as a client's JSON library sends it.
    body = json.dumps({"query": document, "variables": variables or {}})
    return await client.post("/graphql", content=body, headers={"content-type": "application/json"})


def test_the_schema_has_string_arguments_to_check() -> None:
    # The generated cases below are only worth something if they cover the schema's arguments
    assert len(STRING_ARGUMENTS) > 30
    assert "input PersonFilter" in print_type(SCHEMA.type_map["PersonFilter"])


@pytest.mark.parametrize("text", REFUSED, ids=[repr(text) for text in REFUSED])
async def test_every_string_argument_refuses_control_characters_and_lone_surrogates(
    client: httpx.AsyncClient, text: str
) -> None:
    for operation, field_name, argument_name in STRING_ARGUMENTS:
        # Given a root field, and a string argument holding a refused character
        root = SCHEMA.query_type if operation == "query" else SCHEMA.mutation_type
        assert root is not None
        argument = root.fields[field_name].args[argument_name]
        document = _document(operation, root, field_name)
        # When it is sent
        response = await _post(client, document, {argument_name: _value(argument, text)})
        # Then the request is refused before anything runs, naming the argument
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["data"] is None, (field_name, argument_name, body)
        assert [error["extensions"]["code"] for error in body["errors"]] == ["BAD_USER_INPUT"]
        assert f"'{argument_name}'" in body["errors"][0]["message"], body


@pytest.mark.parametrize("escape", ["\\u0000", "\\u0085", "\\u009F", "\\u007F", "\\u001B"])
async def test_an_escaped_control_character_in_a_literal_is_refused(
    client: httpx.AsyncClient, escape: str
) -> None:
    # Given a string literal spelling a control character with an escape
    response = await _post(client, SEARCH_LITERAL % escape)
    # Then the request is refused naming the argument
    body = response.json()
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert body["errors"][0]["message"].startswith("Argument 'search' must not contain")


@pytest.mark.parametrize("text", ["\ud800", "a\u0085b"])
async def test_nested_and_inner_arguments_are_named_too(
    client: httpx.AsyncClient, text: str
) -> None:
    # Given a refused character inside an input object, and in an argument of an inner field
    nested = await _post(client, PERSONS_BY_FILTER, {"f": {"fullName": text}})
    inner = await _post(client, CHILDREN_AFTER, {"a": text})
    # Then each is refused naming the argument that holds it
    assert "'filter'" in nested.json()["errors"][0]["message"]
    assert "'after'" in inner.json()["errors"][0]["message"]
    assert nested.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_tabs_newlines_and_vietnamese_text_pass(client: httpx.AsyncClient) -> None:
    # Given text with a tab, a newline and diacritics
    response = await _post(client, SEARCH_VARIABLE, {"s": PLAIN})
    # Then it is an ordinary search (spacing is folded: it finds Bắc Ninh)
    body = response.json()
    assert "errors" not in body
    assert body["data"]["administrativeUnits"]["totalCount"] >= 1
