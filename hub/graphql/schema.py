"""The GraphQL schema, assembled from the per-domain query classes."""

from __future__ import annotations

import strawberry

from hub.graphql.errors import ErrorCodes
from hub.graphql.limits import extensions
from hub.graphql.queries.reference import ReferenceQueries
from hub.settings import Settings


@strawberry.type(description="Root of every read.")
class Query(ReferenceQueries):
    """All queries of the hub."""


def build_schema(settings: Settings) -> strawberry.Schema:
    """Build the schema with its limits, caches and error coding."""
    return strawberry.Schema(
        query=Query,
        extensions=[*extensions(settings), ErrorCodes],
    )


def print_schema(settings: Settings | None = None) -> str:
    """Return the schema's SDL, as committed in ``hub/graphql/schema.graphql``."""
    return build_schema(settings or Settings()).as_str() + "\n"
