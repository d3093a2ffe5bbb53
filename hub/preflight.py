"""Start-up checks of the ``hub`` command and server, each refusing with what to do.

The server must not start on a database it cannot use (it would answer 500s from the token
endpoint), and a command must not create an empty SQLite file where the operator meant another
folder: only ``hub db upgrade`` creates a database.
"""

from __future__ import annotations

import errno
import socket
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from hub.db import Database, is_sqlite
from hub.migrations_runner import schema_problem, stored_revisions
from hub.settings import Settings


class Refused(Exception):
    """A check failed; ``message`` says what to do, in one line."""

    def __init__(self, message: str, *, exit_code: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code


def sqlite_file(url: str) -> Path | None:
    """Return the file a SQLite URL names; None for PostgreSQL and in-memory databases."""
    if not is_sqlite(url):
        return None
    database = make_url(url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


def require_database_file(url: str) -> None:
    """Refuse a SQLite URL whose file does not exist (connecting would create it empty)."""
    path = sqlite_file(url)
    if path is not None and not path.exists():
        raise Refused(
            f"there is no database at {path.resolve()} (HUB_DATABASE_URL): run "
            "`hub db upgrade` to create it, or run the command from the folder that holds it"
        )


def require_database_folder(url: str) -> None:
    """Refuse a SQLite URL whose folder does not exist (``hub db upgrade`` creates the file)."""
    path = sqlite_file(url)
    if path is not None and not path.resolve().parent.is_dir():
        raise Refused(
            f"the folder {path.resolve().parent} of the database (HUB_DATABASE_URL) does not "
            "exist: create it, or correct the path",
            exit_code=2,
        )


async def require_current_schema(engine: AsyncEngine) -> None:
    """Refuse a database that is not migrated to this hub's newest schema."""
    async with engine.connect() as connection:
        stored = await connection.run_sync(stored_revisions)
    problem = schema_problem(stored)
    if problem is not None:
        raise Refused(problem)


async def open_database(settings: Settings) -> Database:
    """Return the configured database once it exists and holds this hub's schema."""
    require_database_file(settings.database_url)
    database = Database.from_url(settings.database_url, echo=settings.database_echo)
    try:
        await require_current_schema(database.engine)
    except BaseException:
        await database.dispose()
        raise
    return database


def require_free_port(host: str, port: int) -> None:
    """Refuse a port another process listens on, before anything touches the database."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        # As uvicorn binds: a port left in TIME_WAIT by a stopped server counts as free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                raise Refused(
                    f"port {port} on {host} is in use (is a hub already running? `make run` "
                    "and `hub serve` use it): stop that process, or serve on another port "
                    "(`hub serve --port 8001` or `make run PORT=8001`, with "
                    "HUB_ISSUER=http://127.0.0.1:8001)"
                ) from None
            raise Refused(
                f"cannot listen on {host}:{port} ({error.strerror or error}): choose another "
                "--host or --port",
                exit_code=2,
            ) from None
