"""``hub audit``: verify the access log's hash chains and anchor their heads."""

from __future__ import annotations

import typer
from rich.console import Console
from sqlalchemy.ext.asyncio import AsyncSession

from hub.audit import service
from hub.audit.verify import verify
from hub.cli_database import in_transaction
from hub.kit.plural import counted

audit_app = typer.Typer(help="The hash-chained access log.", no_args_is_help=True)
console = Console()


async def _anchor(session: AsyncSession) -> list[tuple[int, int, str]]:
    return [(a.shard, a.seq, a.hash) for a in await service.anchor(session)]


@audit_app.command("verify")
def verify_command() -> None:
    """Recompute every chain; exit 1 naming the first bad entry, else print the counts."""
    report = in_transaction(verify)
    if report.ok:
        console.print(
            f"OK: {counted(report.entries, 'entry', 'entries')} in "
            f"{counted(report.shards, 'shard')}, {counted(report.anchors, 'anchor')} reached"
        )
        return
    console.print(f"[red]FAILED[/red]: {report.problems[0]}", soft_wrap=True)
    for problem in report.problems[1:]:
        console.print(f"  also: {problem}", soft_wrap=True)
    console.print(
        f"{counted(len(report.problems), 'problem')}; "
        f"{counted(report.entries, 'entry', 'entries')} checked"
    )
    raise typer.Exit(code=1)


@audit_app.command("anchor")
def anchor_command() -> None:
    """Record the head of every chain; print them, to publish outside the database too."""
    heads = in_transaction(_anchor)
    for shard, seq, hash_ in heads:
        typer.echo(f"shard {shard} seq {seq} {hash_}")
    console.print(f"anchored {counted(len(heads), 'shard head')}")
