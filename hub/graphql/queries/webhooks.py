"""An agency client's webhook endpoints and their deliveries."""

from __future__ import annotations

import strawberry

from hub.feed.webhooks import deliveries, service
from hub.graphql.arguments import clean
from hub.graphql.context import Info
from hub.graphql.permissions import agency_client_only
from hub.graphql.types.connection import Connection, connection_from_page, page_of
from hub.graphql.types.webhooks import Webhook, WebhookDeliveryAttempt
from hub.kit.pagination import encode_cursor


@strawberry.type
class WebhookQueries:
    """Queries of an agency client about its webhooks."""

    @strawberry.field(
        description="Your client's webhook endpoints, oldest first.",
        extensions=agency_client_only(),
    )
    async def webhooks(self, info: Info) -> list[Webhook]:
        """The caller's endpoints."""
        found = await service.list_endpoints(info.context.session, info.context.principal.client_id)
        return [Webhook.of(endpoint) for endpoint in found]

    @strawberry.field(
        description=(
            "Every attempt to deliver events to one of your endpoints, newest first (at most "
            "100 a page)."
        ),
        extensions=agency_client_only(),
    )
    async def webhook_deliveries(
        self,
        info: Info,
        webhook: strawberry.ID,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[WebhookDeliveryAttempt]:
        """The endpoint's attempts."""
        session = info.context.session
        endpoint = await deliveries.owned_endpoint(
            session, clean(webhook, "webhook"), info.context.principal.client_id
        )
        page = await deliveries.list_deliveries(session, endpoint, page_of(info, first, after))
        return connection_from_page(
            page,
            WebhookDeliveryAttempt.of,
            lambda row: encode_cursor(str(row.id)),
            info=info,
            after=after,
        )
