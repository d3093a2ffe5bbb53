"""The ``hub sync`` and ``hub adapters`` commands (``hub dead-letters`` and ``hub simulate``
live beside them), registered on the main app by ``register``."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, NoReturn, TypeVar

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from hub.adapters import run_log
from hub.adapters.config_file import configured_adapter, read_file
from hub.adapters.lease import AlreadyRunning
from hub.adapters.models import SyncRun
from hub.adapters.protocol import Adapter, AdapterError, ConfigurationError
from hub.adapters.registry import ADAPTERS
from hub.adapters.runner import RunOptions, SyncFailed, run_sync
from hub.adapters.singer.adapter import tap_adapter
from hub.adapters.singer.mapping import read_mapping
from hub.cli_database import with_database
from hub.db import Database
from hub.errors import HubError
from hub.settings import get_settings

console = Console()
err_console = Console(stderr=True, soft_wrap=True)
adapters_app = typer.Typer(help="The source systems the hub syncs from.", no_args_is_help=True)
T = TypeVar("T")


def register(app: typer.Typer) -> None:
    """Add ``sync``, ``adapters``, ``dead-letters`` and ``simulate`` to the ``hub`` command."""
    from hub.dead_letters_cli import dead_letters_app
    from hub.simulate_cli import simulate_app
    from hub.worker_cli import worker

    app.command("sync")(sync)
    app.command("worker")(worker)
    app.add_typer(adapters_app, name="adapters")
    app.add_typer(dead_letters_app, name="dead-letters")
    app.add_typer(simulate_app, name="simulate")


def fail(message: str, code: int) -> NoReturn:
    """Print ``message`` to standard error and exit with ``code``."""
    err_console.print(f"[red]error:[/red] {message}")
    raise typer.Exit(code=code)


@contextmanager
def operator_errors() -> Iterator[None]:
    """Turn the adapters' and the domain's errors into a message and an exit code."""
    try:
        yield
    except AlreadyRunning as error:
        fail(error.message, 3)
    except ConfigurationError as error:
        fail(error.message, 2)
    except (AdapterError, HubError) as error:
        fail(error.message, 1)


def build_adapter(name: str, source: str | None) -> Adapter[Any]:
    """The adapter called ``name``, configured from the file, the environment and ``source``."""
    return configured_adapter(get_settings().adapters_config, name, source)


def sync(
    adapter: Annotated[str | None, typer.Argument(help="The adapter to run.")] = None,
    full: Annotated[bool, typer.Option("--full", help="Read everything again.")] = False,
    source: Annotated[
        str | None, typer.Option(help="The adapter's folder or base URL (overrides the file).")
    ] = None,
    all_adapters: Annotated[
        bool, typer.Option("--all", help="Run every adapter configured in the file.")
    ] = False,
    tap: Annotated[
        str | None, typer.Option(help="A Singer tap's command line, run as the source.")
    ] = None,
    mapping: Annotated[
        Path | None, typer.Option(help="With --tap: the stream → entity-type mapping file.")
    ] = None,
) -> None:
    """Sync one adapter (or every configured one with --all, or a Singer tap with --tap and
    --mapping) into the registry."""
    settings = get_settings()
    with operator_errors():
        if tap is not None or mapping is not None:
            built = [_tap(tap, mapping, adapter, all_adapters)]
        else:
            if all_adapters == (adapter is not None):
                raise ConfigurationError("name one adapter, or pass --all (not both)")
            names = list(read_file(settings.adapters_config)) if all_adapters else [adapter or ""]
            if not names:
                raise ConfigurationError(f"--all: {settings.adapters_config} configures no adapter")
            built = [build_adapter(name, source) for name in names]
    options = RunOptions(
        full_refresh=full,
        batch_size=settings.sync_batch_size,
        dead_letter_threshold=settings.sync_dead_letter_threshold,
        lease_seconds=settings.sync_lease_seconds,
    )
    failed = False
    for each in built:
        with operator_errors():
            try:
                _sync_one(each, options)
            except SyncFailed as error:
                err_console.print(f"[red]failed:[/red] {error.message}")
                failed = True
    if failed:
        raise typer.Exit(code=1)


def _tap(
    command: str | None, mapping: Path | None, adapter: str | None, all_adapters: bool
) -> Adapter[Any]:
    if command is None or mapping is None:
        raise ConfigurationError("--tap and --mapping go together")
    if adapter is not None or all_adapters:
        raise ConfigurationError("--tap runs a Singer tap: name no adapter and no --all")
    return tap_adapter(command, read_mapping(mapping))


def _sync_one(adapter: Adapter[Any], options: RunOptions) -> None:
    columns = (
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        TextColumn("{task.fields[read]} records"),
        TextColumn("{task.fields[rate]}/s"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=console, transient=False) as bar:
        task = bar.add_task(adapter.name, total=None, read=0, rate="-")

        def progress(read: int, done: int | None, total: int | None) -> None:
            _advance(bar, task, read, done, total)

        run = with_database(lambda database: run_sync(database, adapter, options, progress))
    seconds = run.duration_seconds or 0.0
    console.print(
        f"{adapter.name}: {run.status.lower()} in {seconds:.1f} s: read {run.records_read}, "
        f"created {run.created}, updated {run.updated}, unchanged {run.unchanged}, "
        f"flagged {run.flagged}, dead-lettered {run.dead_lettered}"
    )


def _advance(bar: Progress, task: TaskID, read: int, done: int | None, total: int | None) -> None:
    elapsed = bar.tasks[task].elapsed or 0.0
    rate = f"{read / elapsed:,.0f}" if elapsed > 0 else "-"
    bar.update(
        task, completed=done if done is not None else read, total=total, read=read, rate=rate
    )


@adapters_app.command("list")
def list_adapters() -> None:
    """List the adapters, whether the file configures them, and their last run."""
    configured = read_file(get_settings().adapters_config)

    async def last_runs(database: Database) -> dict[str, SyncRun | None]:
        found = {name: await run_log.recent(database, name, 1) for name in ADAPTERS}
        return {name: runs[0] if runs else None for name, runs in found.items()}

    runs = with_database(last_runs)
    table = Table("adapter", "system", "configured", "last run", "description")
    for name, cls in sorted(ADAPTERS.items()):
        run = runs[name]
        last = "never" if run is None else f"{run.status.lower()} {run.started_at:%Y-%m-%d %H:%M}"
        table.add_row(
            name, cls.system, "yes" if name in configured else "no", last, cls.description
        )
    console.print(table)


@adapters_app.command("check")
def check_adapter(
    adapter: Annotated[str, typer.Argument(help="The adapter to check.")],
    source: Annotated[str | None, typer.Option(help="The adapter's folder or base URL.")] = None,
) -> None:
    """Check an adapter's configuration against its source, before any data moves."""
    with operator_errors():
        built = build_adapter(adapter, source)
        message = asyncio.run(built.check())
    console.print(f"[green]ok[/green] {adapter}: {message}")


@adapters_app.command("runs")
def list_runs(
    adapter: Annotated[str | None, typer.Argument(help="Only this adapter's runs.")] = None,
    limit: Annotated[int, typer.Option(min=1, max=1000)] = 20,
) -> None:
    """List the latest sync runs with their counts."""
    runs = with_database(lambda database: run_log.recent(database, adapter, limit))
    table = Table(
        "started", "adapter", "status", "s", "read", "new", "upd", "same", "flag", "dead", "gone"
    )
    for run in runs:
        table.add_row(
            f"{run.started_at:%Y-%m-%d %H:%M:%S}",
            run.adapter,
            run.status.lower(),
            f"{run.duration_seconds or 0:.1f}",
            *(str(n) for n in (run.records_read, run.created, run.updated, run.unchanged)),
            *(str(n) for n in (run.flagged, run.dead_lettered, run.retired)),
        )
    console.print(table)
