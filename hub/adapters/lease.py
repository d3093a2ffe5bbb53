"""A lease in the database, so that two runs of one adapter never overlap, whichever process
or machine starts them. The holder renews it in each batch's transaction; a run whose lease
was taken over (it outlived its expiry) cannot commit another batch.
"""

from __future__ import annotations

import os
import socket
import uuid
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, update
from sqlalchemy.ext.asyncio import AsyncSession

from hub.adapters.models import SyncLease
from hub.adapters.protocol import AdapterError
from hub.db import Database
from hub.kit.clock import utcnow
from hub.registry.pipeline.ingest_retry import is_contention


class AlreadyRunning(AdapterError):
    """Another run of the adapter holds the lease."""


class LeaseLost(AdapterError):
    """The run's lease expired and another run took it: this run stops without committing."""


@dataclass(frozen=True)
class Lease:
    """A held lease: the adapter, this run's holder name and the lease's length."""

    adapter: str
    holder: str
    seconds: int


def _holder() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _vanished(holder: str) -> bool:
    """Tell whether ``holder`` was a process on this machine that no longer exists (killed
    mid-run): its lease need not be waited out."""
    host, _, rest = holder.partition(":")
    pid = rest.partition(":")[0]
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


async def acquire(database: Database, adapter: str, seconds: int) -> Lease:
    """Take the adapter's lease for ``seconds``; raise ``AlreadyRunning`` when another live
    run holds it."""
    lease = Lease(adapter, _holder(), seconds)
    now = utcnow()
    expires = now + timedelta(seconds=seconds)
    try:
        async with database.transaction() as session:
            current = await session.get(SyncLease, adapter)
            if current is None:
                session.add(SyncLease(adapter=adapter, holder=lease.holder, expires_at=expires))
                await session.flush()
                return lease
            if current.expires_at > now and not _vanished(current.holder):
                raise AlreadyRunning(_running_message(adapter, current))
            taken = await session.execute(
                update(SyncLease)
                .where(SyncLease.adapter == adapter, SyncLease.holder == current.holder)  # type: ignore[arg-type]
                .values(holder=lease.holder, expires_at=expires, acquired_at=now)
            )
            if taken.rowcount != 1:  # type: ignore[attr-defined]
                raise AlreadyRunning(_running_message(adapter, current))
            return lease
    except AlreadyRunning:
        raise
    except Exception as error:
        if is_contention(error):
            raise AlreadyRunning(f"{adapter} is already running (started just now)") from error
        raise


def _running_message(adapter: str, current: SyncLease) -> str:
    return (
        f"{adapter} is already running (held by {current.holder} since "
        f"{current.acquired_at:%Y-%m-%d %H:%M:%S} UTC, lease until "
        f"{current.expires_at:%H:%M:%S} UTC)"
    )


async def renew(session: AsyncSession, lease: Lease) -> None:
    """Extend the lease in the caller's transaction; raise ``LeaseLost`` when another run
    holds it now (the caller's batch then rolls back)."""
    renewed = await session.execute(
        update(SyncLease)
        .where(SyncLease.adapter == lease.adapter, SyncLease.holder == lease.holder)  # type: ignore[arg-type]
        .values(expires_at=utcnow() + timedelta(seconds=lease.seconds))
    )
    if renewed.rowcount != 1:  # type: ignore[attr-defined]
        raise LeaseLost(f"the lease of {lease.adapter} was taken over by another run")


async def release(database: Database, lease: Lease) -> None:
    """Give the lease up (only if this run still holds it)."""
    async with database.transaction() as session:
        await session.execute(
            delete(SyncLease).where(
                SyncLease.adapter == lease.adapter,  # type: ignore[arg-type]
                SyncLease.holder == lease.holder,  # type: ignore[arg-type]
            )
        )
