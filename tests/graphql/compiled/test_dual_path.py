"""Every query document of the test suite, run through the resolvers and through the compiled
read path against the same data and caller: same answer (data and errors), same access-log rows.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections import Counter
from typing import Any

import orjson
import pytest
from graphql import GraphQLError, OperationDefinitionNode, OperationType, parse
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

import tests
from hub.graphql.compiled.runner import CompiledReads
from hub.graphql.context import Context
from hub.graphql.dataloaders import Loaders
from hub.graphql.schema import build_schema
from hub.principals.principal import Principal
from hub.principals.scopes import Scope
from hub.settings import Environment, Settings
from tests.access_fixtures import ALICE, World, build_world, citizen, client

SETTINGS = Settings(environment=Environment.TEST, database_url="sqlite:///unused.db")
SCHEMA = build_schema(SETTINGS)

PERSON_PAGE = """
query Lookup($pin: String!) {
  person(pin: $pin) { __typename citizenId fullName birthDate sex phone email wasMerged
    address { communeCode street } }
}
"""
UNITS_PAGE = """
query Communes($parent: String, $first: Int) {
  administrativeUnits(level: COMMUNE, parentCode: $parent, first: $first) {
    __typename totalCount pageInfo { hasNextPage hasPreviousPage }
    edges { __typename node { __typename code name level unitType validFrom validTo asOfDate } }
  }
}
"""
PERSONS_PAGE = """
query Search($commune: String, $born: Date, $first: Int) {
  persons(filter: {communeCode: $commune, birthDate: $born}, first: $first) {
    __typename totalCount pageInfo { hasNextPage hasPreviousPage }
    edges { __typename node { citizenId fullName birthDate phone address { street } } }
  }
}
"""
VARIABLES: dict[str, Any] = {
    "commune": ALICE["address_commune_code"],
    "pin": ALICE["citizen_id"],
    "citizenId": ALICE["citizen_id"],
    "parent": "79",
    "parentCode": "79",
    "code": "79",
    "first": 5,
    "level": "COMMUNE",
}
"""Values given to the documents' variables, by name (the others stay unset)."""


def _documents() -> list[tuple[str, str]]:
    """(where, document) of every module constant under tests/ that is a query document."""
    found: dict[str, str] = {}
    for module_info in pkgutil.walk_packages(tests.__path__, "tests."):
        name = module_info.name
        if not name.rsplit(".", 1)[-1].startswith("test_") or "walkthroughs" in name:
            continue
        module = importlib.import_module(name)
        for constant, value in vars(module).items():
            if constant.isupper() and isinstance(value, str) and _is_query(value):
                found.setdefault(value, f"{name}.{constant}")
    found.setdefault(PERSON_PAGE, "PERSON_PAGE")
    found.setdefault(UNITS_PAGE, "UNITS_PAGE")
    found.setdefault(PERSONS_PAGE, "PERSONS_PAGE")
    return sorted((where, document) for document, where in found.items())


def _is_query(value: str) -> bool:
    try:
        document = parse(value)
    except GraphQLError:
        return False
    return any(
        isinstance(d, OperationDefinitionNode) and d.operation is OperationType.QUERY
        for d in document.definitions
    )


DOCUMENTS = _documents()


def _context(session: AsyncSession, principal: Principal) -> Context:
    return Context(
        request=None,
        response=None,
        session=session,
        loaders=Loaders(session),
        principal=principal,
        request_id="dual-path",
    )


async def _log(session: AsyncSession) -> Counter[tuple[Any, ...]]:
    rows = await session.execute(
        text(
            "SELECT a.person_id, a.attribute_group, a.attributes, a.reader_kind, a.client_id, "
            "a.purpose_code, a.end_user FROM access_log AS a"
        )
    )
    return Counter(tuple(row) for row in rows)


def _answer(result: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"data": orjson.loads(orjson.dumps(result.data))}
    if result.errors:
        body["errors"] = [error.formatted for error in result.errors]
    return body


def _variables(document: str) -> dict[str, Any]:
    names = {
        v.variable.name.value
        for d in parse(document).definitions
        if isinstance(d, OperationDefinitionNode)
        for v in d.variable_definitions or ()
    }
    return {n: VARIABLES[n] for n in names if n in VARIABLES}


def _principals(world: World) -> dict[str, Principal]:
    return {
        "agency client, every scope": client(set(Scope)),
        "agency client, identity only": client({Scope.PERSON_IDENTITY_READ}),
        "citizen Alice": citizen(world.alice, set(Scope)),
    }


async def test_every_query_of_the_suite_answers_alike_both_ways(session: AsyncSession) -> None:
    # given Alice, Bob and the agency, and the compiled path of the same schema
    world = await build_world(session)
    compiled = CompiledReads(SCHEMA, SETTINGS)
    differences: list[str] = []
    compiled_runs = 0
    compiled_fields: set[str] = set()
    for who, principal in _principals(world).items():
        for where, document in DOCUMENTS:
            variables = _variables(document)
            # when the document runs through the resolvers
            before = await _log(session)
            expected = _answer(
                await SCHEMA.execute(
                    document,
                    variable_values=variables,
                    context_value=_context(session, principal),
                )
            )
            expected_log = await _log(session) - before
            # and through the compiled path
            before = await _log(session)
            result = await compiled.execute(_context(session, principal), document, variables, None)
            if result is None:
                continue
            compiled_runs += 1
            compiled_fields |= {n.split("(")[0] for n in result.data or {}}
            got, got_log = _answer(result), await _log(session) - before
            # then both give the same answer and the same access-log rows
            if (got, got_log) != (expected, expected_log):
                differences.append(f"{who} {where}: {got} {got_log} != {expected} {expected_log}")
    assert differences == []
    # and the compiled path did answer documents of the suite for each kind of caller
    assert compiled_runs >= 15, compiled_runs
    assert compiled_fields >= {"person", "persons", "administrativeUnits"}


@pytest.mark.parametrize(
    "value",
    ["'", '"', "\\", "\x00", "x" * 10_000, "0011900000'1", "79' OR '1'='1", "\u00e9\ud800"],
)
async def test_bad_text_through_every_compiled_argument_gets_the_resolvers_answer(
    session: AsyncSession, value: str
) -> None:
    # given the compiled path and an agency client with every scope
    world = await build_world(session)
    principal = _principals(world)["agency client, every scope"]
    compiled = CompiledReads(SCHEMA, SETTINGS)
    for document, variables in (
        (PERSON_PAGE, {"pin": value}),
        (UNITS_PAGE, {"parent": value, "first": 5}),
        (PERSONS_PAGE, {"commune": value, "first": 5}),
    ):
        # when bad text is sent through the argument
        expected = _answer(
            await SCHEMA.execute(
                document, variable_values=variables, context_value=_context(session, principal)
            )
        )
        result = await compiled.execute(_context(session, principal), document, variables, None)
        # then the compiled path either leaves it to the resolvers or answers exactly alike
        if result is not None:
            assert _answer(result) == expected
        assert "INTERNAL" not in str(expected)
