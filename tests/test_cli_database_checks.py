"""Every ``hub`` command on a database it cannot use: one line saying what to do.

Only ``hub db upgrade`` creates a database; any other command on a missing SQLite file says so
instead of leaving an empty file behind, and on an unmigrated database asks for the upgrade
instead of failing half-way with a traceback.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from hub.cli import app
from hub.migrations_runner import upgrade
from tests.conftest import drop_postgres_database, fresh_postgres_database

PEOPLE = "ma,ho_ten\nH1,Nguyễn Văn An\n"
# The arguments each command that reads or writes the database is run with here. A new command
# fails `test_every_command_is_checked` until it is listed (or exempted below, with the reason).
ARGUMENTS: dict[str, list[str]] = {
    "agencies create": ["--code", "000.00.18.G12", "--name", "Cục Cảnh sát"],
    "agencies list": [],
    "audit anchor": [],
    "audit verify": [],
    "clients create": ["--name", "x", "--agency", "G12.18", "--scopes", "person.identity:read"],
    "clients disable": ["some-client"],
    "clients list": [],
    "clients rotate-secret": ["some-client"],
    "clients set-purpose": ["some-client", "residence-check"],
    "codelists import admin-units": [],
    "codelists import bundled": ["ethnic-groups"],
    "codelists list": [],
    "db downgrade": [],
    "demo load": [],
    "demo sync": [],
    "keys list": [],
    "keys rotate": [],
    "match": [
        "{people}",
        "--id-column",
        "ma",
        "--map",
        "ho_ten=full_name",
        "--output",
        "-",
        "--against-registry",
    ],
    "graphql documents add": ["--client", "some-client", "{people}"],
    "graphql documents list": ["--client", "some-client"],
    "graphql documents remove": ["--client", "some-client", "sha256:" + "0" * 64],
    "graphql documents only": ["--client", "some-client"],
    "purposes create": ["--code", "residence-check", "--vi", "Kiểm tra", "--en", "Check"],
    "purposes list": [],
    "registry reindex": ["person"],
    "staff grant": ["001085012345", "--role", "steward"],
    "staff list": [],
    "staff revoke": ["001085012345", "--role", "steward"],
    "registry replay": [],
    "relay": [],
    "outbox prune": [],
    "webhooks create": [
        *("--client", "some-client", "--url", "http://127.0.0.1:9/hook"),
        *("--purpose", "residence-check", "--type", "person"),
    ],
    "webhooks deliveries": ["some-endpoint"],
    "webhooks disable": ["some-endpoint"],
    "webhooks list": [],
    "webhooks replay": ["some-endpoint", "--from", "1"],
    "adapters list": [],
    "adapters runs": [],
    "dead-letters list": [],
    "dead-letters show": ["1"],
    "dead-letters replay": ["1"],
    "dead-letters discard": ["1"],
    "sync": ["cadre-management", "--source", "."],
    "worker": [],
}
EXEMPT = {
    "adapters check": "checks an adapter's configuration and its source; reads no database",
    "simulate health-insurance": "serves a simulated source; reads no database",
    "simulate land-records": "writes export files; reads no database",
    "simulate cadre-management": "writes export files; reads no database",
    "db upgrade": "creates the database",
    "graphql print-schema": (
        "reads no database without --client; with it, opens it through hub.cli_database "
        "(tests/graphql/test_discovery.py)"
    ),
    "serve": "runs a server; tests/test_cli_serve.py checks it in a child process",
}


def leaf_commands(command: object, path: str = "") -> list[str]:
    """Return the full names of every command below ``command``."""
    children = getattr(command, "commands", None)
    if children is None:
        return [path]
    return [
        name
        for child_name, child in children.items()
        for name in leaf_commands(child, f"{path} {child_name}".strip())
    ]


def invoke(command: str, tmp_path: Path) -> tuple[int, str]:
    """Run ``hub COMMAND`` with its listed arguments; return the exit code and the output."""
    people = tmp_path / "people.csv"
    people.write_text(PEOPLE, encoding="utf-8")
    arguments = [a.format(people=people) for a in ARGUMENTS[command]]
    result = CliRunner().invoke(app, [*command.split(), *arguments])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


def test_every_command_is_checked() -> None:
    # Given every command of `hub`, then each is checked below or exempt for a stated reason
    assert set(leaf_commands(typer.main.get_command(app))) == set(ARGUMENTS) | set(EXEMPT)


@pytest.mark.parametrize("command", sorted(ARGUMENTS))
def test_a_missing_sqlite_file_is_named_not_created(
    command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a database URL naming a file that does not exist
    missing = tmp_path / "hub.db"
    monkeypatch.setenv("HUB_DATABASE_URL", f"sqlite:///{missing}")
    # When the command runs
    code, output = invoke(command, tmp_path)
    # Then it names the file and the remedy, in one line, and has not created the file
    assert code == 1, output
    assert f"error: there is no database at {missing}" in output
    assert "run `hub db upgrade` to create it" in output
    assert "Traceback" not in output
    assert not missing.exists()


@pytest.mark.parametrize("command", sorted(set(ARGUMENTS) - {"db downgrade"}))
def test_an_unmigrated_sqlite_file_asks_for_the_upgrade(
    command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given an empty database file (a `touch hub.db`, or a database made by another tool)
    empty = tmp_path / "hub.db"
    empty.touch()
    monkeypatch.setenv("HUB_DATABASE_URL", f"sqlite:///{empty}")
    # When the command runs
    code, output = invoke(command, tmp_path)
    # Then it asks for the upgrade, and has created no table
    assert code == 1, output
    assert "error: the database has none of the hub's tables: run `hub db upgrade` first" in output
    assert "Traceback" not in output
    with sqlite3.connect(empty) as connection:
        assert connection.execute("SELECT name FROM sqlite_master").fetchall() == []


def test_an_older_schema_asks_for_the_upgrade(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a database migrated by an older version of the hub
    url = f"sqlite:///{tmp_path / 'hub.db'}"
    upgrade(url, revision="0010")
    monkeypatch.setenv("HUB_DATABASE_URL", url)
    # When a command runs, then it asks for the upgrade
    code, output = invoke("agencies list", tmp_path)
    assert code == 1
    assert "the database schema is older than this hub (revision 0010, newest" in output
    assert "run `hub db upgrade`" in output


def test_a_schema_from_a_newer_hub_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a database migrated by a newer version of the hub
    path = tmp_path / "hub.db"
    upgrade(f"sqlite:///{path}")
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    monkeypatch.setenv("HUB_DATABASE_URL", f"sqlite:///{path}")
    # When a command runs, then it names the unknown revision
    code, output = invoke("agencies list", tmp_path)
    assert code == 1
    assert "migrated by a newer version of the hub (revision 9999)" in output


def test_a_database_that_does_not_exist_is_named(
    backend: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a database URL naming a database that does not exist
    if backend == "sqlite":
        url, expected = f"sqlite:///{tmp_path / 'hub.db'}", "there is no database at"
    else:
        url = fresh_postgres_database("hub_gone")
        drop_postgres_database(url)
        expected = "does not exist on"
    monkeypatch.setenv("HUB_DATABASE_URL", url)
    # When a command runs, then it says the database does not exist and how to make it
    code, output = invoke("agencies list", tmp_path)
    assert code == 1
    assert expected in output
    assert "hub db upgrade" in output
    assert len(output.splitlines()) == 1


def test_an_unmigrated_database_is_refused_on_every_backend(
    backend: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given an empty database
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / 'hub.db'}"
        (tmp_path / "hub.db").touch()
    else:
        url = fresh_postgres_database("hub_empty")
    monkeypatch.setenv("HUB_DATABASE_URL", url)
    try:
        # When a command runs
        code, output = invoke("clients list", tmp_path)
    finally:
        if backend == "postgresql":
            drop_postgres_database(url)
    # Then it asks for the upgrade
    assert code == 1
    assert "run `hub db upgrade` first" in output
