"""Liveness and readiness endpoints."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from hub.db import Database
from hub.migrations_runner import head_revisions


async def healthz(_request: Request) -> Response:
    """Answer 200 while the process serves requests."""
    return JSONResponse({"status": "ok"})


def readiness(database: Database) -> object:
    """Return the ``/readyz`` endpoint: 200 when the database answers and is migrated to head."""

    async def readyz(_request: Request) -> Response:
        try:
            async with database.engine.connect() as connection:
                current = set(
                    (await connection.execute(text("SELECT version_num FROM alembic_version")))
                    .scalars()
                    .all()
                )
        except SQLAlchemyError:
            return JSONResponse(
                {"status": "unavailable", "database": "unreachable or not migrated"},
                status_code=503,
            )
        heads = head_revisions()
        if current != heads:
            return JSONResponse(
                {
                    "status": "unavailable",
                    "database": f"at revision {sorted(current)}, expected {sorted(heads)}",
                },
                status_code=503,
            )
        return JSONResponse({"status": "ready", "revision": sorted(current)})

    return readyz
