"""``hub staff grant|list|revoke``: who may use the steward console, as steward or auditor."""

from __future__ import annotations

import getpass
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from hub.auth import staff
from hub.cli_database import in_transaction

staff_app = typer.Typer(help="Staff roles of the steward console.", no_args_is_help=True)
console = Console()

_ROLE = typer.Option("--role", help="steward (curation) or auditor (access log, audit:read).")


@staff_app.command("grant")
def grant(citizen_id: str, role: Annotated[str, _ROLE]) -> None:
    """Let the person with this citizen ID use the console in this role once signed in."""
    granted_by = f"cli:{getpass.getuser()}"
    row = in_transaction(
        lambda session: staff.grant_role(session, citizen_id, role, granted_by=granted_by)
    )
    console.print(f"{row.citizen_id} holds the {row.role} role")


@staff_app.command("revoke")
def revoke(citizen_id: str, role: Annotated[str, _ROLE]) -> None:
    """Take a role back; it stops at the staff member's next page."""
    row = in_transaction(lambda session: staff.revoke_role(session, citizen_id, role))
    console.print(f"{row.citizen_id} no longer holds the {row.role} role")


@staff_app.command("list")
def list_staff() -> None:
    """Show every held role."""
    rows = in_transaction(staff.list_roles)
    table = Table("citizen ID", "role", "granted at", "granted by")
    for row in rows:
        table.add_row(
            row.citizen_id, row.role, row.granted_at.isoformat(timespec="seconds"), row.granted_by
        )
    console.print(table)
