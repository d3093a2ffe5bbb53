"""``hub keys``, ``hub clients``, ``hub agencies`` and ``hub purposes``.

Every command runs in one transaction against HUB_DATABASE_URL; a refused input (unknown
scope, purpose or agency, malformed code, ...) reaches the ``hub`` command's error boundary,
which prints why and exits with code 2.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from hub.auth import agencies, clients, keys, purposes
from hub.cli_database import in_transaction
from hub.errors import Invalid
from hub.kit.clock import utcnow
from hub.kit.listing import print_listing
from hub.kit.plural import counted
from hub.settings import get_settings

keys_app = typer.Typer(help="Keys that sign the hub's tokens.", no_args_is_help=True)
clients_app = typer.Typer(help="OAuth2 clients of agencies.", no_args_is_help=True)
agencies_app = typer.Typer(help="Agencies that own clients.", no_args_is_help=True)
purposes_app = typer.Typer(help="Purposes of use.", no_args_is_help=True)

console = Console()
T = TypeVar("T")


def _when(value: Any) -> str:
    return value.isoformat(timespec="seconds") if value is not None else ""


@keys_app.command("rotate")
def rotate_key() -> None:
    """Make a new signing key; the old one stays published until its tokens expired."""
    key = in_transaction(lambda session: keys.rotate_signing_key(session, get_settings()))
    console.print(f"new signing key [bold]{key.kid}[/bold] ({key.algorithm}) is active")


@keys_app.command("list")
def list_keys() -> None:
    """Show every signing key and its status."""
    found = in_transaction(keys.signing_keys)
    now = utcnow()
    rows = [
        [
            key.kid,
            key.algorithm,
            keys.key_status(key, now).value,
            _when(key.created_at),
            _when(key.retired_at),
            _when(key.expires_at),
        ]
        for key in found
    ]
    print_listing(console, ["kid", "alg", "status", "created", "retired", "published until"], rows)


@agencies_app.command("create")
def create_agency(
    code: Annotated[str, typer.Option(help="Agency code (Decision 20/2020 or QCVN 102).")],
    name: Annotated[str, typer.Option(help="Agency name.")],
) -> None:
    """Register an agency."""
    agency = in_transaction(lambda session: agencies.create_agency(session, code=code, name=name))
    console.print(f"agency [bold]{agency.code}[/bold] created: {agency.name}")


@agencies_app.command("list")
def list_agencies() -> None:
    """Show every agency."""
    table = Table("code", "name")
    for agency in in_transaction(agencies.list_agencies):
        table.add_row(agency.code, agency.name)
    console.print(table)


@purposes_app.command("create")
def create_purpose(
    code: Annotated[str, typer.Option(help="Purpose code, e.g. land-registration.")],
    vi: Annotated[str, typer.Option("--vi", help="Description in Vietnamese.")],
    en: Annotated[str, typer.Option("--en", help="Description in English.")],
    legal_basis: Annotated[str | None, typer.Option(help="The legal basis.")] = None,
) -> None:
    """Register a purpose of use."""
    purpose = in_transaction(
        lambda session: purposes.create_purpose(
            session, code=code, description_vi=vi, description_en=en, legal_basis=legal_basis
        )
    )
    console.print(f"purpose [bold]{purpose.code}[/bold] created")


@purposes_app.command("list")
def list_purposes() -> None:
    """Show every purpose."""
    table = Table("code", "vi", "en", "legal basis")
    for purpose in in_transaction(purposes.list_purposes):
        table.add_row(
            purpose.code, purpose.description_vi, purpose.description_en, purpose.legal_basis or ""
        )
    console.print(table)


@clients_app.command("create")
def create_client(
    name: Annotated[str, typer.Option(help="Name of the client system.")],
    agency: Annotated[
        str | None, typer.Option(help="Agency code (required unless --auth-method none).")
    ] = None,
    scopes: Annotated[str, typer.Option(help='Space-separated, e.g. "land:read".')] = "",
    purposes_: Annotated[
        str, typer.Option("--purposes", help="Space-separated purpose codes.")
    ] = "",
    auth_method: Annotated[
        str, typer.Option(help="client_secret_basic | private_key_jwt | none.")
    ] = "client_secret_basic",
    jwks_file: Annotated[
        Path | None, typer.Option(help="Public JWKS (JSON) of a private_key_jwt client.")
    ] = None,
    redirect_uri: Annotated[
        list[str] | None, typer.Option(help="Redirect URI (repeat for several).")
    ] = None,
    grant_type: Annotated[
        list[str] | None,
        typer.Option(help="authorization_code, refresh_token, client_credentials, token-exchange."),
    ] = None,
    client_id: Annotated[str | None, typer.Option(help="Choose the client id.")] = None,
) -> None:
    """Register a client; prints its id and (once) its secret."""
    jwks = _read_jwks(jwks_file) if jwks_file else None
    created = in_transaction(
        lambda session: clients.create_client(
            session,
            clients.ClientRegistration(
                name=name,
                agency_code=agency,
                scopes=scopes,
                purposes=purposes_.split(),
                auth_method=auth_method,
                jwks=jwks,
                redirect_uris=redirect_uri or [],
                grant_types=grant_type or [],
                client_id=client_id,
            ),
        )
    )
    console.print(f"client_id:     {created.record.client_id}")
    if created.secret:
        console.print(f"client_secret: {created.secret}")
        console.print("[yellow]The secret is shown once; the hub keeps only its hash.[/yellow]")


@clients_app.command("list")
def list_clients() -> None:
    """Show every client."""
    rows = []
    for record in in_transaction(clients.list_clients):
        client = record.client
        purposes_text = " ".join(
            f"{code}(+{days}d)" if days else code for code, days in record.purposes.items()
        )
        rows.append(
            [
                client.client_id,
                client.name,
                client.agency_code or "",
                client.token_endpoint_auth_method,
                " ".join(client.grant_types),
                client.scope,
                purposes_text,
                "enabled" if record.enabled else "disabled",
            ]
        )
    columns = ["client_id", "name", "agency", "auth", "grants", "scopes", "purposes", "status"]
    print_listing(console, columns, rows)


@clients_app.command("disable")
def disable_client(client_id: Annotated[str, typer.Argument(help="The client id.")]) -> None:
    """Disable a client: no new tokens, and its access tokens stop being accepted."""
    in_transaction(lambda session: clients.disable_client(session, client_id))
    console.print(f"client [bold]{client_id}[/bold] disabled")


@clients_app.command("rotate-secret")
def rotate_secret(client_id: Annotated[str, typer.Argument(help="The client id.")]) -> None:
    """Give a client a new secret (the old one stops working at once)."""
    secret = in_transaction(lambda session: clients.rotate_client_secret(session, client_id))
    console.print(f"client_secret: {secret}")
    console.print("[yellow]The secret is shown once; the hub keeps only its hash.[/yellow]")


@clients_app.command("set-purpose")
def set_purpose(
    client_id: Annotated[str, typer.Argument(help="The client id.")],
    purpose: Annotated[str, typer.Argument(help="The purpose code.")],
    disclosure_delay_days: Annotated[
        int, typer.Option(help="Days the client's reads stay hidden from the citizen.")
    ] = 0,
) -> None:
    """Register a purpose for a client, with its disclosure delay."""
    in_transaction(
        lambda session: clients.set_client_purpose(
            session, client_id, purpose, disclosure_delay_days=disclosure_delay_days
        )
    )
    console.print(
        f"client [bold]{client_id}[/bold] may state {purpose}"
        f" (disclosure delay {counted(disclosure_delay_days, 'day')})"
    )


def _read_jwks(path: Path) -> dict[str, Any]:
    try:
        loaded = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise Invalid(f"cannot read the JWKS file {path}: {error}") from None
    if not isinstance(loaded, dict):
        raise Invalid(f"{path} holds no JWKS object")
    return loaded
