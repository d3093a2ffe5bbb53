"""Counting rows in a database whose transactions really commit."""

from __future__ import annotations

from sqlalchemy import func, select

from hub.db import Database


async def count_rows(database: Database, model: type[object]) -> int:
    """Return how many rows ``model``'s table holds."""
    async with database.session() as session:
        return int((await session.execute(select(func.count()).select_from(model))).scalar_one())
