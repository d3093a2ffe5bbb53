"""The ``hub`` command's errors: one or two lines on standard error, what to do, no traceback.

``--debug`` (or HUB_DEBUG=1) brings the traceback back for whoever debugs the hub itself.
"""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from pydantic import ValidationError
from typer.testing import CliRunner

from hub.cli import app
from hub.cli_boundary import explain
from hub.migrations_runner import upgrade
from tests.cli_process import run_hub, shell_environment


def run(*arguments: str) -> tuple[int, str, str]:
    """Run ``hub ARGUMENTS`` in-process; return the exit code, standard output and error."""
    result = CliRunner().invoke(app, list(arguments))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stdout, result.stderr


def closed_port() -> int:
    """Return a local port nobody listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("HUB_GRAPHQL_MAX_DEPTH", "deep", "HUB_GRAPHQL_MAX_DEPTH: Input should be a valid integer"),
        ("HUB_ENVIRONMENT", "staging", "HUB_ENVIRONMENT: Input should be 'development'"),
        ("HUB_DATABASE_URL", "hub.db", "HUB_DATABASE_URL: not a database URL; write sqlite:///"),
        ("HUB_DATABASE_URL", "mysql://h/db", "HUB_DATABASE_URL: unsupported database URL scheme"),
        ("HUB_AUDIT_SHARDS", "0", "HUB_AUDIT_SHARDS: Input should be greater than or equal to 1"),
    ],
)
def test_a_wrong_setting_is_named_in_one_line(
    variable: str, value: str, message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a setting with a wrong value
    monkeypatch.setenv(variable, value)
    # When a command runs
    code, stdout, stderr = run("agencies", "list")
    # Then standard error names the setting and the problem, in one line
    assert code == 2
    assert stderr.startswith(f"error: {message}")
    assert len(stderr.splitlines()) == 1
    assert stdout == ""


def test_a_missing_production_setting_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    # Given production with its e-identity provider but without the session secret
    monkeypatch.setenv("HUB_ENVIRONMENT", "production")
    monkeypatch.setenv("HUB_EID_ISSUER", "https://eid.example.gov.vn")
    # When a command runs, then the missing setting is named
    code, _, stderr = run("agencies", "list")
    assert code == 2
    assert (
        stderr == "error: HUB_SESSION_SECRET must be set in production (at least 32 characters)\n"
    )


def test_a_misspelt_setting_is_pointed_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Given a misspelt variable, which the settings would ignore
    monkeypatch.setenv("HUB_DATABASE_URL", f"sqlite:///{tmp_path / 'hub.db'}")
    monkeypatch.setenv("HUB_DATABSE_URL", "sqlite:///elsewhere.db")
    # When a command runs, then a warning names the setting it resembles
    _, _, stderr = run("graphql", "print-schema")
    assert (
        "warning: HUB_DATABSE_URL is not a setting of the hub (did you mean HUB_DATABASE_URL?)"
        in stderr
    )


def test_a_postgres_url_is_taken_as_postgresql(monkeypatch: pytest.MonkeyPatch) -> None:
    # Given the postgres:// spelling that psql and many hosts use, on a server that is down
    port = closed_port()
    monkeypatch.setenv("HUB_DATABASE_URL", f"postgres://hub@127.0.0.1:{port}/hub")
    # When a command runs, then the URL is accepted and the server's absence is what is reported
    code, _, stderr = run("agencies", "list")
    assert code == 1
    assert stderr.startswith(f"error: cannot reach the database server at 127.0.0.1:{port}")
    assert "is PostgreSQL running there, and is HUB_DATABASE_URL right?" in stderr
    assert len(stderr.splitlines()) == 1


def test_an_unreachable_server_is_named_by_every_database_command(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HUB_DATABASE_URL", f"postgresql://hub@127.0.0.1:{closed_port()}/hub")
    # Given a server that is down, when the upgrade runs, then it says so in one line
    code, _, stderr = run("db", "upgrade")
    assert code == 1
    assert stderr.startswith("error: cannot reach the database server")
    assert len(stderr.splitlines()) == 1


def test_a_usage_error_is_one_line_at_any_width(tmp_path: Path) -> None:
    # Given a narrow terminal and a file that does not exist
    missing = tmp_path / ("a-long-folder-name-" * 3) / "people.csv"
    narrow = shell_environment(COLUMNS="40", TERMINAL_WIDTH="40", HUB_ENVIRONMENT="development")
    # When `hub match` is asked to read it
    done = run_hub(
        "match",
        str(missing),
        "--id-column",
        "ma",
        "--output",
        "-",
        "--map",
        "a=full_name",
        cwd=tmp_path,
        env=narrow,
    )
    # Then the error is one unwrapped line, and the second says where the usage is
    assert done.returncode == 2
    lines = done.stderr.splitlines()
    assert lines[0] == f"error: Invalid value for 'file': file '{missing}' does not exist."
    assert lines[1:] == ["(`hub match --help` shows the usage)"]


def test_debug_shows_the_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    # Given a wrong setting
    monkeypatch.setenv("HUB_GRAPHQL_MAX_DEPTH", "deep")
    # When a command runs with --debug, or with HUB_DEBUG=1
    flagged = CliRunner().invoke(app, ["--debug", "agencies", "list"])
    monkeypatch.setenv("HUB_DEBUG", "1")
    exported = CliRunner().invoke(app, ["agencies", "list"])
    # Then the exception is not turned into a line
    assert isinstance(flagged.exception, ValidationError)
    assert isinstance(exported.exception, ValidationError)


def test_debug_shows_the_traceback_in_a_shell(tmp_path: Path) -> None:
    # Given a database that is not migrated, when a command runs with HUB_DEBUG=1
    (tmp_path / "hub.db").touch()
    debugging = shell_environment(HUB_ENVIRONMENT="development", HUB_DEBUG="1")
    done = run_hub("agencies", "list", cwd=tmp_path, env=debugging)
    # Then the traceback is printed
    assert done.returncode == 1
    assert "Traceback" in done.stderr
    assert "Refused" in done.stderr


def test_an_unexpected_error_is_one_line_pointing_at_debug() -> None:
    # Given an error nobody foresaw, then its line says how to see the traceback
    lines, code = explain(RuntimeError("boom\nsecond line"))
    assert lines == [
        "unexpected RuntimeError: boom (run again with --debug, or HUB_DEBUG=1, for the traceback)"
    ]
    assert code == 1


def test_a_refused_input_goes_to_standard_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a migrated database
    url = f"sqlite:///{tmp_path / 'hub.db'}"
    upgrade(url)
    monkeypatch.setenv("HUB_DATABASE_URL", url)
    # When an agency code is malformed, or an entity type unknown
    agency = run("agencies", "create", "--code", "not a code", "--name", "x")
    kind = run("registry", "reindex", "spaceship")
    # Then each is refused on standard error with exit code 2
    for code, stdout, stderr in (agency, kind):
        assert code == 2
        assert stdout == ""
        assert stderr.startswith("error: ")
        assert len(stderr.splitlines()) == 1
