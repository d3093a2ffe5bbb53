"""What the ``hub`` command prints: lists readable in an 80-column terminal, counts in words."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from hub.cli import app
from hub.kit.listing import print_listing
from hub.kit.plural import counted
from tests.cli_process import run_hub, shell_environment

SCOPES = "person.identity:read person.address:read person.contact:read person.sensitive:read"
GRANTS = "client_credentials urn:ietf:params:oauth:grant-type:token-exchange authorization_code"
COLUMNS = ["client_id", "name", "agency", "auth", "grants", "scopes", "purposes", "status"]
ROW = [
    "demo-police",
    "Hệ thống quản lý hồ sơ điều tra (demo)",
    "G01.08",
    "client_secret_basic",
    GRANTS,
    SCOPES,
    "criminal-investigation(+30d)",
    "enabled",
]

CLIENT = ["clients", "create", "--client-id", "demo-police", "--agency", "G01.08", "--name", ROW[1]]
DELAY = ["clients", "set-purpose", "demo-police", "criminal-investigation"]


def rendered(width: int, columns: list[str], rows: list[list[str]]) -> str:
    """Return what ``print_listing`` prints on a terminal ``width`` columns wide."""
    out = io.StringIO()
    print_listing(Console(file=out, width=width, color_system=None), columns, rows)
    return out.getvalue()


@pytest.mark.parametrize("width", [60, 80, 100])
def test_a_wide_list_becomes_one_block_a_row_with_every_value_whole(width: int) -> None:
    # Given a row wider than the terminal, when it is listed
    text = rendered(
        width, COLUMNS, [ROW, ["citizen-portal", "Portal", "", "none", "", "", "", "x"]]
    )
    lines = text.splitlines()
    # Then no line is wider than the terminal, nothing is cut off, and each word stays whole
    assert all(len(line) <= width for line in lines)
    assert "…" not in text
    words = text.split()
    for value in ROW:
        assert all(word in words for word in value.split())
    # And each row starts its block, its values under their names, empty ones left out
    assert lines[0] == "demo-police"
    assert lines[1].split() == ["name", *ROW[1].split()]
    assert "citizen-portal" in lines
    assert "agency" not in text.split("citizen-portal")[1]


def test_a_list_that_fits_stays_a_table() -> None:
    # Given rows that fit the terminal unwrapped, then they are a table
    text = rendered(80, ["code", "name"], [["G12.18", "Cục Cảnh sát"]])
    assert "┃ code   ┃ name         ┃" in text


def test_counts_are_in_words() -> None:
    assert counted(1, "entry", "entries") == "1 entry"
    assert counted(2, "entry", "entries") == "2 entries"
    assert counted(0, "code") == "0 codes"
    assert counted(1, "day") == "1 day"


def test_clients_and_keys_lists_are_readable_at_80_columns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a client with many scopes and grants, and a signing key
    monkeypatch.setenv("HUB_DATABASE_URL", f"sqlite:///{tmp_path / 'hub.db'}")
    runner = CliRunner()
    for arguments in (
        ["db", "upgrade"],
        ["agencies", "create", "--code", "G01.08", "--name", "Cơ quan Cảnh sát điều tra"],
        ["purposes", "create", "--code", "criminal-investigation", "--vi", "Điều tra", "--en", "x"],
        [*CLIENT, "--scopes", SCOPES, "--purposes", "criminal-investigation"],
        ["keys", "rotate"],
    ):
        done = runner.invoke(app, arguments)
        assert done.exit_code == 0, done.output
    # When the disclosure delay is set, then its count is in words
    delayed = runner.invoke(
        app,
        [*DELAY, "--disclosure-delay-days", "1"],
    )
    assert "(disclosure delay 1 day)" in delayed.output
    # When the lists are shown in an 80-column terminal
    terminal = shell_environment(
        COLUMNS="80",
        HUB_ENVIRONMENT="development",
        HUB_DATABASE_URL=f"sqlite:///{tmp_path / 'hub.db'}",
    )
    clients = run_hub("clients", "list", cwd=tmp_path, env=terminal)
    keys = run_hub("keys", "list", cwd=tmp_path, env=terminal)
    # Then no line is wider, and every scope and the key id are whole
    for listed in (clients, keys):
        assert listed.returncode == 0, listed.stderr
        assert all(len(line) <= 80 for line in listed.stdout.splitlines())
        assert "…" not in listed.stdout
    assert set(SCOPES.split()) <= set(clients.stdout.split())
    assert "criminal-investigation(+1d)" in clients.stdout.split()
    kid = keys.stdout.splitlines()[0]
    assert len(kid) > 20
    assert "status           active" in keys.stdout
