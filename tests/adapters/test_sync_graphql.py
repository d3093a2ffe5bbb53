"""GraphQL of the adapters: adapters with last run and health, syncRuns and deadLetters
(paged, scope sync:run or registry:steward), replayDeadLetter, discardDeadLetter and
triggerSync (scope sync:run)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from hub.adapters import trigger
from hub.adapters.cadre_management.adapter import CadreManagementAdapter, CadreManagementConfig
from hub.adapters.cadre_management.simulator import write_exports
from hub.adapters.runner import RunOptions, run_sync
from hub.db import Database
from hub.graphql.context import Context
from hub.graphql.dataloaders import Loaders
from hub.graphql.schema import build_schema
from hub.principals.principal import ANONYMOUS, Principal, PrincipalKind
from hub.principals.scopes import Scope
from hub.settings import Environment, Settings
from tests.adapters.conftest import SMALL

SCHEMA = build_schema(Settings(environment=Environment.TEST, database_url="sqlite:///unused.db"))
OPERATOR = Principal(kind=PrincipalKind.CLIENT, scopes=frozenset({Scope.SYNC_RUN}), client_id="ops")
STEWARD = Principal(
    kind=PrincipalKind.CLIENT, scopes=frozenset({Scope.REGISTRY_STEWARD}), client_id="steward"
)
ADAPTERS = """{ adapters { name system health openDeadLetters
  lastRun { status recordsRead created deadLettered } } }"""
RUNS = """query($after: String) { syncRuns(adapter: "cadre-management", first: 1, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } edges { node { id status fullRefresh } } } }"""
LETTERS = """{ deadLetters(adapter: "cadre-management") {
  totalCount edges { node { id stream error payload attempts status } } } }"""
REPLAY = """mutation($id: ID!) { replayDeadLetter(id: $id) {
  landed deadLetter { status attempts error } } }"""
DISCARD = """mutation($id: ID!) { discardDeadLetter(id: $id) { status } }"""
TRIGGER = """mutation($full: Boolean!) { triggerSync(adapter: "cadre-management", full: $full) {
  id adapter status fullRefresh } }"""


async def _run(
    database: Database, document: str, principal: Principal, variables: dict[str, Any] | None = None
) -> dict[str, Any]:
    async with database.transaction() as session:
        context = Context(
            request=None,
            response=None,
            session=session,
            loaders=Loaders(session),
            principal=principal,
            database=database,
        )
        result = await SCHEMA.execute(document, variable_values=variables, context_value=context)
    body: dict[str, Any] = {"data": result.data}
    if result.errors:
        body["errors"] = [
            {"message": e.message, "code": (e.extensions or {}).get("code")} for e in result.errors
        ]
    return body


def _codes(body: dict[str, Any]) -> list[str]:
    return [error["code"] for error in body.get("errors", [])]


@pytest.fixture
async def synced(committed: Database, tmp_path: Path) -> Database:
    """Two cadre-management runs, the first meeting a file in an unknown encoding."""
    folder = tmp_path / "drop"
    write_exports(folder, SMALL, 20, seed=4)
    (folder / "broken.csv").write_bytes("Họ và tên,Ngày sinh\n".encode("utf-16"))
    adapter = CadreManagementAdapter(CadreManagementConfig(folder=folder))
    await run_sync(committed, adapter, RunOptions(dead_letter_threshold=1.0))
    await run_sync(committed, adapter, RunOptions(dead_letter_threshold=1.0))
    return committed


async def test_stewards_read_adapters_runs_and_dead_letters_page_by_page(synced: Database) -> None:
    # Given two runs of cadre-management, one dead letter
    # When a steward reads the adapters, the runs a page at a time and the dead letters
    adapters = await _run(synced, ADAPTERS, STEWARD)
    first = await _run(synced, RUNS, STEWARD)
    cursor = first["data"]["syncRuns"]["pageInfo"]["endCursor"]
    second = await _run(synced, RUNS, STEWARD, {"after": cursor})
    letters = await _run(synced, LETTERS, STEWARD)
    # Then each adapter shows its last run and health, without configuration
    by_name = {a["name"]: a for a in adapters["data"]["adapters"]}
    assert by_name["health-insurance"]["health"] == "NEVER_RUN"
    cadre = by_name["cadre-management"]
    assert (cadre["health"], cadre["openDeadLetters"]) == ("OK", 1)
    assert cadre["lastRun"]["status"] == "SUCCEEDED"
    # And the runs come newest first, one per page
    page = first["data"]["syncRuns"]
    assert (page["totalCount"], page["pageInfo"]["hasNextPage"]) == (2, True)
    later = second["data"]["syncRuns"]
    assert later["pageInfo"]["hasNextPage"] is False
    assert later["edges"][0]["node"]["id"] != page["edges"][0]["node"]["id"]
    # And the dead letter has its reason and its payload as sent
    letter = letters["data"]["deadLetters"]["edges"][0]["node"]
    assert "tried utf-8" in letter["error"] and letter["payload"] == {"file": "broken.csv"}


async def test_operators_replay_and_discard_and_stewards_may_not(synced: Database) -> None:
    # Given the open dead letter of an unreadable file
    letters = await _run(synced, LETTERS, OPERATOR)
    letter_id = letters["data"]["deadLetters"]["edges"][0]["node"]["id"]
    # When a steward tries to replay it, anonymous callers read, and an operator replays it
    # (it fails again: the file is gone) and then discards it
    refused = await _run(synced, REPLAY, STEWARD, {"id": letter_id})
    anonymous = await _run(synced, ADAPTERS, ANONYMOUS)
    replayed = await _run(synced, REPLAY, OPERATOR, {"id": letter_id})
    discarded = await _run(synced, DISCARD, OPERATOR, {"id": letter_id})
    again = await _run(synced, DISCARD, OPERATOR, {"id": letter_id})
    # Then the steward is refused, anonymous callers too, and the operator's acts are recorded
    assert _codes(refused) == ["FORBIDDEN"] and _codes(anonymous) == ["UNAUTHENTICATED"]
    outcome = replayed["data"]["replayDeadLetter"]
    assert outcome["landed"] is False and outcome["deadLetter"]["attempts"] == 2
    assert discarded["data"]["discardDeadLetter"]["status"] == "DISCARDED"
    assert _codes(again) == ["BAD_USER_INPUT"]


async def test_trigger_sync_starts_a_run_and_refuses_an_unconfigured_adapter(
    committed: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given cadre-management configured on a folder of exports
    folder = tmp_path / "drop"
    write_exports(folder, SMALL, 20, seed=4)
    config = tmp_path / "adapters.toml"
    config.write_text(f'[cadre-management]\nfolder = "{folder}"\n')
    monkeypatch.setenv("HUB_ADAPTERS_CONFIG", str(config))
    # When an operator triggers a sync, and a steward tries to
    started = await _run(committed, TRIGGER, OPERATOR, {"full": False})
    refused = await _run(committed, TRIGGER, STEWARD, {"full": False})
    await trigger.settle()
    runs = await _run(committed, RUNS, OPERATOR)
    # Then the run was started and recorded, and ran to its end; the steward was refused
    run = started["data"]["triggerSync"]
    assert (run["adapter"], run["status"]) == ("cadre-management", "RUNNING")
    assert runs["data"]["syncRuns"]["edges"][0]["node"] == {
        "id": run["id"],
        "status": "SUCCEEDED",
        "fullRefresh": False,
    }
    assert _codes(refused) == ["FORBIDDEN"]
    # And a misconfigured adapter is refused before anything runs
    config.write_text('[cadre-management]\nfolder = 3\nnot_a_field = "x"\n')
    wrong = await _run(committed, TRIGGER, OPERATOR, {"full": False})
    assert _codes(wrong) == ["BAD_USER_INPUT"] and "misconfigured" in wrong["errors"][0]["message"]
