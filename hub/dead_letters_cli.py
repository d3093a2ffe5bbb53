"""The ``hub dead-letters`` commands: list, show, replay and discard."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.table import Table

from hub.adapters import dead_letters
from hub.cli_database import with_database
from hub.sync_cli import console, operator_errors

dead_letters_app = typer.Typer(
    help="Records an adapter could not turn into inputs.", no_args_is_help=True
)


@dead_letters_app.command("list")
def list_letters(
    adapter: Annotated[str | None, typer.Option(help="Only this adapter's.")] = None,
    status: Annotated[str, typer.Option(help="OPEN, REPLAYED, DISCARDED or ALL.")] = "OPEN",
    limit: Annotated[int, typer.Option(min=1, max=1000)] = 50,
) -> None:
    """List dead letters, newest first, with their reasons."""
    wanted = None if status.upper() == "ALL" else status.upper()
    letters, total = with_database(
        lambda database: dead_letters.listed(database, adapter=adapter, status=wanted, limit=limit)
    )
    table = Table("id", "adapter", "stream", "source id", "tries", "status", "error")
    for letter in letters:
        table.add_row(
            letter.id,
            letter.adapter,
            letter.stream,
            letter.source_id or "",
            str(letter.attempts),
            letter.status.lower(),
            letter.error,
        )
    console.print(table)
    console.print(f"{len(letters)} of {total}")


@dead_letters_app.command("show")
def show_letter(letter_id: Annotated[str, typer.Argument(help="The dead letter's id.")]) -> None:
    """Show one dead letter with its payload as the source sent it."""
    with operator_errors():
        letter = with_database(lambda database: dead_letters.get(database, letter_id))
    console.print(f"id       {letter.id}\nadapter  {letter.adapter} / {letter.stream}")
    console.print(f"status   {letter.status.lower()} after {letter.attempts} attempt(s)")
    console.print(f"error    {letter.error}")
    console.print_json(json.dumps(letter.payload, ensure_ascii=False, default=str))


@dead_letters_app.command("replay")
def replay_letter(letter_id: Annotated[str, typer.Argument(help="The dead letter's id.")]) -> None:
    """Parse the letter again with its adapter and ingest it."""
    with operator_errors():
        done = with_database(lambda database: dead_letters.replay(database, letter_id))
    if done.report is None:
        console.print(
            f"[yellow]still failing[/yellow] (attempt {done.letter.attempts}): {done.letter.error}"
        )
        raise typer.Exit(code=1)
    report = done.report
    console.print(
        f"[green]replayed[/green]: created {report.created}, updated {report.updated}, "
        f"unchanged {report.unchanged}, flagged {report.flagged}"
    )


@dead_letters_app.command("discard")
def discard_letter(letter_id: Annotated[str, typer.Argument(help="The dead letter's id.")]) -> None:
    """Mark the letter discarded: kept for the record, never replayed."""
    with operator_errors():
        with_database(lambda database: dead_letters.discard(database, letter_id))
    console.print(f"discarded {letter_id}")
