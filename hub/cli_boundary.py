"""The ``hub`` command's error boundary: what went wrong and what to do, in one line or two.

Every command runs inside :class:`GuardedGroup`; a failure a person can act on (a wrong
setting, a database that is missing, unmigrated or unreachable, a port in use, a usage error)
becomes ``error: ...`` on standard error and a non-zero exit, never a traceback. ``--debug`` or
``HUB_DEBUG=1`` lets the exception through, traceback and all.
"""

from __future__ import annotations

import errno
import socket
import sqlite3
from collections.abc import Iterator
from typing import Any

import asyncpg
import typer
from pydantic import ValidationError
from rich.console import Console
from sqlalchemy.engine import URL, make_url
from typer.core import TyperGroup

from hub.errors import HubError
from hub.preflight import Refused, sqlite_file
from hub.settings import Settings, get_settings

# Exit codes: 2 for what the person typed or configured (as click does for usage errors), 1 for
# the state of the world (database, port).
USAGE = 2
FAILURE = 1
_NETWORK_ERRNOS = {
    errno.ECONNREFUSED,
    errno.EHOSTUNREACH,
    errno.ENETUNREACH,
    errno.ETIMEDOUT,
    errno.EADDRNOTAVAIL,
}

err_console = Console(stderr=True, soft_wrap=True, highlight=False, markup=False)


class GuardedGroup(TyperGroup):
    """The root group of ``hub``: runs a command and turns its failure into one line."""

    # ``ctx`` is the click context of the copy of click that typer bundles, not a public type.
    def invoke(self, ctx: Any) -> Any:
        """Run the command; report an actionable failure without a traceback."""
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort, KeyboardInterrupt):
            raise
        except typer.TyperException as error:
            # The usage errors of click (bad option, missing file, ...): typer would draw them
            # in a panel wrapped at the terminal's width. "No arguments" shows the help instead.
            if ctx.params.get("debug") or type(error).__name__ == "NoArgsIsHelpError":
                raise
            report([error.format_message()])
            usage_of = getattr(error, "ctx", None)
            if usage_of is not None:
                err_console.print(f"(`{usage_of.command_path} --help` shows the usage)")
            raise typer.Exit(error.exit_code) from None
        except Exception as error:
            if ctx.params.get("debug"):
                raise
            lines, code = explain(error)
            report(lines)
            raise typer.Exit(code) from None


def report(lines: list[str]) -> None:
    """Print each line as ``error: ...`` on standard error, unwrapped."""
    for line in lines:
        err_console.print(f"error: {line}")


def explain(error: Exception) -> tuple[list[str], int]:
    """Return the lines that tell a person what went wrong and what to do, and the exit code."""
    if isinstance(error, ValidationError) and error.title == Settings.__name__:
        return [_setting_problem(detail) for detail in error.errors()], USAGE
    if isinstance(error, Refused):
        return [error.message], error.exit_code
    if isinstance(error, HubError):
        return [error.message], USAGE
    database = _database_problem(error)
    if database is not None:
        return [database], FAILURE
    if isinstance(error, OSError) and error.strerror:
        where = f": {error.filename}" if error.filename else ""
        return [f"{error.strerror}{where}"], FAILURE
    first_line = (str(error).splitlines() or [""])[0]
    return [
        f"unexpected {type(error).__name__}: {first_line} (run again with --debug, or "
        "HUB_DEBUG=1, for the traceback)"
    ], FAILURE


def _setting_problem(detail: Any) -> str:
    message = str(detail["msg"]).removeprefix("Value error, ")
    location = detail.get("loc") or ()
    if not location:
        return message
    return f"HUB_{str(location[0]).upper()}: {message}"


def _causes(error: BaseException) -> Iterator[BaseException]:
    # SQLAlchemy wraps the driver's exception in ``orig``, asyncpg's adapter in ``__cause__``.
    seen: set[int] = set()
    pending: list[BaseException | None] = [error]
    while pending:
        current = pending.pop(0)
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        pending += [getattr(current, "orig", None), current.__cause__, current.__context__]


def _configured_url() -> URL | None:
    try:
        return make_url(get_settings().database_url)
    except ValidationError:
        return None


def _database_problem(error: Exception) -> str | None:
    url = _configured_url()
    if url is None:
        return None
    server = f"{url.host or 'localhost'}:{url.port or 5432}"
    for cause in _causes(error):
        text = str(cause).splitlines()[0] if str(cause) else type(cause).__name__
        if isinstance(cause, asyncpg.exceptions.InvalidCatalogNameError):
            return (
                f"the database {url.database!r} does not exist on {server}: create it "
                f"(createdb -h {url.host or 'localhost'} -p {url.port or 5432} -U "
                f"{url.username or 'postgres'} {url.database}), then run `hub db upgrade`"
            )
        if isinstance(
            cause,
            asyncpg.exceptions.InvalidPasswordError
            | asyncpg.exceptions.InvalidAuthorizationSpecificationError,
        ):
            return f"PostgreSQL at {server} refused the login ({text}): check HUB_DATABASE_URL"
        if isinstance(cause, asyncpg.exceptions.UndefinedTableError) or (
            isinstance(cause, sqlite3.OperationalError) and text.startswith("no such table")
        ):
            return f"the database is not migrated ({text}): run `hub db upgrade`"
        if isinstance(cause, asyncpg.exceptions.UndefinedColumnError) or (
            isinstance(cause, sqlite3.OperationalError) and text.startswith("no such column")
        ):
            return f"the database schema is older than this hub ({text}): run `hub db upgrade`"
        if isinstance(cause, sqlite3.OperationalError) and "unable to open" in text:
            path = sqlite_file(url.render_as_string())
            where = path.resolve() if path is not None else url.database
            return (
                f"cannot open the SQLite database {where}: does its folder exist and allow writing?"
            )
        if isinstance(cause, sqlite3.OperationalError) and "locked" in text:
            return "the SQLite database is busy (another process is writing to it): try again"
        if url.get_backend_name() != "sqlite" and _unreachable(cause):
            return (
                f"cannot reach the database server at {server} ({text}): is PostgreSQL "
                "running there, and is HUB_DATABASE_URL right?"
            )
    return None


def _unreachable(cause: BaseException) -> bool:
    if isinstance(cause, ConnectionError | socket.gaierror | TimeoutError):
        return True
    # asyncio reports a failure on every address of a host name as one OSError without errno.
    return isinstance(cause, OSError) and (
        cause.errno in _NETWORK_ERRNOS or str(cause).startswith("Multiple exceptions")
    )
