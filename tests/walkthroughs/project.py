"""A project folder as ``make run`` leaves it: ``.venv`` (the one running the tests), a migrated
``hub.db`` with the demo loaded, and the server listening, for the walkthroughs to run in."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

DOCUMENTED_PORTS = ("127.0.0.1:8000", "127.0.0.1:8765")
"""The addresses the documents show; the walkthroughs run against a free port instead."""


@dataclass(frozen=True)
class Project:
    """The folder, the environment its commands run with and the server's address."""

    folder: Path
    environment: dict[str, str]
    address: str

    def localise(self, text: str) -> str:
        """Return ``text`` with the documented server address replaced by the running one."""
        for documented in DOCUMENTED_PORTS:
            text = text.replace(documented, self.address)
        return text


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _terminal() -> dict[str, str]:
    # The reader's terminal: none of the developer's HUB_ variables; the settings come from
    # the .env that `make run` writes.
    clean = {k: v for k, v in os.environ.items() if not k.startswith("HUB_")}
    return clean | {"COLUMNS": "200"}


@contextmanager
def running_project(folder: Path) -> Iterator[Project]:
    """Prepare ``folder`` as ``make run`` does and serve it until the block ends."""
    venv = Path(sys.executable).parent.parent
    (folder / ".venv").symlink_to(venv)
    port = _free_port()
    environment = _terminal()
    # The steps of `make run` after installing: the .env rule, migrations, demo, server (which
    # `make run PORT=...` gives the matching issuer).
    makefile = Path(__file__).parent.parent.parent / "Makefile"
    make = ["make", "-s", "-f", str(makefile), ".env"]
    subprocess.run(make, cwd=folder, env=environment, check=True)
    hub = str(folder / ".venv" / "bin" / "hub")
    for command in (["db", "upgrade"], ["demo", "load"]):
        subprocess.run(
            [hub, *command], cwd=folder, env=environment, check=True, capture_output=True
        )
    server = subprocess.Popen(
        [hub, "serve", "--host", "127.0.0.1", "--port", str(port)],
        cwd=folder,
        env=environment | {"HUB_ISSUER": f"http://127.0.0.1:{port}"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_until_ready(port)
        yield Project(folder, environment, f"127.0.0.1:{port}")
    finally:
        server.terminate()
        server.wait(timeout=20)


def _wait_until_ready(port: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise TimeoutError(f"the server on port {port} did not become ready")
