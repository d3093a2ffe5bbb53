"""Counting the SQL statements a block of code sends, for the statement-budget tests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event

from hub.db import Database


@contextmanager
def counting(database: Database) -> Iterator[list[str]]:
    """Collect every SQL statement the engine sends while the block runs."""
    statements: list[str] = []

    def note(*args: Any) -> None:
        statements.append(args[2])

    event.listen(database.engine.sync_engine, "before_cursor_execute", note)
    try:
        yield statements
    finally:
        event.remove(database.engine.sync_engine, "before_cursor_execute", note)
