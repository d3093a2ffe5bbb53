"""Two ``hub serve`` processes on one PostgreSQL database: a subscriber of worker A gets a
change a steward made through worker B, woken by B's relay's NOTIFY (A polls only every 30 s
and runs no relay), with the outbox as the truth: reconnecting after its last event it gets
nothing twice."""

from __future__ import annotations

import asyncio
import json
import subprocess
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
import websockets

from hub.auth.clients import ClientRegistration, create_client
from hub.db import Database
from tests.auth.server.support import AGENCY, LAND_OFFICE, LAND_OFFICE_SECRET, PURPOSE, build_world
from tests.cli_process import HUB, shell_environment
from tests.feed.feed_fixtures import create_an
from tests.feed.test_relay_process import plain_url
from tests.registry.master_inputs import AN_CITIZEN_ID
from tests.test_cli_serve import free_port

STEWARD = "registry-office"
STEWARD_SECRET = "registry-office-secret-for-tests"
CHANGES = "subscription($after: String) { masterDataChanged(types: [PERSON], after: $after) { id subject data } }"
FIND = "query($pin: String) { person(pin: $pin) { id } }"
VERSION = "query($id: ID!) { stewardPerson(id: $id) { version } }"
OVERRIDE = """
mutation($id: ID!, $version: Int!) {
  overrideAttribute(personId: $id, attribute: "addressStreet", value: "Số 7 Lý Thường Kiệt",
                    expectedVersion: $version, reason: "letter 7/2026") { version }
}
"""
STARTUP_SECONDS = 30


@asynccontextmanager
async def _workers(url: str, cwd: Path, *feeds: dict[str, str]) -> AsyncIterator[list[str]]:
    """``hub serve`` processes on ``url``, one per feed setting, started at once; yields their
    base URLs once they all answer."""
    processes: list[subprocess.Popen[str]] = []
    bases: list[str] = []
    try:
        for feed in feeds:
            port = free_port()
            processes.append(_spawn(url, cwd, port, feed))
            bases.append(f"http://127.0.0.1:{port}")
        await asyncio.gather(*(_ready(p, base) for p, base in zip(processes, bases, strict=True)))
        yield bases
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.communicate(timeout=30)


def _spawn(url: str, cwd: Path, port: int, feed: dict[str, str]) -> subprocess.Popen[str]:
    env = shell_environment(HUB_ENVIRONMENT="test", HUB_DATABASE_URL=url, **feed)
    return subprocess.Popen(
        [str(HUB), "serve", "--port", str(port)],
        cwd=cwd,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


async def _ready(process: subprocess.Popen[str], base: str) -> None:
    """Wait until the server at ``base`` answers (failing if its process ended)."""
    async with httpx.AsyncClient(base_url=base) as http:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            assert process.poll() is None, process.communicate()[1]
            try:
                if (await http.get("/healthz")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "hub serve did not start"
            await asyncio.sleep(0.1)


async def _token(http: httpx.AsyncClient, client: tuple[str, str], scope: str) -> str:
    response = await http.post(
        "/oauth2/token", data={"grant_type": "client_credentials", "scope": scope}, auth=client
    )
    assert response.status_code == 200, response.text
    token: str = response.json()["access_token"]
    return token


async def _graphql(
    http: httpx.AsyncClient, token: str, query: str, variables: dict[str, Any]
) -> dict[str, Any]:
    response = await http.post(
        "/graphql",
        json={"query": query, "variables": variables},
        headers={"Authorization": f"Bearer {token}", "Hub-Purpose": PURPOSE},
    )
    body: dict[str, Any] = response.json()
    assert "errors" not in body, body
    data: dict[str, Any] = body["data"]
    return data


@asynccontextmanager
async def _subscribed(
    base: str, token: str, after: str | None = None
) -> AsyncIterator[websockets.ClientConnection]:
    """A graphql-transport-ws subscription to ``masterDataChanged`` on the worker at ``base``."""
    uri = base.replace("http", "ws", 1) + "/graphql"
    async with websockets.connect(
        uri, subprotocols=[websockets.Subprotocol("graphql-transport-ws")]
    ) as socket:
        params = {"Authorization": f"Bearer {token}", "Hub-Purpose": PURPOSE}
        await socket.send(json.dumps({"type": "connection_init", "payload": params}))
        assert json.loads(await socket.recv())["type"] == "connection_ack"
        subscribe = {"query": CHANGES, "variables": {"after": after}}
        await socket.send(json.dumps({"id": "1", "type": "subscribe", "payload": subscribe}))
        yield socket


async def _next_event(socket: websockets.ClientConnection, seconds: float) -> dict[str, Any]:
    async with asyncio.timeout(seconds):
        while True:
            message = json.loads(await socket.recv())
            if message["type"] == "next":
                assert "errors" not in message["payload"], message
                event: dict[str, Any] = message["payload"]["data"]["masterDataChanged"]
                return event
            assert message["type"] != "error", message


@pytest.fixture
def postgresql_only(backend: str) -> None:
    """Skip the SQLite run before its database is built: on SQLite one ``hub serve`` process
    owns the file, so there is no other worker to reach."""
    if backend != "postgresql":
        pytest.skip("on SQLite one hub serve process owns the file: there is no other worker")


async def test_a_subscriber_of_one_worker_gets_a_change_made_through_another(
    postgresql_only: None, live_database: Database, tmp_path: Path
) -> None:
    # Given An in the registry, a land office and a steward client
    database = live_database
    async with database.session() as session:
        await build_world(session)
        await create_client(
            session,
            ClientRegistration(
                client_id=STEWARD,
                name="Registry office",
                agency_code=AGENCY,
                scopes="registry:steward person.identity:read",
                purposes=[PURPOSE],
                grant_types=["client_credentials"],
                secret=STEWARD_SECRET,
            ),
        )
        await session.commit()
    await create_an(database)
    url = plain_url(database)
    # And two workers: A polls every 30 s and runs no relay; B runs the relay
    async with (
        _workers(
            url,
            tmp_path,
            {"HUB_FEED_EMBEDDED": "false", "HUB_FEED_POLL_SECONDS": "30"},
            {"HUB_FEED_EMBEDDED": "true", "HUB_FEED_POLL_SECONDS": "0.05"},
        ) as (a, b),
        httpx.AsyncClient(base_url=b) as through_b,
    ):
        reader = await _token(
            through_b, (LAND_OFFICE, LAND_OFFICE_SECRET), "person.identity:read person.address:read"
        )
        steward = await _token(
            through_b, (STEWARD, STEWARD_SECRET), "registry:steward person.identity:read"
        )
        an = (await _graphql(through_b, steward, FIND, {"pin": AN_CITIZEN_ID}))["person"]["id"]
        version = (await _graphql(through_b, steward, VERSION, {"id": an}))["stewardPerson"]
        async with _subscribed(a, reader) as socket:
            await asyncio.sleep(0.5)  # A's subscriber has read the feed and waits 30 s
            # When the steward changes An's street through worker B
            await _graphql(through_b, steward, OVERRIDE, {"id": an, "version": version["version"]})
            changed = time.monotonic()
            # Then A's subscriber has the change at once (NOTIFY), not after its 30 s poll
            event = await _next_event(socket, 10)
            lag = time.monotonic() - changed
        assert event["data"]["values"]["addressStreet"] == "Số 7 Lý Thường Kiệt"
        assert lag < 3, lag
        # And reconnecting to A after that event, it gets nothing again (the outbox is the truth)
        async with _subscribed(a, reader, after=event["id"]) as socket:
            with pytest.raises(TimeoutError):
                await _next_event(socket, 1)
