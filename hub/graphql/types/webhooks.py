"""Webhook endpoints of an agency client and the record of their deliveries."""

from __future__ import annotations

from datetime import datetime

import strawberry

from hub.feed.webhooks.models import WebhookDelivery, WebhookEndpoint


@strawberry.type(description="An HTTPS endpoint of your client that receives change events.")
class Webhook:
    """A registered endpoint (its secret is shown only when it is registered)."""

    id: strawberry.ID = strawberry.field(description="The endpoint's id.")
    url: str = strawberry.field(description="Where events are POSTed.")
    types: list[str] = strawberry.field(description="Entity types it receives events of.")
    purpose: str = strawberry.field(description="The purpose deliveries are made and logged for.")
    enabled: bool = strawberry.field(description="False once disabled (see disabledReason).")
    disabled_reason: str | None = strawberry.field(
        description="Why it was disabled: by the operator, or failing for too long."
    )
    next_attempt_at: datetime | None = strawberry.field(
        description="When a failing delivery is tried again."
    )

    @classmethod
    def of(cls, endpoint: WebhookEndpoint) -> Webhook:
        """The GraphQL object of an endpoint."""
        return cls(
            id=strawberry.ID(endpoint.id),
            url=endpoint.url,
            types=list(endpoint.types),
            purpose=endpoint.purpose,
            enabled=endpoint.enabled,
            disabled_reason=endpoint.disabled_reason,
            next_attempt_at=endpoint.next_attempt_at,
        )


@strawberry.type(description="An endpoint just registered, with its signing secret.")
class RegisteredWebhook:
    """The endpoint and its secret (shown once)."""

    webhook: Webhook = strawberry.field(description="The endpoint.")
    secret: str = strawberry.field(
        description=(
            "The `whsec_` secret that signs deliveries (Standard Webhooks): shown only now."
        )
    )


@strawberry.type(description="One attempt to deliver one event to an endpoint.")
class WebhookDeliveryAttempt:
    """A delivery attempt as recorded."""

    event_id: str = strawberry.field(description="The event (CloudEvents `id`).")
    attempt: int = strawberry.field(description="1 for the first attempt at this event.")
    at: datetime = strawberry.field(description="When the attempt started.")
    succeeded: bool = strawberry.field(description="True when the endpoint answered 2xx.")
    status_code: int | None = strawberry.field(description="The HTTP status, if any answer.")
    error: str | None = strawberry.field(
        description="What went wrong (timeout, refused connection, redirect, answer cut off)."
    )
    duration_ms: int = strawberry.field(description="How long the attempt took.")
    next_attempt_at: datetime | None = strawberry.field(
        description="When the event is tried again after this failed attempt."
    )

    @classmethod
    def of(cls, row: WebhookDelivery) -> WebhookDeliveryAttempt:
        """The GraphQL object of a recorded attempt."""
        return cls(
            event_id=str(row.event_id),
            attempt=row.attempt,
            at=row.at,
            succeeded=row.succeeded,
            status_code=row.status_code,
            error=row.error,
            duration_ms=row.duration_ms,
            next_attempt_at=row.next_attempt_at,
        )
