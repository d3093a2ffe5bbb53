"""The GraphQL schema, assembled from the per-domain query classes."""

from __future__ import annotations

import strawberry
from graphql import GraphQLError
from strawberry.types import ExecutionContext

from hub.graphql.access_logging import AccessLogging
from hub.graphql.errors import ErrorCodes
from hub.graphql.execution import SettledExecutor
from hub.graphql.limits import extensions
from hub.graphql.mutations.consent import ConsentMutations
from hub.graphql.mutations.stewardship import StewardshipMutations
from hub.graphql.mutations.sync import SyncMutations
from hub.graphql.mutations.trusted_documents import TrustedDocumentMutations
from hub.graphql.mutations.webhooks import WebhookMutations
from hub.graphql.queries.health_insurance import HealthInsuranceQueries
from hub.graphql.queries.land_parcels import LandParcelQueries
from hub.graphql.queries.me import MeQueries
from hub.graphql.queries.officials import OfficialQueries
from hub.graphql.queries.organizations import OrganizationQueries
from hub.graphql.queries.persons import PersonQueries
from hub.graphql.queries.reference import ReferenceQueries
from hub.graphql.queries.stewardship import StewardshipQueries
from hub.graphql.queries.sync import SyncQueries
from hub.graphql.queries.webhooks import WebhookQueries
from hub.graphql.request_checks import RequestChecks
from hub.graphql.subscriptions.changes import ChangeSubscriptions
from hub.graphql.types.steward_masters import STEWARD_MASTER_TYPES
from hub.settings import Settings


@strawberry.type(description="Root of every read.")
class Query(
    ReferenceQueries,
    PersonQueries,
    MeQueries,
    OrganizationQueries,
    StewardshipQueries,
    LandParcelQueries,
    HealthInsuranceQueries,
    OfficialQueries,
    WebhookQueries,
    SyncQueries,
):
    """All queries of the hub."""


@strawberry.type(description="Root of every write.")
class Mutation(
    ConsentMutations,
    StewardshipMutations,
    TrustedDocumentMutations,
    WebhookMutations,
    SyncMutations,
):
    """All mutations of the hub."""


@strawberry.type(description="Root of every stream.")
class Subscription(ChangeSubscriptions):
    """All subscriptions of the hub."""


class HubSchema(strawberry.Schema):
    """The schema; logs only unexpected errors.

    Strawberry logs every error with its stack trace. Refusals (FORBIDDEN, PURPOSE_REQUIRED...)
    and bad input are answers, not faults: logging them would bury the real faults, which
    ``hub.graphql.errors`` logs with a reference the client can quote.
    """

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        """Log nothing here: ``ErrorCodes`` logs unexpected errors once, with a reference."""


def build_schema(settings: Settings) -> strawberry.Schema:
    """Build the schema with its limits, caches and error coding."""
    shards = settings.audit_shards
    return HubSchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        # Returned only through the StewardMaster interface, so not found by walking fields.
        types=STEWARD_MASTER_TYPES,
        extensions=[
            *extensions(settings),
            RequestChecks,
            ErrorCodes,
            lambda: AccessLogging(shards=shards),
        ],
        execution_context_class=SettledExecutor,
    )


def print_schema(settings: Settings | None = None) -> str:
    """Return the schema's SDL, as committed in ``hub/graphql/schema.graphql``."""
    return build_schema(settings or Settings()).as_str() + "\n"
