"""Discovery filtered by rights: ``GET /graphql/schema`` and ``hub graphql print-schema --client``."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import graphql
import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession
from typer.testing import CliRunner

from hub.auth.agencies import create_agency
from hub.auth.clients import ClientRegistration, create_client
from hub.auth.keys import ensure_signing_key
from hub.cli import app
from hub.db import Database
from hub.graphql.discovery import filtered_sdl
from hub.graphql.schema import print_schema
from hub.principals.scopes import Scope
from hub.settings import Settings, get_settings

AGENCY = "G12.18"
CLIENT_ID = "identity-only"
SECRET = "discovery-secret-for-tests"
IDENTITY_AND_LAND = "person.identity:read land:read"
EVERY_SCOPE = [scope.value for scope in Scope]


@pytest.fixture(scope="module")
def full_sdl() -> str:
    """The whole SDL, as committed."""
    return print_schema(Settings.model_construct())


def _fields(sdl: str, type_name: str) -> set[str]:
    schema = graphql.build_schema(sdl)
    named = schema.get_type(type_name)
    assert isinstance(named, graphql.GraphQLObjectType), type_name
    return set(named.fields)


async def _register(session: AsyncSession, scopes: str) -> None:
    await create_agency(session, code=AGENCY, name="Cục Cảnh sát")
    await create_client(
        session,
        ClientRegistration(
            name="Identity reader",
            agency_code=AGENCY,
            scopes=scopes,
            grant_types=["client_credentials"],
            client_id=CLIENT_ID,
            secret=SECRET,
        ),
    )


def test_a_client_without_the_address_scope_sees_no_address_field(full_sdl: str) -> None:
    # Given the full schema, where Person has address fields
    assert "address" in _fields(full_sdl, "Person")
    # When it is filtered for a holder of person.identity:read only
    sdl = filtered_sdl(full_sdl, ["person.identity:read"])
    # Then Person keeps its identity fields and loses the address and contact ones
    person = _fields(sdl, "Person")
    assert {"fullName", "birthDate", "citizenId"} <= person
    assert not {"address", "phone", "email"} & person
    # And types that only refused fields reached are gone
    schema = graphql.build_schema(sdl)
    assert schema.get_type("PersonAddress") is None
    assert schema.get_type("LandParcel") is None


def test_every_scope_sees_the_whole_schema(full_sdl: str) -> None:
    # When the schema is filtered for a holder of every scope
    sdl = filtered_sdl(full_sdl, EVERY_SCOPE)
    # Then it is the whole schema
    printed = graphql.print_schema(graphql.build_schema(sdl))
    assert printed == graphql.print_schema(graphql.build_schema(full_sdl))


def test_no_scope_leaves_no_personal_type_and_a_valid_schema(full_sdl: str) -> None:
    # When the schema is filtered for a caller with no scope
    schema = graphql.build_schema(filtered_sdl(full_sdl, []))
    # Then public reference data stays, and no type of personal data is left
    assert schema.query_type is not None
    assert "administrativeUnit" in schema.query_type.fields
    assert schema.get_type("Person") is None
    assert "person" not in schema.query_type.fields
    assert not graphql.validate_schema(schema)


async def test_get_schema_with_a_token_prints_what_its_scopes_allow(
    session: AsyncSession, client: httpx.AsyncClient
) -> None:
    # Given a client holding person.identity:read and land:read, with a token
    await _register(session, IDENTITY_AND_LAND)
    await ensure_signing_key(session)
    await session.commit()
    token = await client.post(
        "/oauth2/token",
        auth=(CLIENT_ID, SECRET),
        data={"grant_type": "client_credentials", "scope": IDENTITY_AND_LAND},
    )
    bearer = {"authorization": f"Bearer {token.json()['access_token']}"}
    # When it fetches the schema
    response = await client.get("/graphql/schema", headers=bearer)
    # Then it gets SDL without address fields, and with the land types
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    person = _fields(response.text, "Person")
    assert "fullName" in person and "address" not in person
    assert "LandParcel" in graphql.build_schema(response.text).type_map


async def test_get_schema_anonymously_is_refused(client: httpx.AsyncClient) -> None:
    # When an anonymous caller fetches the filtered schema
    response = await client.get("/graphql/schema")
    # Then it is told to authenticate
    assert response.status_code == 401
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


@pytest.fixture
def cli_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("HUB_DATABASE_URL", url)
    get_settings.cache_clear()
    assert CliRunner().invoke(app, ["db", "upgrade"]).exit_code == 0
    yield url
    get_settings.cache_clear()


def test_print_schema_for_a_client(cli_database: str) -> None:
    # Given a registered client holding person.identity:read only
    async def register() -> None:
        database = Database.from_url(cli_database)
        try:
            async with database.session() as session:
                await _register(session, "person.identity:read")
                await session.commit()
        finally:
            await database.dispose()

    asyncio.run(register())
    # When `hub graphql print-schema --client` runs for it, and for an unknown client
    result = CliRunner().invoke(app, ["graphql", "print-schema", "--client", CLIENT_ID])
    unknown = CliRunner().invoke(app, ["graphql", "print-schema", "--client", "nobody"])
    # Then it prints the SDL its scopes allow: no address field
    assert result.exit_code == 0, result.output
    person = _fields(result.output, "Person")
    assert "fullName" in person and "address" not in person
    # And an unknown client is named, in one line
    assert unknown.exit_code == 2  # a usage error, as every hub command answers bad input
    assert "nobody" in unknown.output and "Traceback" not in unknown.output
