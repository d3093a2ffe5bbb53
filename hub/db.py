"""Database engine and sessions; commit and roll back happen only at the request edge."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from functools import partial
from typing import Any, TypeVar

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

T = TypeVar("T")


def async_url(url: str) -> str:
    """Return ``url`` with the async driver the hub uses for its dialect.

    Operators write plain ``sqlite:///`` and ``postgresql://`` URLs; the hub picks aiosqlite and
    asyncpg so that nobody has to know the driver names. ``postgres://``, which Heroku-style
    hosts and psql accept but SQLAlchemy does not, is taken as ``postgresql://``.
    """
    parsed = make_url(url)
    driver = {
        "sqlite": "sqlite+aiosqlite",
        "postgresql": "postgresql+asyncpg",
        "postgres": "postgresql+asyncpg",
    }.get(parsed.get_backend_name())
    if driver is None:
        raise ValueError(
            f"unsupported database URL scheme {parsed.drivername!r}; "
            "the hub speaks sqlite:/// and postgresql://"
        )
    return parsed.set(drivername=driver).render_as_string(hide_password=False)


def is_sqlite(url: str) -> bool:
    """Tell whether ``url`` points at SQLite."""
    return make_url(url).get_backend_name() == "sqlite"


def create_engine(url: str, *, echo: bool = False) -> AsyncEngine:
    """Create the async engine for ``url`` with the per-dialect settings the hub relies on."""
    kwargs: dict[str, Any] = {"echo": echo}
    if not is_sqlite(url):
        kwargs |= {"pool_size": 10, "max_overflow": 10, "pool_pre_ping": True}
    engine = create_async_engine(async_url(url), **kwargs)
    if is_sqlite(url):
        event.listen(engine.sync_engine, "connect", _configure_sqlite)
    return engine


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets readers go on while one writer commits; foreign keys are off by default in SQLite.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


class SerializedSession(AsyncSession):
    """An ``AsyncSession`` whose operations run one at a time, each to its end.

    Strawberry resolves sibling fields concurrently, but a session holds one connection and
    SQLAlchemy forbids concurrent use of it. A per-session lock queues the statements of one
    request instead; dataloaders keep that queue short by batching.

    graphql-core cancels the sibling resolvers of a field whose error reaches a non-null
    parent. A statement cancelled half-way invalidates the connection, and with it the
    request's transaction: the access-log write and the commit at the edge then failed with
    ``PendingRollbackError`` (a 500 for a user's mistake). So a started operation is shielded:
    it finishes, still holding the lock, and only then does the cancellation go on.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._lock = asyncio.Lock()

    async def _serialized(self, operation: Callable[[], Coroutine[Any, Any, T]]) -> T:
        async with self._lock:
            task = asyncio.ensure_future(operation())
            try:
                return await asyncio.shield(task)
            except asyncio.CancelledError:
                await _finish(task)
                raise

    async def execute(self, *args: Any, **kwargs: Any) -> Any:
        """Execute a statement (serialised)."""
        return await self._serialized(partial(super().execute, *args, **kwargs))

    async def scalar(self, *args: Any, **kwargs: Any) -> Any:
        """Execute and return the first column of the first row (serialised)."""
        return await self._serialized(partial(super().scalar, *args, **kwargs))

    async def get(self, *args: Any, **kwargs: Any) -> Any:
        """Return an instance by primary key (serialised)."""
        return await self._serialized(partial(super().get, *args, **kwargs))

    async def flush(self, objects: Any = None) -> None:
        """Flush pending changes (serialised)."""
        await self._serialized(partial(super().flush, objects))

    async def refresh(self, *args: Any, **kwargs: Any) -> None:
        """Reload an instance (serialised)."""
        await self._serialized(partial(super().refresh, *args, **kwargs))

    async def delete(self, instance: object) -> None:
        """Mark an instance deleted (serialised)."""
        await self._serialized(partial(super().delete, instance))

    async def commit(self) -> None:
        """Commit (serialised)."""
        await self._serialized(super().commit)

    async def rollback(self) -> None:
        """Roll back (serialised)."""
        await self._serialized(super().rollback)


async def _finish(task: asyncio.Future[Any]) -> None:
    """Wait until ``task`` is done, whatever cancellations arrive meanwhile."""
    while not task.done():
        try:
            await asyncio.wait({task})
        except asyncio.CancelledError:
            continue
    if not task.cancelled():
        # Retrieved, or asyncio would log "exception was never retrieved".
        task.exception()


class Database:
    """An engine and the session factory bound to it.

    Tests may bind the factory to one connection in an outer transaction instead, so that every
    commit inside a test only releases a savepoint and the test leaves nothing behind.
    """

    def __init__(self, engine: AsyncEngine, *, bind: AsyncConnection | None = None) -> None:
        self.engine = engine
        self.bound = bind is not None
        """True when every session joins one outer connection (tests): no other may write."""
        if bind is None:
            self._factory = async_sessionmaker(
                engine, class_=SerializedSession, expire_on_commit=False
            )
        else:
            self._factory = async_sessionmaker(
                bind=bind,
                class_=SerializedSession,
                expire_on_commit=False,
                join_transaction_mode="create_savepoint",
            )

    @classmethod
    def from_url(cls, url: str, *, echo: bool = False) -> Database:
        """Create a database for ``url``."""
        return cls(create_engine(url, echo=echo))

    def session(self) -> AsyncSession:
        """Return a new session; the caller commits or rolls back and closes it."""
        return self._factory()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """Yield a session that commits on success and rolls back on error (CLI and jobs)."""
        async with self._factory() as session:
            try:
                yield session
                await session.commit()
            except BaseException:
                await session.rollback()
                raise

    async def dispose(self) -> None:
        """Close every pooled connection."""
        await self.engine.dispose()
