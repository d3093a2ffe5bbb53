"""Registering and replaying an agency client's webhook endpoints."""

from __future__ import annotations

import strawberry
from starlette.requests import HTTPConnection

from hub.errors import Forbidden
from hub.feed.rights import readable_types
from hub.feed.webhooks import deliveries, service
from hub.graphql.arguments import clean
from hub.graphql.context import Info
from hub.graphql.permissions import agency_client_only
from hub.graphql.types.steward_masters import EntityType
from hub.graphql.types.webhooks import RegisteredWebhook, Webhook
from hub.settings import Environment, Settings, get_settings

DISABLED_BY_OWNER = "disabled by its owner"


def _settings(info: Info) -> Settings:
    request = info.context.request
    if isinstance(request, HTTPConnection):
        settings: Settings = request.app.state.settings
        return settings
    return get_settings()


@strawberry.type
class WebhookMutations:
    """An agency client's webhook endpoints."""

    @strawberry.field(
        description=(
            "Register an HTTPS endpoint of your client for change events of these entity types, "
            "delivered for this purpose (registered for your client) and signed with the "
            "returned secret (Standard Webhooks). It receives events published from now on, "
            "only what your client's grant lets it read, each delivery logged as a read."
        ),
        extensions=agency_client_only(),
    )
    async def register_webhook(
        self, info: Info, url: str, types: list[EntityType], purpose: str
    ) -> RegisteredWebhook:
        """Register an endpoint of the caller's client."""
        principal = info.context.principal
        wanted = {t.value for t in types}
        refused = sorted(wanted - readable_types(principal))
        if refused:
            raise Forbidden(f"Your grant does not cover: {', '.join(refused)}.")
        assert principal.client_id is not None  # agency_client_only() admits clients only
        endpoint = await service.create_endpoint(
            info.context.session,
            client_id=principal.client_id,
            url=clean(url, "url").strip(),
            types=sorted(wanted),
            purpose=clean(purpose, "purpose").strip(),
            production=_settings(info).environment is Environment.PRODUCTION,
        )
        return RegisteredWebhook(webhook=Webhook.of(endpoint), secret=endpoint.secret)

    @strawberry.field(
        description=(
            "Deliver your endpoint's events again from this event id (included), enabling it "
            "if it was disabled. An id older than the events kept gets RESYNC_REQUIRED."
        ),
        extensions=agency_client_only(),
    )
    async def replay_webhook(self, info: Info, webhook: strawberry.ID, from_event: str) -> Webhook:
        """Replay an endpoint of the caller's client."""
        session = info.context.session
        endpoint = await deliveries.owned_endpoint(
            session, clean(webhook, "webhook"), info.context.principal.client_id
        )
        await deliveries.replay(session, endpoint, clean(from_event, "fromEvent"))
        return Webhook.of(endpoint)

    @strawberry.field(
        description=(
            "Stop deliveries to your endpoint until you enable or replay it; the events "
            "published meanwhile wait for it (as long as they are kept)."
        ),
        extensions=agency_client_only(),
    )
    async def disable_webhook(self, info: Info, webhook: strawberry.ID) -> Webhook:
        """Disable an endpoint of the caller's client."""
        session = info.context.session
        endpoint = await deliveries.owned_endpoint(
            session, clean(webhook, "webhook"), info.context.principal.client_id
        )
        await deliveries.suspend(session, endpoint, DISABLED_BY_OWNER)
        return Webhook.of(endpoint)

    @strawberry.field(
        description=(
            "Enable your endpoint again where it stopped: it gets the events published since "
            "the last one it received. If some of those are no longer kept, RESYNC_REQUIRED "
            "(replay from a recent event instead)."
        ),
        extensions=agency_client_only(),
    )
    async def enable_webhook(self, info: Info, webhook: strawberry.ID) -> Webhook:
        """Enable an endpoint of the caller's client again."""
        session = info.context.session
        endpoint = await deliveries.owned_endpoint(
            session, clean(webhook, "webhook"), info.context.principal.client_id
        )
        await deliveries.resume(session, endpoint)
        return Webhook.of(endpoint)
