"""Running an ingestion in its own transaction, again when another one collided with it.

Two adapters may send the same new record at once (a retry after a timeout, two pages that
overlap). Both transactions see no stored record and both insert it; the database's unique
constraints let one commit and make the other fail. The loser's work is rolled back whole, so
running it again is safe: it then finds the winner's record and counts it as unchanged, or
updates it. This module tells those collisions from other database errors and retries them.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from hub.db import Database
from hub.errors import Contention
from hub.registry.pipeline.ingest import ingest
from hub.registry.pipeline.inputs import IngestReport, SourceRecordInput
from hub.registry.pipeline.kind import KindRegistry
from hub.registry.pipeline.survivorship import SurvivorshipRules

# SQLSTATEs of PostgreSQL that mean "another transaction got there first".
_PG_CONTENTION = {"23505", "40001", "40P01"}  # unique violation, serialization, deadlock


def is_contention(error: BaseException) -> bool:
    """Tell whether a database error means a concurrent transaction collided with this one."""
    if isinstance(error, Contention):
        return True
    if not isinstance(error, DBAPIError):
        return False
    state = getattr(error.orig, "sqlstate", None) or getattr(error.orig, "pgcode", None)
    if state is not None:
        return str(state) in _PG_CONTENTION
    if isinstance(error, IntegrityError):
        # SQLite: a UNIQUE constraint failed because the other writer committed first.
        return "UNIQUE constraint failed" in str(error.orig)
    # SQLite: the other writer holds the lock, or committed after this one began reading.
    return isinstance(error, OperationalError) and "database is locked" in str(error.orig)


async def ingest_in_transaction(
    database: Database,
    kinds: KindRegistry,
    records: Sequence[SourceRecordInput],
    *,
    attempts: int = 3,
    rules: SurvivorshipRules | None = None,
    revalidate: bool = False,
) -> IngestReport:
    """Ingest ``records`` in a transaction of their own and commit; when a concurrent
    transaction collided with it, roll back and run it again, up to ``attempts`` times.

    Raises ``Contention`` when every attempt collided, and any other error at once.
    """
    for attempt in range(1, attempts + 1):
        try:
            async with database.transaction() as session:
                return await ingest(session, kinds, records, rules=rules, revalidate=revalidate)
        except Exception as error:
            if not is_contention(error):
                raise
            if attempt == attempts:
                raise Contention(
                    f"ingestion collided with concurrent writers {attempts} times: {error}"
                ) from error
            # A short, growing pause lets the winner finish before the retry reads.
            await asyncio.sleep(0.05 * attempt)
    raise AssertionError("unreachable")  # pragma: no cover
