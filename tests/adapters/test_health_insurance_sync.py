"""Syncing the social-insurance card system through its simulator: incremental runs,
faults, a source that goes down, malformed records, concurrent runs."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from pydantic import SecretStr
from sqlalchemy import select

from hub.adapters import dead_letters
from hub.adapters.health_insurance.adapter import HealthInsuranceAdapter
from hub.adapters.health_insurance.config import HealthInsuranceConfig
from hub.adapters.health_insurance.simulated_data import items
from hub.adapters.health_insurance.simulator import SimulatorOptions, create_simulator
from hub.adapters.lease import AlreadyRunning
from hub.adapters.models import DeadLetter, SyncRun
from hub.adapters.protocol import ConfigurationError
from hub.adapters.runner import RunOptions, SyncFailed, run_sync
from hub.db import Database
from hub.registry.pipeline.source_models import SourceRecord
from tests.adapters.conftest import SMALL
from tests.adapters.served import served
from tests.adapters.snapshot import registry_snapshot

PERSONS = 120
CLEAN = items(SMALL, PERSONS, seed=5)
OPTIONS = RunOptions(batch_size=50, dead_letter_threshold=0.5)


def _config(url: str, secret: str = "simulator-secret", **overrides: Any) -> HealthInsuranceConfig:
    values: dict[str, Any] = {
        "base_url": url,
        "client_secret": SecretStr(secret),
        "page_size": 25,
        "timeout_seconds": 0.5,
        "max_attempts": 12,
        "backoff_initial_seconds": 0.01,
        "backoff_max_seconds": 0.05,
    }
    return HealthInsuranceConfig(**{**values, **overrides})


@pytest.fixture
def simulator() -> Iterator[tuple[str, SimulatorOptions]]:
    """The simulator serving the clean data set, its options switchable by the test."""
    options = SimulatorOptions(timeout_delay_seconds=1.0, seed=1)
    with served(create_simulator(CLEAN, options)) as url:
        yield url, options


async def _sync(database: Database, url: str, **options: Any) -> SyncRun:
    adapter = HealthInsuranceAdapter(_config(url))
    return await run_sync(database, adapter, RunOptions(**{**OPTIONS.__dict__, **options}))


async def test_a_sync_lands_every_item_and_a_second_run_changes_nothing(
    committed: Database, simulator: tuple[str, SimulatorOptions]
) -> None:
    # Given the simulator serving the persons of one seed
    url, _ = simulator
    # When the adapter syncs twice
    first = await _sync(committed, url)
    after_first = await registry_snapshot(committed)
    second = await _sync(committed, url)
    # Then every item landed as a person and an enrolment, and the second run, resuming from
    # the checkpoint, re-read only the last update time's items and changed nothing
    assert first.status == "SUCCEEDED"
    assert first.records_read == len(CLEAN)
    assert first.created == 2 * len(CLEAN)
    last = max(item["cap_nhat_luc"] for item in CLEAN)
    assert first.checkpoint_after == {"nguoi-tham-gia": {"updated_since": last}}
    assert second.checkpoint_before == first.checkpoint_after
    assert second.records_read == sum(1 for i in CLEAN if i["cap_nhat_luc"] == last)
    assert second.created == second.updated == 0
    assert await registry_snapshot(committed) == after_first


async def test_faults_on_end_in_the_same_registry_as_without(
    committed: Database, other_committed: Database, simulator: tuple[str, SimulatorOptions]
) -> None:
    # Given one registry synced from a well-behaved source
    url, options = simulator
    await _sync(other_committed, url)
    # When another syncs from the same source failing a third of its requests every way
    options.faults = ("500", "timeout", "reset", "malformed", "repeat", "429")
    options.fault_rate = 0.3
    run = await _sync(committed, url)
    # Then the retries hid every fault and both registries are the same
    assert run.status == "SUCCEEDED"
    assert await registry_snapshot(committed) == await registry_snapshot(other_committed)


async def test_a_source_down_mid_run_fails_the_run_and_the_next_resumes_from_the_checkpoint(
    committed: Database, other_committed: Database, simulator: tuple[str, SimulatorOptions]
) -> None:
    # Given a source that goes down for good after two pages
    url, options = simulator
    await _sync(other_committed, url)
    options.faults, options.fault_rate = ("500",), 1.0
    options.faults_after_requests = options.served + 2
    # When a run meets it, then the source comes back and a second run starts
    with pytest.raises(SyncFailed, match="HTTP 500"):
        await _sync(committed, url)
    async with committed.session() as session:
        failed = (await session.execute(select(SyncRun))).scalars().one()
        stored = len((await session.execute(select(SourceRecord))).scalars().all())
    options.faults = ()
    resumed = await _sync(committed, url)
    # Then the failed run kept its two committed pages and their checkpoint, and the second
    # read from there on, ending where an uninterrupted run ends
    assert failed.status == "FAILED"
    assert "HTTP 500" in (failed.error or "")
    assert failed.records_read == 50 and stored == 100
    assert resumed.checkpoint_before == failed.checkpoint_after
    assert resumed.records_read < len(CLEAN)
    assert await registry_snapshot(committed) == await registry_snapshot(other_committed)


async def test_malformed_items_become_dead_letters_with_reasons_and_the_rest_lands(
    committed: Database,
) -> None:
    # Given a source where some items are malformed
    broken = items(SMALL, PERSONS, seed=5, bad_share=0.1)
    bad = [i for i in broken if i not in CLEAN]
    with served(create_simulator(broken, SimulatorOptions())) as url:
        # When it is synced
        run = await _sync(committed, url)
    # Then each malformed item is a dead letter naming the field, and the rest landed
    letters, total = await dead_letters.listed(committed)
    assert run.dead_lettered == total == len(bad) > 0
    assert run.created == 2 * (len(broken) - len(bad))
    for letter in letters:
        assert letter.stream == "nguoi-tham-gia" and letter.attempts == 1
        assert letter.error.split(":")[0] in {"ma_so_bhxh", "cap_nhat_luc", "ho_ten", "the"}
        assert "expected" in letter.error
    # And replaying one fails again (attempts counted) and discarding closes it
    replayed = await dead_letters.replay(committed, letters[0].id)
    assert replayed.report is None and replayed.letter.attempts == 2
    discarded = await dead_letters.discard(committed, letters[0].id)
    assert discarded.status == "DISCARDED"


async def test_a_dead_letter_that_parses_now_is_replayed_into_the_registry(
    committed: Database,
) -> None:
    # Given a dead letter holding a well-formed item (the adapter was fixed since)
    async with committed.transaction() as session:
        letter = DeadLetter(
            adapter="health-insurance",
            stream="nguoi-tham-gia",
            payload=CLEAN[0],
            error="an older adapter refused it",
            status="OPEN",
        )
        session.add(letter)
    # When it is replayed
    replayed = await dead_letters.replay(committed, letter.id)
    # Then the person and the enrolment landed and the letter is closed
    assert replayed.report is not None and replayed.report.created == 2
    assert replayed.letter.status == "REPLAYED"


async def test_a_run_fails_when_its_dead_letter_rate_passes_the_threshold(
    committed: Database,
) -> None:
    # Given a source where a tenth of the items are malformed
    broken = items(SMALL, PERSONS, seed=5, bad_share=0.1)
    # When it is synced with a threshold of 2 %
    with (
        served(create_simulator(broken, SimulatorOptions())) as url,
        pytest.raises(SyncFailed, match=r"above the threshold of 2\.0%"),
    ):
        await _sync(committed, url, dead_letter_threshold=0.02)


async def test_two_runs_of_one_adapter_never_overlap(
    committed: Database, simulator: tuple[str, SimulatorOptions]
) -> None:
    # Given a slow source
    url, options = simulator
    options.latency_seconds = 0.05
    # When two runs start at once
    outcomes = await asyncio.gather(
        _sync(committed, url), _sync(committed, url), return_exceptions=True
    )
    # Then one ran and the other said the adapter is already running
    refused = [o for o in outcomes if isinstance(o, AlreadyRunning)]
    ran = [o for o in outcomes if isinstance(o, SyncRun)]
    assert len(refused) == 1 and len(ran) == 1, outcomes
    assert "already running" in refused[0].message


async def test_check_names_the_secret_variable_and_never_the_secret(
    simulator: tuple[str, SimulatorOptions],
) -> None:
    # Given a wrong secret, and a host where nothing listens
    url, _ = simulator
    wrong = HealthInsuranceAdapter(_config(url, secret="not-the-secret-42"))
    nowhere = HealthInsuranceAdapter(_config("http://127.0.0.1:9", max_attempts=1))
    # When each is checked
    with pytest.raises(ConfigurationError) as refused:
        await wrong.check()
    with pytest.raises(ConfigurationError) as unreachable:
        await nowhere.check()
    # Then the messages say what to do, and the secret appears nowhere
    assert "HUB_HEALTH_INSURANCE_CLIENT_SECRET" in refused.value.message
    assert "not-the-secret-42" not in refused.value.message + repr(wrong.config)
    assert "unreachable" in unreachable.value.message
    # And a good configuration passes
    assert "token granted" in await HealthInsuranceAdapter(_config(url)).check()


def test_a_tombstone_retires_the_person_and_the_card_it_names() -> None:
    # Given a tombstone item naming its card
    item = {
        "ma_so_bhxh": "7912345678",
        "the": {"ma_the": "7912345678", "tu_ngay": "2025-01-01"},
        "cap_nhat_luc": "2025-08-01T02:15:00Z",
        "da_xoa": True,
    }
    # When it is parsed
    inputs = HealthInsuranceAdapter.parse("nguoi-tham-gia", item)
    # Then the person and the card are retirements
    assert [(r.source_id, r.retired) for r in inputs] == [
        ("7912345678", True),
        ("THE-7912345678-2025-01-01", True),
    ]
