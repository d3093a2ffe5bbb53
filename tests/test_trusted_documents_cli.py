"""The ``hub graphql documents`` commands on a fresh SQLite database."""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hub.auth.agencies import create_agency
from hub.auth.clients import ClientRegistration, create_client
from hub.cli import app
from hub.db import Database
from hub.settings import get_settings
from hub.trusted_documents.service import trusted_documents_only

CLIENT_ID = "unit-reader"
DOCUMENT = '{ administrativeUnit(code: "01") { name } }\n'
DOCUMENT_ID = "sha256:" + hashlib.sha256(DOCUMENT.encode()).hexdigest()


@pytest.fixture
def database_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("HUB_DATABASE_URL", url)
    get_settings.cache_clear()
    assert CliRunner().invoke(app, ["db", "upgrade"]).exit_code == 0

    async def register() -> None:
        database = Database.from_url(url)
        try:
            async with database.transaction() as session:
                await create_agency(session, code="G12.18", name="Cục Cảnh sát")
                await create_client(
                    session,
                    ClientRegistration(
                        name="Reader", agency_code="G12.18", scopes="", client_id=CLIENT_ID
                    ),
                )
        finally:
            await database.dispose()

    asyncio.run(register())
    yield url
    get_settings.cache_clear()


def _only(url: str) -> bool:
    async def read() -> bool:
        database = Database.from_url(url)
        try:
            async with database.session() as session:
                return await trusted_documents_only(session, CLIENT_ID)
        finally:
            await database.dispose()

    return asyncio.run(read())


def test_add_list_hold_and_remove(database_url: str, tmp_path: Path) -> None:
    # Given a document in a file
    file = tmp_path / "unit.graphql"
    file.write_text(DOCUMENT, encoding="utf-8")
    runner = CliRunner()
    # When it is added for the client (twice), listed, the client held, and the document removed
    added = runner.invoke(app, ["graphql", "documents", "add", "--client", CLIENT_ID, str(file)])
    again = runner.invoke(app, ["graphql", "documents", "add", "--client", CLIENT_ID, str(file)])
    listed = runner.invoke(app, ["graphql", "documents", "list", "--client", CLIENT_ID])
    held = runner.invoke(app, ["graphql", "documents", "only", "--client", CLIENT_ID])
    was_held = _only(database_url)
    removed = runner.invoke(
        app, ["graphql", "documents", "remove", "--client", CLIENT_ID, DOCUMENT_ID]
    )
    empty = runner.invoke(app, ["graphql", "documents", "list", "--client", CLIENT_ID])
    # Then the id is printed once per add, the same; the list shows it, then nothing
    assert added.exit_code == 0, added.output
    assert added.output.strip() == again.output.strip() == DOCUMENT_ID
    assert DOCUMENT_ID in listed.output and "administrativeUnit" in listed.output
    assert held.exit_code == 0 and was_held
    assert removed.exit_code == 0, removed.output
    assert f"{CLIENT_ID} has no trusted document." in empty.output


def test_bad_input_is_named_in_one_line(database_url: str, tmp_path: Path) -> None:
    # Given a file that does not parse, and an unknown client and document
    broken = tmp_path / "broken.graphql"
    broken.write_text("{ administrativeUnit(", encoding="utf-8")
    runner = CliRunner()
    # When each is given to the commands
    results = [
        runner.invoke(app, ["graphql", "documents", "add", "--client", CLIENT_ID, str(broken)]),
        runner.invoke(app, ["graphql", "documents", "list", "--client", "nobody"]),
        runner.invoke(app, ["graphql", "documents", "remove", "--client", CLIENT_ID, DOCUMENT_ID]),
        runner.invoke(app, ["graphql", "documents", "remove", "--client", CLIENT_ID, "abc"]),
    ]
    # Then each fails with one line naming the problem
    messages = ["does not parse", "nobody", "no trusted document", "SHA-256"]
    for result, message in zip(results, messages, strict=True):
        assert result.exit_code == 2, result.output
        assert message in result.output and "Traceback" not in result.output
