"""The ``hub registry`` commands on a fresh SQLite database."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hub.cli import app
from hub.db import Database
from hub.registry.ingestion import ingest_in_transaction
from hub.registry.pipeline.inputs import SourceRecordInput
from hub.settings import get_settings
from tests.registry.kinds.organization.test_organization_matching import minh_phat_from_commune
from tests.registry.master_inputs import an_from_health
from tests.registry.pipeline.test_replay import enrollment_before_its_person


@pytest.fixture
def database_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("HUB_DATABASE_URL", url)
    get_settings.cache_clear()
    runner = CliRunner()
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    assert runner.invoke(app, ["codelists", "import", "bundled"]).exit_code == 0
    yield url
    get_settings.cache_clear()


def _ingest(url: str, records: list[SourceRecordInput]) -> None:
    async def run() -> None:
        database = Database.from_url(url)
        try:
            await ingest_in_transaction(database, records)
        finally:
            await database.dispose()

    asyncio.run(run())


def test_replay_reports_what_changed(database_url: str) -> None:
    # given an enrolment sent before its person, replayed once before the person arrives
    runner = CliRunner()
    _ingest(database_url, [enrollment_before_its_person()])
    early = runner.invoke(
        app, ["registry", "replay", "--entity-type", "HEALTH_INSURANCE_ENROLLMENT"]
    )

    # when the person arrives and the enrolments are replayed again
    _ingest(database_url, [an_from_health()])
    later = runner.invoke(
        app, ["registry", "replay", "--entity-type", "HEALTH_INSURANCE_ENROLLMENT"]
    )

    # then the first replay changed nothing, and the second linked the enrolment to him (it
    # stays flagged: without the admin-unit list its citizen ID's province is unknown)
    assert early.exit_code == 0, early.output
    assert (
        "replayed 1 flagged record: 0 now valid, 0 still flagged with other findings, "
        "1 unchanged; 0 golden records changed"
    ) in early.output
    assert later.exit_code == 0, later.output
    assert (
        "replayed 1 flagged record: 0 now valid, 1 still flagged with other findings, "
        "0 unchanged; 1 golden record changed"
    ) in later.output


def test_reindex_rewrites_the_keys_of_one_entity_type(database_url: str) -> None:
    # given one organisation
    _ingest(database_url, [minh_phat_from_commune()])

    # when organisations are reindexed, then the command says how many
    result = CliRunner().invoke(app, ["registry", "reindex", "ORGANIZATION"])
    assert result.exit_code == 0, result.output
    assert "reindexed 1 organization record\n" in result.output


def test_an_unknown_entity_type_exits_with_2(database_url: str) -> None:
    # given no such kind, when asked for, then the command names the known ones
    for arguments in (["reindex", "SHIP"], ["replay", "--entity-type", "SHIP"]):
        result = CliRunner().invoke(app, ["registry", *arguments])
        assert result.exit_code == 2
        assert "no entity type 'SHIP'" in result.output
