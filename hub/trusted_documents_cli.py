"""The ``hub graphql documents`` commands: a client's trusted documents, by hash."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy.ext.asyncio import AsyncSession

from hub.cli_database import in_transaction
from hub.errors import Invalid
from hub.trusted_documents import service

documents_app = typer.Typer(
    help="Trusted documents: the GraphQL documents a client may run by their hash.",
    no_args_is_help=True,
)
_CLIENT = typer.Option("--client", help="The client's id.")


@documents_app.command("add")
def add(
    client: Annotated[str, _CLIENT],
    file: Annotated[Path, typer.Argument(help="A file holding one GraphQL document (UTF-8).")],
) -> None:
    """Register the document in FILE for the client; print its id (sha256:<hex>)."""
    try:
        document = file.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise Invalid(f"{file} is not UTF-8 text.") from None

    async def work(session: AsyncSession) -> str:
        return (await service.add_document(session, client, document)).sha256

    typer.echo(f"sha256:{in_transaction(work)}")


@documents_app.command("list")
def list_documents(client: Annotated[str, _CLIENT]) -> None:
    """List the client's documents: id, registration time, first line."""

    async def work(session: AsyncSession) -> list[tuple[str, str, str, bool]]:
        only = await service.trusted_documents_only(session, client)
        rows = await service.list_documents(session, client)
        first = [(row.document.strip().splitlines() or [""])[0][:60] for row in rows]
        return [
            (row.sha256, row.created_at.isoformat(timespec="seconds"), line, only)
            for row, line in zip(rows, first, strict=True)
        ]

    rows = in_transaction(work)
    for sha256, created, line, _ in rows:
        typer.echo(f"sha256:{sha256}  {created}  {line}")
    if not rows:
        typer.echo(f"{client} has no trusted document.")


@documents_app.command("remove")
def remove(
    client: Annotated[str, _CLIENT],
    document_id: Annotated[str, typer.Argument(help="The document's id (sha256:<hex>).")],
) -> None:
    """Remove one of the client's documents."""

    async def work(session: AsyncSession) -> None:
        await service.remove_document(session, client, document_id)

    in_transaction(work)
    typer.echo(f"removed {document_id} from {client}")


@documents_app.command("only")
def only(
    client: Annotated[str, _CLIENT],
    off: Annotated[bool, typer.Option("--off", help="Let the client run any document again.")] = (
        False
    ),
) -> None:
    """Hold the client to its trusted documents (any other document is refused)."""

    async def work(session: AsyncSession) -> None:
        await service.set_trusted_documents_only(session, client, not off)

    in_transaction(work)
    state = "may run any document" if off else "runs only its trusted documents"
    typer.echo(f"{client} {state}")
