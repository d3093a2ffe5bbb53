"""``POST /ingest/{system}``: an answer per NDJSON line (accepted, flagged with reasons,
dead-lettered with the reason), idempotent on source id and content, for a client with
``sync:run`` registered for the system only, within a body limit."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from starlette.types import ASGIApp, Receive, Scope, Send

from hub.adapters import dead_letters
from hub.adapters.push.route import push_routes
from hub.db import Database
from hub.principals.principal import ANONYMOUS, Principal, PrincipalKind
from hub.principals.scopes import Scope as HubScope
from hub.settings import Environment, Settings

PUSHER = Principal(
    kind=PrincipalKind.CLIENT, scopes=frozenset({HubScope.SYNC_RUN}), client_id="his-push"
)
SETTINGS = Settings(
    environment=Environment.TEST,
    database_url="sqlite:///unused.db",
    push_clients={"his-push": ["health_insurance"]},
    push_max_body_bytes=4096,
)
AN: dict[str, Any] = {
    "entity_type": "person",
    "source_id": "7912345678",
    "source_updated_at": "2025-08-01T02:15:00Z",
    "payload": {"full_name": "Nguyễn Văn An", "birth_date": "1990-03-15", "sex": "MALE"},
}
BAD_ID = {**AN, "source_id": "7900000001", "payload": {**AN["payload"], "citizen_id": "12"}}
NO_ZONE = {**AN, "source_id": "7900000002", "source_updated_at": "2025-08-01T02:15:00"}
BODY = "\n".join([json.dumps(AN), json.dumps(BAD_ID), json.dumps(NO_ZONE), "{not json", ""])


def _app(database: Database, principal: Principal) -> ASGIApp:
    inner = Starlette(routes=push_routes(database, SETTINGS))

    async def with_principal(scope: Scope, receive: Receive, send: Send) -> None:
        # As the authentication middleware would, from a token.
        scope.setdefault("state", {})["principal"] = principal
        await inner(scope, receive, send)

    return with_principal


@pytest.fixture
async def pusher(committed: Database) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=_app(committed, PUSHER))
    async with httpx.AsyncClient(transport=transport, base_url="http://hub.test") as http:
        yield http


def _statuses(body: dict[str, Any]) -> list[tuple[int, str]]:
    return [(r["line"], r["status"]) for r in body["records"]]


async def test_a_push_answers_each_record_and_a_repeat_changes_nothing(
    pusher: httpx.AsyncClient, committed: Database
) -> None:
    # Given a body with a good record, one with an invalid citizen ID, one without a time
    # zone and a line that is not JSON
    # When it is pushed twice
    first = await pusher.post("/ingest/health_insurance", content=BODY)
    second = await pusher.post("/ingest/health_insurance", content=BODY)
    # Then each line has its answer, the flagged one with the field at fault
    assert first.status_code == 200, first.text
    body = first.json()
    assert _statuses(body) == [
        (1, "accepted"),
        (2, "flagged"),
        (3, "dead_lettered"),
        (4, "dead_lettered"),
    ]
    assert any(reason.startswith("citizen_id") for reason in body["records"][1]["reasons"])
    assert "source_updated_at" in body["records"][2]["reasons"][0]
    assert body["counts"]["created"] == 2
    # And the repeat answers alike and changes nothing
    again = second.json()
    assert _statuses(again)[:2] == [(1, "accepted"), (2, "flagged")]
    assert (again["counts"]["created"], again["counts"]["unchanged"]) == (0, 2)
    # And the dead letters are kept with the push's name, replayable
    letters, total = await dead_letters.listed(committed, adapter="push:health_insurance")
    assert total == 4 and {letter.stream for letter in letters} == {"ingest"}


@pytest.mark.parametrize(
    ("principal", "system", "status", "code"),
    [
        (ANONYMOUS, "health_insurance", 401, "unauthenticated"),
        (
            Principal(kind=PrincipalKind.CLIENT, client_id="his-push"),
            "health_insurance",
            403,
            "insufficient_scope",
        ),
        (PUSHER, "land_records", 403, "system_not_registered"),
    ],
)
async def test_a_push_is_refused_without_a_registered_sync_client(
    committed: Database, principal: Principal, system: str, status: int, code: str
) -> None:
    # Given a caller without a client token, without sync:run, or not registered for the system
    transport = httpx.ASGITransport(app=_app(committed, principal))
    async with httpx.AsyncClient(transport=transport, base_url="http://hub.test") as http:
        # When it pushes
        response = await http.post(f"/ingest/{system}", content=BODY)
    # Then it is refused, saying why
    assert (response.status_code, response.json()["error"]) == (status, code)


async def test_a_body_over_the_limit_is_refused_whole(pusher: httpx.AsyncClient) -> None:
    # Given a body larger than the push limit
    # When it is pushed, then it is refused before anything is ingested
    response = await pusher.post("/ingest/health_insurance", content=(BODY + "\n") * 40)
    assert (response.status_code, response.json()["error"]) == (413, "body_too_large")
