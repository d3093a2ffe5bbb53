"""The per-request GraphQL context."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.types import Info as StrawberryInfo

from hub.audit.group_commit import AccessLogWriter
from hub.db import Database
from hub.graphql.dataloaders import Loaders
from hub.kit.clock import today
from hub.principals.principal import ANONYMOUS, Principal


@dataclass
class Context:
    """What every resolver may use: the request, its database session and its dataloaders.

    ``request`` is ``None`` when the schema is executed in-process (benchmarks, jobs).
    """

    request: Request | WebSocket | None
    response: Response | WebSocket | None
    session: AsyncSession
    loaders: Loaders
    principal: Principal = ANONYMOUS
    request_id: str | None = None
    today: date = field(default_factory=today)
    connection_params: dict[str, object] | None = None
    """The ``connection_init`` payload of a WebSocket (``hub.graphql.connection_init``)."""
    database: Database | None = None
    """The hub's database, for work that outlives the request (``triggerSync``)."""
    access_log: AccessLogWriter | None = None
    """The process's group-commit writer; ``None``: reads are logged in ``session``."""


Info = StrawberryInfo[Context, None]
