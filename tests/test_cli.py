"""The ``hub`` command on a fresh SQLite database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hub.cli import app
from hub.settings import get_settings


@pytest.fixture
def fresh_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    path = tmp_path / "cli.db"
    monkeypatch.setenv("HUB_DATABASE_URL", f"sqlite:///{path}")
    get_settings.cache_clear()
    yield path
    get_settings.cache_clear()


def test_migrate_import_and_list(fresh_database: Path) -> None:
    runner = CliRunner()
    # Given a fresh database, migrated
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    # When the admin units and the bundled lists are imported
    units = runner.invoke(app, ["codelists", "import", "admin-units"])
    bundled = runner.invoke(app, ["codelists", "import", "bundled"])
    listed = runner.invoke(app, ["codelists", "list"])
    # Then the lists are stored and listed
    assert units.exit_code == 0, units.output
    assert "14149 codes" in units.output
    assert "10665 crosswalk links" in units.output
    assert bundled.exit_code == 0, bundled.output
    assert "ethnic-groups" in listed.output
    assert "administrative-units" in listed.output


def test_unknown_bundled_list_is_refused(fresh_database: Path) -> None:
    runner = CliRunner()
    runner.invoke(app, ["db", "upgrade"])
    result = runner.invoke(app, ["codelists", "import", "bundled", "no-such-list"])
    assert result.exit_code == 2
    assert "no bundled list" in result.output


def test_demo_load_is_idempotent(fresh_database: Path) -> None:
    runner = CliRunner()
    runner.invoke(app, ["db", "upgrade"])
    first = runner.invoke(app, ["demo", "load"])
    second = runner.invoke(app, ["demo", "load"])
    assert first.exit_code == second.exit_code == 0
    assert "administrative-units" in first.output
    assert "administrative-units" not in second.output


def test_print_schema() -> None:
    result = CliRunner().invoke(app, ["graphql", "print-schema"])
    assert result.exit_code == 0
    assert "type Query" in result.output
