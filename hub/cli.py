"""The ``hub`` command: database migrations, code-list imports, the demo and the server."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from dotenv import dotenv_values
from rich.console import Console
from rich.table import Table

from hub.adapters.config_file import environment_variable
from hub.adapters.registry import ADAPTERS
from hub.audit.commands import audit_app
from hub.auth.cli import agencies_app, clients_app, keys_app, purposes_app
from hub.auth.staff_cli import staff_app
from hub.cli_boundary import GuardedGroup, err_console
from hub.cli_database import with_database
from hub.db import Database, is_sqlite
from hub.errors import Invalid
from hub.feed import cli as feed_cli
from hub.kit.plural import counted
from hub.preflight import (
    open_database,
    require_database_file,
    require_database_folder,
    require_free_port,
)
from hub.records_cli import match as match_command
from hub.registry.codelists import service as codelists
from hub.registry.codelists.imported import ImportedList
from hub.registry.codelists.importers.admin_units import read_admin_units
from hub.registry.codelists.importers.csv_lists import bundled_list_ids, read_csv_list
from hub.registry.codelists.models import ADMIN_UNITS_LIST_ID
from hub.registry_cli import registry_app
from hub.settings import ENV_FILE, Settings, get_settings, unknown_variables
from hub.sync_cli import register as register_sync_commands
from hub.trusted_documents_cli import documents_app

app = typer.Typer(
    cls=GuardedGroup,
    help="Liên thông Hub: GraphQL data-sharing hub and master-data registry. Settings come "
    "from HUB_ environment variables and from the .env file of the current folder.",
    no_args_is_help=True,
    # A traceback's locals would show the settings, secrets included.
    pretty_exceptions_show_locals=False,
)
db_app = typer.Typer(help="Database migrations.", no_args_is_help=True)
codelists_app = typer.Typer(help="Reference code lists.", no_args_is_help=True)
codelists_import_app = typer.Typer(help="Import code lists.", no_args_is_help=True)
demo_app = typer.Typer(help="Demo data.", no_args_is_help=True)
graphql_app = typer.Typer(help="GraphQL schema tools.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(codelists_app, name="codelists")
codelists_app.add_typer(codelists_import_app, name="import")
app.add_typer(demo_app, name="demo")
app.add_typer(graphql_app, name="graphql")
graphql_app.add_typer(documents_app, name="documents")
app.add_typer(audit_app, name="audit")
app.add_typer(keys_app, name="keys")
app.add_typer(clients_app, name="clients")
app.add_typer(agencies_app, name="agencies")
app.add_typer(purposes_app, name="purposes")
app.add_typer(staff_app, name="staff")
app.add_typer(registry_app, name="registry")
app.command("match")(match_command)
feed_cli.register(app)
register_sync_commands(app)

console = Console()
T = TypeVar("T")


@app.callback()
def root(
    debug: Annotated[
        bool,
        typer.Option(
            "--debug", envvar="HUB_DEBUG", help="Show the traceback of an error (or HUB_DEBUG=1)."
        ),
    ] = False,
) -> None:
    """Warn about HUB_ variables that are no setting (a misspelt name would be ignored)."""
    # ``debug`` is read by GuardedGroup, which decides whether a failure shows its traceback.
    named = set(os.environ)
    if Path(ENV_FILE).is_file():
        named |= set(dotenv_values(ENV_FILE))
    # Adapters read their secrets from HUB_<ADAPTER>_<FIELD> (docs/adapters.md).
    adapter_secrets = [environment_variable(name, "") for name in ADAPTERS]
    for name, resembles in unknown_variables(named, adapter_secrets):
        hint = f" (did you mean {resembles}?)" if resembles else ""
        err_console.print(f"warning: {name} is not a setting of the hub{hint}")


@db_app.command("upgrade")
def db_upgrade(revision: Annotated[str, typer.Option(help="Target revision.")] = "heads") -> None:
    """Migrate the database (HUB_DATABASE_URL) up to the newest schema."""
    from hub.migrations_runner import upgrade

    require_database_folder(get_settings().database_url)
    upgrade(revision=revision)
    console.print(f"database migrated to {revision}")


@db_app.command("downgrade")
def db_downgrade(revision: Annotated[str, typer.Option(help="Target revision.")] = "base") -> None:
    """Migrate the database down (to ``base``, an empty database, by default)."""
    from hub.migrations_runner import downgrade

    require_database_file(get_settings().database_url)
    downgrade(revision=revision)
    console.print(f"database migrated down to {revision}")


async def _store(database: Database, imported: ImportedList) -> codelists.ImportReport:
    async with database.transaction() as session:
        return await codelists.import_list(session, imported)


def _print_report(report: codelists.ImportReport) -> None:
    console.print(
        f"imported [bold]{report.list_id}[/bold]: {counted(report.codes, 'code')}, "
        f"{counted(report.crosswalks, 'crosswalk link')}"
    )
    for warning in report.warnings:
        console.print(f"  [yellow]warning[/yellow] {warning}")


@codelists_import_app.command("admin-units")
def import_admin_units() -> None:
    """Import both structures of the administrative units and the 2025 crosswalk."""
    imported = read_admin_units()
    _print_report(with_database(lambda database: _store(database, imported)))


@codelists_import_app.command("bundled")
def import_bundled(
    list_id: Annotated[
        str | None, typer.Argument(help="One list id; all bundled lists if omitted.")
    ] = None,
) -> None:
    """Import the code lists bundled with the hub (ethnic groups, land-use purposes, ...)."""
    available = bundled_list_ids()
    if list_id is not None and list_id not in available:
        raise Invalid(f"no bundled list {list_id!r}; available: {', '.join(available)}")
    chosen = [list_id] if list_id else list(available)

    async def store_all(database: Database) -> None:
        for chosen_id in chosen:
            _print_report(await _store(database, read_csv_list(available[chosen_id])))

    with_database(store_all)


@codelists_app.command("list")
def list_code_lists() -> None:
    """Show the code lists stored in the database."""

    async def fetch(database: Database) -> list[tuple[str, str, str]]:
        async with database.transaction() as session:
            return [(c.id, c.name, c.source) for c in await codelists.code_lists(session)]

    table = Table("id", "name", "source")
    for row in with_database(fetch):
        table.add_row(*row)
    console.print(table)


@demo_app.command("load")
def demo_load() -> None:
    """Load the demo data (each part skipped or completed when already loaded).

    The real code lists; a signing key; demo agencies, purposes and clients; the persons of
    the development identity provider's demo citizens; a generated population seen by two or
    three source systems, ingested into golden records.
    """
    from hub.auth.demo import load_demo_auth
    from hub.auth.eid.dev_provider.citizens import load_demo_citizens
    from hub.auth.keys import ensure_signing_key
    from hub.registry.population import demo as records_demo
    from hub.web.demo import load_web_demo

    async def load(database: Database) -> None:
        async with database.transaction() as session:
            present = {c.id for c in await codelists.code_lists(session)}
        if ADMIN_UNITS_LIST_ID not in present:
            _print_report(await _store(database, read_admin_units()))
        for list_id, stem in bundled_list_ids().items():
            if list_id not in present:
                _print_report(await _store(database, read_csv_list(stem)))
        async with database.transaction() as session:
            await ensure_signing_key(session)
            await load_demo_auth(session)
            await load_demo_citizens(session)
        async with database.transaction() as session:
            # Ingestion is idempotent: a second load finds every record unchanged.
            report = await records_demo.load_demo_population(session)
            console.print(
                f"demo population: {counted(report.received, 'source record')}, "
                f"{report.created} new, {report.unchanged} unchanged, "
                f"{counted(report.masters_created, 'golden record')} created, "
                f"{counted(report.review_tasks, 'steward task')}"
            )
        async with database.transaction() as session:
            await load_web_demo(session, shards=get_settings().audit_shards)
        console.print(
            "demo data loaded: code lists, signing key, agencies, clients, citizens, demo steward"
        )

    with_database(load)


@demo_app.command("sync")
def demo_sync() -> None:
    """Sync the three simulators (health insurance served in-process, land-records and
    cadre-management exports in a temporary folder) into the registry through the real
    adapters: a small data set of the same people across the three systems."""
    from hub.adapters.demo_sync import sync_simulators
    from hub.registry.population.generator import load_geography

    async def work(database: Database) -> None:
        await sync_simulators(
            database,
            load_geography(),
            report=lambda run: console.print(
                f"{run.adapter}: {run.status.lower()}: read {run.records_read}, created "
                f"{run.created}, unchanged {run.unchanged}, dead-lettered {run.dead_lettered}"
            ),
        )

    with_database(work)


@app.command("serve")
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[
        int, typer.Option(min=1, help="Worker processes (PostgreSQL only; SQLite serves one).")
    ] = 1,
    access_log: Annotated[
        bool,
        typer.Option(
            "--access-log",
            help="Log a line per HTTP request (off: the hub's /metrics and request ids remain).",
        ),
    ] = False,
    check_port: Annotated[
        bool,
        typer.Option(
            "--check-port", help="Only check that the port is free, then exit (as make run does)."
        ),
    ] = False,
) -> None:
    """Serve the hub over HTTP (GraphiQL at /graphql), once the database is ready."""
    import uvicorn

    # The port first: a second `make run` must say so before it migrates or loads anything.
    require_free_port(host, port)
    if workers > 1 and is_sqlite(get_settings().database_url):
        # SQLite admits one writer at a time, and each worker would wait on the others' locks
        # (and in-process rate-limit counters would not be shared): one process serves it.
        typer.echo(
            f"--workers {workers} needs PostgreSQL (HUB_DATABASE_URL=postgresql://...); "
            "on SQLite the hub serves with one worker.",
            err=True,
        )
        raise typer.Exit(code=1)
    if check_port:
        console.print(f"port {port} on {host} is free")
        return

    async def ready() -> None:
        database = await open_database(get_settings())
        await database.dispose()

    asyncio.run(ready())
    refusal = with_database(_startup_refusal)
    if refusal is not None:
        typer.echo(refusal, err=True)
        raise typer.Exit(code=1)
    console.print(f"serving on http://{host}:{port}/graphql")
    # uvloop and httptools: the faster event loop and HTTP parser (uvicorn[standard]).
    uvicorn.run(
        "hub.asgi:app",
        host=host,
        port=port,
        workers=workers,
        log_level="info",
        loop="uvloop",
        http="httptools",
        access_log=access_log,
        # A worker importing the hub on a busy machine can take longer than uvicorn's 5 s
        # health check, which then kills and restarts it ("Child process died").
        timeout_worker_healthcheck=30,
    )


async def _startup_refusal(database: Database) -> str | None:
    from hub.auth.published_secrets import startup_refusal

    async with database.session() as session:
        return await startup_refusal(session, get_settings())


@graphql_app.command("print-schema")
def print_schema(
    client: str | None = typer.Option(
        None,
        "--client",
        help="Print only what this client's scopes allow (fields and the types they reach).",
    ),
) -> None:
    """Print the GraphQL schema (SDL), as committed in hub/graphql/schema.graphql."""
    from hub.graphql.schema import print_schema as render

    # The SDL is the same for every deployment, so the defaults stand in for the settings
    # (which production would refuse without its identity provider).
    sdl = render(Settings.model_construct())
    if client is not None:
        sdl = with_database(lambda database: _client_sdl(database, sdl, client))
    typer.echo(sdl, nl=False)


async def _client_sdl(database: Database, sdl: str, client_id: str) -> str:
    from hub.graphql.discovery import client_sdl

    async with database.session() as session:
        return await client_sdl(session, sdl, client_id)
