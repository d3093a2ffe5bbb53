"""``hub serve`` starts only where it can serve: a free port, then a migrated database.

The port is checked first, so that a second ``make run`` stops before it migrates or loads
anything; each refusal is one line on standard error. The server runs in a child process with
a timeout, so that a check that let it start fails the test instead of hanging it.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from hub.app import create_app
from hub.preflight import Refused
from hub.settings import Environment, Settings
from tests.cli_process import run_hub, shell_environment

DEVELOPMENT = shell_environment(HUB_ENVIRONMENT="development")


@pytest.fixture
def busy_port() -> Iterator[int]:
    """A local port another process listens on."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        yield int(listener.getsockname()[1])


def free_port() -> int:
    """Return a local port nobody listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_busy_port_is_reported_before_the_database_is_touched(
    busy_port: int, tmp_path: Path
) -> None:
    # Given a port in use, in a folder without a database
    # When the server, or make run's first step, is started on it
    served = run_hub("serve", "--port", str(busy_port), cwd=tmp_path, env=DEVELOPMENT, timeout=60)
    checked = run_hub(
        "serve", "--port", str(busy_port), "--check-port", cwd=tmp_path, env=DEVELOPMENT
    )
    # Then both say the port is in use, in one line, and nothing touched the database
    for done in (served, checked):
        assert done.returncode == 1
        assert done.stderr.startswith(f"error: port {busy_port} on 127.0.0.1 is in use")
        assert len(done.stderr.splitlines()) == 1
    assert not (tmp_path / "hub.db").exists()


def test_check_port_says_a_free_port_is_free_and_touches_nothing(tmp_path: Path) -> None:
    port = free_port()
    # Given a free port, when make run's first step checks it
    done = run_hub("serve", "--port", str(port), "--check-port", cwd=tmp_path, env=DEVELOPMENT)
    # Then it passes without reading the settings or the database
    assert done.returncode == 0, done.stderr
    assert f"port {port} on 127.0.0.1 is free" in done.stdout
    assert not (tmp_path / "hub.db").exists()


@pytest.mark.parametrize(
    ("state", "message"),
    [
        ("missing", "error: there is no database at"),
        ("empty", "error: the database has none of the hub's tables: run `hub db upgrade` first"),
    ],
)
def test_the_server_refuses_a_database_it_cannot_use(
    state: str, message: str, tmp_path: Path
) -> None:
    # Given a database that is missing, or not migrated
    if state == "empty":
        (tmp_path / "hub.db").touch()
    # When the server is started, then it refuses in one line instead of serving 500s
    done = run_hub("serve", "--port", str(free_port()), cwd=tmp_path, env=DEVELOPMENT, timeout=60)
    assert done.returncode == 1
    assert done.stderr.startswith(message)
    assert len(done.stderr.splitlines()) == 1
    assert "serving on" not in done.stdout


async def test_the_app_started_by_uvicorn_alone_refuses_an_unmigrated_database(
    tmp_path: Path,
) -> None:
    # Given the app as `uvicorn hub.asgi:app` builds it, on an empty database
    (tmp_path / "hub.db").touch()
    settings = Settings(
        environment=Environment.DEVELOPMENT, database_url=f"sqlite:///{tmp_path / 'hub.db'}"
    )
    app = create_app(settings)
    # When it starts, then its start-up refuses
    with pytest.raises(Refused, match="run `hub db upgrade` first"):
        async with app.router.lifespan_context(app):
            pass


def test_several_workers_are_refused_on_sqlite(tmp_path: Path) -> None:
    # Given the default SQLite database
    # When the server is asked for two worker processes
    done = run_hub(
        "serve", "--port", str(free_port()), "--workers", "2", cwd=tmp_path, env=DEVELOPMENT
    )
    # Then it refuses in one line that names PostgreSQL, before touching the database
    assert done.returncode == 1
    assert done.stderr.startswith("--workers 2 needs PostgreSQL"), done.stderr
    assert len(done.stderr.splitlines()) == 1
    assert not (tmp_path / "hub.db").exists()
