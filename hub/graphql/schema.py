"""The GraphQL schema, assembled from the per-domain query classes."""

from __future__ import annotations

import strawberry

from hub.audit.settings import get_audit_settings
from hub.graphql.access_logging import AccessLogging
from hub.graphql.errors import ErrorCodes
from hub.graphql.limits import extensions
from hub.graphql.mutations.consent import ConsentMutations
from hub.graphql.queries.me import MeQueries
from hub.graphql.queries.persons import PersonQueries
from hub.graphql.queries.reference import ReferenceQueries
from hub.settings import Settings


@strawberry.type(description="Root of every read.")
class Query(ReferenceQueries, PersonQueries, MeQueries):
    """All queries of the hub."""


@strawberry.type(description="Root of every write.")
class Mutation(ConsentMutations):
    """All mutations of the hub."""


def build_schema(settings: Settings) -> strawberry.Schema:
    """Build the schema with its limits, caches and error coding."""
    shards = get_audit_settings().shards
    return strawberry.Schema(
        query=Query,
        mutation=Mutation,
        extensions=[*extensions(settings), ErrorCodes, lambda: AccessLogging(shards=shards)],
    )


def print_schema(settings: Settings | None = None) -> str:
    """Return the schema's SDL, as committed in ``hub/graphql/schema.graphql``."""
    return build_schema(settings or Settings()).as_str() + "\n"
