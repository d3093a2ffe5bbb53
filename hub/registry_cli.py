"""The ``hub registry`` commands: maintenance of the master records already stored."""

from __future__ import annotations

from typing import Annotated, TypeVar

import typer
from rich.console import Console

from hub.cli_database import with_database
from hub.errors import Invalid
from hub.kit.plural import counted
from hub.registry.kinds import KINDS
from hub.registry.pipeline.reindex import reindex
from hub.registry.pipeline.replay import ReplayReport, replay_flagged

registry_app = typer.Typer(help="Maintenance of the stored master records.", no_args_is_help=True)
console = Console(soft_wrap=True)
T = TypeVar("T")

EntityTypeOption = Annotated[
    str | None,
    typer.Option("--entity-type", help=f"Only records of this entity type ({', '.join(KINDS)})."),
]


def _entity_type(given: str | None) -> str | None:
    # Entity types are stored in lower case; ORGANIZATION and organization mean the same.
    entity_type = None if given is None else given.lower()
    if entity_type is not None and entity_type not in KINDS:
        raise Invalid(f"no entity type {given!r}; one of {', '.join(KINDS)}")
    return entity_type


@registry_app.command("replay")
def replay(
    entity_type: EntityTypeOption = None,
    system: Annotated[str | None, typer.Option(help="Only records of this source system.")] = None,
    page_size: Annotated[int, typer.Option(min=1, help="Records per transaction.")] = 500,
) -> None:
    """Validate flagged records again (after a code list was imported or the masters they name
    arrived) and take those whose outcome changed through ingestion again.
    """
    entity_type = _entity_type(entity_type)

    def progress(report: ReplayReport) -> None:
        console.print(f"  {report.examined} examined, {report.now_valid} now valid")

    report = with_database(
        lambda database: replay_flagged(
            database,
            KINDS,
            entity_type=entity_type,
            system=system,
            page_size=page_size,
            on_page=progress,
        )
    )
    console.print(
        f"replayed {counted(report.examined, 'flagged record')}: {report.now_valid} now valid, "
        f"{report.still_flagged_changed} still flagged with other findings, "
        f"{report.unchanged} unchanged; {counted(report.golden_changed, 'golden record')} changed"
    )


@registry_app.command("reindex")
def reindex_command(
    entity_type: Annotated[
        str, typer.Argument(help=f"The entity type to reindex ({', '.join(KINDS)}).")
    ],
    page_size: Annotated[int, typer.Option(min=1, help="Records per transaction.")] = 1000,
) -> None:
    """Rewrite the blocking keys of every stored record of one entity type with today's
    blocking rules, so that new records find the old ones through every rule.
    """
    kind = _entity_type(entity_type) or ""
    count = with_database(
        lambda database: reindex(
            database,
            KINDS,
            kind,
            page_size=page_size,
            on_page=lambda done: console.print(f"  {counted(done, 'record')}"),
        )
    )
    console.print(f"reindexed {counted(count, f'{kind} record')}")
