"""Lists printed by the ``hub`` command: a table when it fits the terminal, else one block a row.

A table squeezed into 80 columns wraps every cell into a few letters per line; one block per
row, a label and a value a line, stays readable at any width.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console, Group, RenderableType
from rich.measure import Measurement
from rich.padding import Padding
from rich.table import Column, Table
from rich.text import Text

_NO_EDGE = 1_000_000


def print_listing(console: Console, columns: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """Print ``rows`` under ``columns``: a table if it fits unwrapped, else a block per row.

    A block starts with the row's first value (its key); the other values follow under their
    column names, empty ones left out.
    """
    table = Table(*columns)
    for row in rows:
        table.add_row(*row)
    # The width the table takes with no cell wrapped, measured as if the terminal had no edge.
    unwrapped = Measurement.get(console, console.options.update_width(_NO_EDGE), table).maximum
    if unwrapped <= console.width:
        console.print(table)
        return
    label_width = max(len(name) for name in columns[1:])
    blocks: list[RenderableType] = []
    for number, row in enumerate(rows):
        fields = Table.grid(
            Column(width=label_width, style="dim"), Column(overflow="fold"), padding=(0, 2)
        )
        for name, value in zip(columns[1:], row[1:], strict=True):
            if value:
                fields.add_row(name, value)
        below = 0 if number == len(rows) - 1 else 1
        blocks.append(Text(row[0], style="bold", overflow="fold"))
        blocks.append(Padding(fields, (0, 0, below, 2), expand=False))
    console.print(Group(*blocks))
