"""The ``hub match`` command: candidate duplicate pairs in a spreadsheet, within the file or
against the registry's persons, for a steward to check before the file is imported.
"""

from __future__ import annotations

import csv
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from sqlalchemy.ext.asyncio import AsyncSession

from hub.cli_database import in_transaction
from hub.errors import Invalid
from hub.kit.plural import counted
from hub.registry.batch_match import service as batch_match
from hub.registry.batch_match.rows import ATTRIBUTES, FileRecords, parse_map, read_records
from hub.registry.matching import Decision, Matcher, MatchIndex, MatchRecord

err_console = Console(stderr=True, soft_wrap=True)


def match(
    file: Annotated[
        Path,
        typer.Argument(
            help="The CSV file to check, with a header row.",
            exists=True,
            dir_okay=False,
            readable=True,
        ),
    ],
    id_column: Annotated[str, typer.Option(help="The column holding each row's unique id.")],
    output: Annotated[
        Path, typer.Option(help="Where to write the pairs CSV ('-' for standard output).")
    ],
    mappings: Annotated[
        list[str],
        typer.Option(
            "--map",
            help=f"column=attribute, repeatable; attributes: {', '.join(ATTRIBUTES)}.",
        ),
    ],
    against_registry: Annotated[
        bool,
        typer.Option(help="Match the rows against the registry's persons instead of each other."),
    ] = False,
    upper: Annotated[float, typer.Option(help="Score from which a pair is a link.")] = 0.95,
    lower: Annotated[
        float, typer.Option(help="Score from which a pair is written (review).")
    ] = 0.5,
    delimiter: Annotated[
        str, typer.Option(help="The field delimiter of the file ('tab' for a tab).")
    ] = ",",
    encoding: Annotated[
        str, typer.Option(help="The file's encoding (utf-8 with or without BOM, cp1258, ...).")
    ] = "utf-8",
) -> None:
    """Write the candidate duplicate pairs of FILE as left_id,right_id,score,decision."""
    started = time.perf_counter()
    # A tab is awkward to type in a shell, so it has names.
    delimiter = {"tab": "\t", "\\t": "\t"}.get(delimiter, delimiter)
    try:
        columns = parse_map(mappings, id_column)
        matcher = batch_match.person_matcher(upper=upper, lower=lower)
        with file.open("rb") as lines:
            read = read_records(lines, columns, encoding=encoding, delimiter=delimiter)
    except Invalid as error:
        _fail(error.message, code=2)
    for problem in read.problems:
        err_console.print(
            f"line {problem.line}: {problem.message} (skipped)", markup=False, highlight=False
        )
    if against_registry:
        pairs = _against_registry(read.records, matcher)
    else:
        with _progress("matching rows", len(read.records)) as advance:
            pairs = batch_match.match_file(read.records, matcher, progress=advance)
    _write(pairs, output)
    _summary(read, pairs, time.perf_counter() - started)


def _against_registry(records: list[MatchRecord], matcher: Matcher) -> list[batch_match.MatchPair]:
    # A wrong setting, a missing, unmigrated or unreachable database: the hub command's error
    # boundary says which, in one line.
    async def load(session: AsyncSession) -> MatchIndex:
        with _progress("reading the registry", None) as advance:
            return await batch_match.registry_index(session, matcher, progress=advance)

    index = in_transaction(load)
    with _progress("matching against the registry", len(records)) as advance:
        return batch_match.match_registry(records, matcher, index, progress=advance)


@contextmanager
def _progress(label: str, total: int | None) -> Iterator[batch_match.Progress]:
    # Drawn only on a terminal: a redirected stderr keeps just the summary.
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
        disable=not err_console.is_terminal,
    ) as progress:
        task = progress.add_task(label, total=total)
        yield lambda done: progress.advance(task, done)


def _write(pairs: list[batch_match.MatchPair], output: Path) -> None:
    rows = [batch_match.PAIR_COLUMNS, *batch_match.pair_rows(pairs)]
    if str(output) == "-":
        csv.writer(sys.stdout, lineterminator="\n").writerows(rows)
        return
    try:
        with output.open("w", encoding="utf-8", newline="") as written:
            csv.writer(written, lineterminator="\n").writerows(rows)
    except OSError as error:
        _fail(f"cannot write {output}: {error.strerror}", code=2)


def _summary(read: FileRecords, pairs: list[batch_match.MatchPair], seconds: float) -> None:
    decisions = Counter(pair.decision for pair in pairs)
    err_console.print(
        f"{counted(read.rows, 'row')} read, {len(read.problems)} skipped, "
        f"{counted(len(pairs), 'pair')} written "
        f"(link: {decisions[Decision.LINK]}, review: {decisions[Decision.REVIEW]}) "
        f"in {seconds:.1f} s",
        markup=False,
        highlight=False,
    )


def _fail(message: str, *, code: int) -> NoReturn:
    err_console.print(f"error: {message}", markup=False, highlight=False)
    raise typer.Exit(code=code)
