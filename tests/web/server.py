"""A real hub server for the browser tests: a seeded SQLite database, uvicorn in a thread."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import uvicorn

from hub.app import create_app
from hub.auth.demo import load_demo_auth
from hub.auth.eid.dev_provider.citizens import load_demo_citizens
from hub.auth.keys import ensure_signing_key
from hub.db import Database
from hub.migrations_runner import upgrade
from hub.registry.population.demo import load_demo_population
from hub.settings import Settings
from hub.web.demo import load_web_demo
from tests.conftest import load_reference_data


def free_port() -> int:
    """A port nobody listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def seed(url: str) -> None:
    """The demo data the pages show: demo citizens and steward, a small population."""
    await load_reference_data(url)
    database = Database.from_url(url)
    try:
        async with database.transaction() as session:
            await ensure_signing_key(session)
            await load_demo_auth(session)
            await load_demo_citizens(session)
        async with database.transaction() as session:
            await load_demo_population(session, persons=25, seed=7)
        async with database.transaction() as session:
            await load_web_demo(session, shards=16)
    finally:
        await database.dispose()


@contextmanager
def running_hub(folder: Path) -> Iterator[str]:
    """Serve a seeded hub; yield its base URL."""
    url = f"sqlite:///{folder / 'hub.db'}"

    def prepare() -> None:
        # In a thread of its own: the test session's event loop is running in this one.
        upgrade(url)
        asyncio.run(seed(url))

    worker = threading.Thread(target=prepare)
    worker.start()
    worker.join()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    settings = Settings(environment="test", database_url=url, issuer=base)
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "the hub did not start"
    try:
        yield base
    finally:
        server.should_exit = True
        thread.join(10)
