"""``create_app``: the Starlette app from an explicit list of routes and middleware."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import Route, WebSocketRoute

from hub.adapters.push.route import push_routes
from hub.audit.group_commit import AccessLogWriter
from hub.auth.eid.routes import eid_routes
from hub.auth.middleware import AuthenticationMiddleware
from hub.auth.routes import auth_routes
from hub.db import Database
from hub.feed.notify import listening
from hub.feed.runner import background_feed, embedded
from hub.graphql.compiled.runner import CompiledReads
from hub.graphql.connection_init import WebSocketAuthGraphQL
from hub.graphql.discovery import schema_route
from hub.graphql.graphiql import graphiql_routes
from hub.graphql.schema import build_schema
from hub.http.health import healthz, readiness
from hub.http.metrics import Metrics, MetricsMiddleware
from hub.http.request_id import RequestIdMiddleware
from hub.http.session import DatabaseSessionMiddleware
from hub.preflight import require_current_schema, require_database_file
from hub.ratelimit.middleware import RateLimitMiddleware
from hub.settings import Settings, get_settings
from hub.web.routes import web_routes


def create_app(settings: Settings | None = None, database: Database | None = None) -> Starlette:
    """Build the hub's ASGI app; ``database`` defaults to one made from the settings."""
    settings = settings or get_settings()
    owns_database = database is None
    db = database or Database.from_url(settings.database_url, echo=settings.database_echo)
    metrics = Metrics()
    schema = build_schema(settings)
    # Reads are logged by group commit in their own transactions; a database bound to one
    # test connection has no room for a second writer, so there they stay in the request's.
    access_log = None if db.bound else AccessLogWriter(db.engine, shards=settings.audit_shards)
    graphql = WebSocketAuthGraphQL(
        schema,
        compiled=CompiledReads(schema, settings) if settings.graphql_compiled else None,
        graphql_ide="graphiql" if settings.graphiql_enabled else None,
        allow_queries_via_get=True,
        settings=settings,
        max_body_bytes=settings.graphql_max_body_bytes,
        access_log=access_log,
    )

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        if not owns_database:
            yield
            return
        try:
            # Also when started as `uvicorn hub.asgi:app`: refuse a database this hub cannot
            # use rather than answer 500s (`hub serve` checks before uvicorn starts).
            require_database_file(settings.database_url)
            await require_current_schema(db.engine)
            async with contextlib.AsyncExitStack() as feed:
                # Readers here are woken by the relay wherever it runs (LISTEN on PostgreSQL).
                await feed.enter_async_context(listening(settings.database_url))
                if embedded(settings.feed, settings.database_url):
                    await feed.enter_async_context(
                        background_feed(db, settings.feed, source=settings.issuer)
                    )
                yield
        finally:
            await db.dispose()

    routes = [
        *auth_routes(db, settings),
        *eid_routes(db, settings),
        Route("/healthz", healthz, methods=["GET"]),
        Route("/readyz", readiness(db), methods=["GET"]),  # type: ignore[arg-type]
        Route("/metrics", metrics.endpoint, methods=["GET"]),
        *push_routes(db, settings),
        Route("/graphql", graphql, methods=["GET", "POST"]),
        Route("/graphql/schema", schema_route(graphql.schema.as_str()), methods=["GET"]),
        *(graphiql_routes() if settings.graphiql_enabled else []),
        WebSocketRoute("/graphql", graphql),
        *web_routes(settings),
    ]
    middleware = [
        Middleware(RequestIdMiddleware),
        Middleware(MetricsMiddleware, metrics=metrics),
        Middleware(DatabaseSessionMiddleware, database=db),
        Middleware(AuthenticationMiddleware, database=db, settings=settings),
        Middleware(RateLimitMiddleware, database=db, settings=settings),
    ]
    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan)
    app.state.settings = settings
    app.state.database = db
    return app
