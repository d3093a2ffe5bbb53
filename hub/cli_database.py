"""The one way a ``hub`` command opens the database: checked (it exists and holds this hub's
schema, ``hub.preflight``), used, and disposed of, whatever the command does in between."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from hub.db import Database
from hub.preflight import open_database
from hub.settings import get_settings

T = TypeVar("T")


def with_database(work: Callable[[Database], Awaitable[T]]) -> T:
    """Run ``work`` with the configured database and return what it returns."""

    async def run() -> T:
        database = await open_database(get_settings())
        try:
            return await work(database)
        finally:
            await database.dispose()

    return asyncio.run(run())


def in_transaction(work: Callable[[AsyncSession], Awaitable[T]]) -> T:
    """Run ``work`` in one transaction of the configured database (committed when it returns,
    rolled back when it raises)."""

    async def run(database: Database) -> T:
        async with database.transaction() as session:
            return await work(session)

    return with_database(run)
