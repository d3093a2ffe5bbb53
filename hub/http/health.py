"""Liveness and readiness endpoints."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from hub.db import Database
from hub.migrations_runner import head_revision


async def healthz(_request: Request) -> Response:
    """Answer 200 while the process serves requests."""
    return JSONResponse({"status": "ok"})


def readiness(database: Database) -> object:
    """Return the ``/readyz`` endpoint: 200 when the database answers and is migrated to head."""

    async def readyz(_request: Request) -> Response:
        try:
            async with database.engine.connect() as connection:
                current = (
                    await connection.execute(text("SELECT version_num FROM alembic_version"))
                ).scalar_one_or_none()
        except SQLAlchemyError:
            return JSONResponse({"status": "unavailable", "database": "unreachable or not migrated"}, status_code=503)
        head = head_revision()
        if current != head:
            return JSONResponse(
                {"status": "unavailable", "database": f"at revision {current}, expected {head}"},
                status_code=503,
            )
        return JSONResponse({"status": "ready", "revision": current})

    return readyz
