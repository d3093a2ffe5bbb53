"""The ``hub sync``, ``hub adapters`` and ``hub dead-letters`` commands on a fresh SQLite
database, against the health-insurance simulator."""

from __future__ import annotations

import asyncio
import os
import socket
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hub.adapters.health_insurance.simulated_data import items
from hub.adapters.health_insurance.simulator import SimulatorOptions, create_simulator
from hub.adapters.models import SyncLease
from hub.cli import app
from hub.db import Database
from hub.kit.clock import utcnow
from hub.settings import get_settings
from tests.adapters.conftest import SMALL
from tests.adapters.served import served

SECRET = "HUB_HEALTH_INSURANCE_CLIENT_SECRET"


@pytest.fixture
def database_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("HUB_DATABASE_URL", url)
    monkeypatch.setenv("HUB_ADAPTERS_CONFIG", str(tmp_path / "adapters.toml"))
    monkeypatch.setenv("HUB_SYNC_DEAD_LETTER_THRESHOLD", "0.5")
    get_settings.cache_clear()
    runner = CliRunner()
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    assert runner.invoke(app, ["codelists", "import", "bundled"]).exit_code == 0
    yield url
    get_settings.cache_clear()


@pytest.fixture
def source() -> Iterator[str]:
    """The simulator with a tenth of its items malformed."""
    data = items(SMALL, 40, seed=2, bad_share=0.1)
    with served(create_simulator(data, SimulatorOptions())) as url:
        yield url


def test_sync_then_list_show_and_discard_dead_letters(
    database_url: str, source: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given the secret in the environment
    monkeypatch.setenv(SECRET, "simulator-secret")
    runner = CliRunner()
    # When the adapter is checked and synced, and its dead letters are listed
    checked = runner.invoke(app, ["adapters", "check", "health-insurance", "--source", source])
    synced = runner.invoke(app, ["sync", "health-insurance", "--source", source])
    listed = runner.invoke(app, ["dead-letters", "list"], env={"COLUMNS": "300"})
    # Then the run succeeded with its counts, and the dead letters say what was wrong
    assert checked.exit_code == 0 and "token granted" in checked.output
    assert synced.exit_code == 0, synced.output
    assert "succeeded" in synced.output and "dead-lettered" in synced.output
    assert listed.exit_code == 0 and "expected" in listed.output
    first = next(line for line in listed.output.splitlines() if "health-insurance" in line)
    letter_id = first.split()[1] if first.startswith("│") else first.split()[0]
    shown = runner.invoke(app, ["dead-letters", "show", letter_id])
    discarded = runner.invoke(app, ["dead-letters", "discard", letter_id])
    again = runner.invoke(app, ["dead-letters", "discard", letter_id])
    runs = runner.invoke(app, ["adapters", "list"], env={"COLUMNS": "300"})
    assert shown.exit_code == 0 and "ma_so_bhxh" in shown.output
    assert discarded.exit_code == 0
    assert again.exit_code == 1 and "discarded, not open" in again.output
    assert "succeeded" in runs.output


def test_a_secret_in_the_file_is_refused_and_a_missing_one_named(
    database_url: str, source: str, tmp_path: Path
) -> None:
    # Given a configuration file holding a secret, then one without it and no variable
    config = tmp_path / "adapters.toml"
    config.write_text(f'[health-insurance]\nbase_url = "{source}"\nclient_secret = "s3cr3t"\n')
    runner = CliRunner()
    in_file = runner.invoke(app, ["sync", "health-insurance"], env={SECRET: "x"})
    config.write_text(f'[health-insurance]\nbase_url = "{source}"\n')
    missing = runner.invoke(app, ["sync", "health-insurance"], env={"COLUMNS": "300"})
    # Then both stop before any data moves, saying what to do, and never print the secret
    assert in_file.exit_code == 2 and "never from the file" in in_file.output
    assert "s3cr3t" not in in_file.output
    assert missing.exit_code == 2 and SECRET in missing.output


def test_a_second_sync_of_a_running_adapter_says_it_is_already_running(
    database_url: str, source: str
) -> None:
    # Given another live process holding the adapter's lease
    holder = f"{socket.gethostname()}:{os.getppid()}:other"

    async def hold() -> None:
        database = Database.from_url(database_url)
        async with database.transaction() as session:
            expires = utcnow() + timedelta(minutes=5)
            session.add(SyncLease(adapter="health-insurance", holder=holder, expires_at=expires))
        await database.dispose()

    asyncio.run(hold())
    # When a sync of that adapter starts
    result = CliRunner().invoke(
        app, ["sync", "health-insurance", "--source", source], env={SECRET: "simulator-secret"}
    )
    # Then it refuses, naming the holder
    assert result.exit_code == 3
    assert "already running" in result.output and holder in result.output


def test_sync_runs_a_singer_tap_through_its_mapping(database_url: str, tmp_path: Path) -> None:
    # Given the tiny tap and its mapping
    from tests.adapters.test_singer_tap import MAPPING, TAP

    mapping = tmp_path / "mapping.toml"
    mapping.write_text(MAPPING)
    runner = CliRunner()
    # When it is synced, and when --tap comes without --mapping
    synced = runner.invoke(app, ["sync", "--tap", TAP, "--mapping", str(mapping)])
    alone = runner.invoke(app, ["sync", "--tap", TAP])
    # Then the run names the tap and its counts; the lone --tap is refused as misconfigured
    assert synced.exit_code == 0, synced.output
    assert "tap:tiny: succeeded" in synced.output and "created 3" in synced.output
    assert alone.exit_code == 2 and "--tap and --mapping go together" in alone.output
