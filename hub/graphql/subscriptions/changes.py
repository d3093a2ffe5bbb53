"""``masterDataChanged``: the change feed over ``graphql-transport-ws``.

The stream is what ``hub.feed.rights`` lets the caller see, logged before it is sent; it
resumes after the event id a reconnecting client last received, and ends (closing the socket)
when the caller's token expires (4401) or its credentials are withdrawn (4403: token or grant
revoked, client disabled, purpose unregistered, consent withdrawn).
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Awaitable, Callable

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.websockets import WebSocket
from strawberry.scalars import JSON

from hub.auth.server.withdrawal import withdrawal_reason
from hub.db import Database
from hub.errors import Forbidden
from hub.feed.rights import Delivery, readable_types
from hub.feed.stream import CredentialsExpired, CredentialsWithdrawn, StreamRequest, stream
from hub.graphql.permissions import check_principal, current_principal
from hub.graphql.types.steward_masters import EntityType
from hub.principals.principal import Principal
from hub.principals.scopes import Scope

TOKEN_EXPIRED_CLOSE = 4401
CREDENTIALS_WITHDRAWN_CLOSE = 4403
# A WebSocket close reason is at most 123 bytes (RFC 6455 5.5).
_MAX_REASON_BYTES = 123


@strawberry.type(description="A change to master data: a CloudEvents 1.0 event.")
class ChangeEvent:
    """One event, as the caller may see it."""

    id: str = strawberry.field(description="The event id: resume after it with `after`.")
    source: str = strawberry.field(description="The hub that published the event.")
    type: str = strawberry.field(description="Such as `vn.lienthong.person.updated`.")
    subject: str = strawberry.field(description="The registry id of the changed record.")
    time: str = strawberry.field(description="When the hub recorded the change (RFC 3339).")
    specversion: str = strawberry.field(description="CloudEvents version: 1.0.")
    datacontenttype: str = strawberry.field(description="Media type of `data`.")
    data: JSON = strawberry.field(
        description=(
            "Entity type, id, change, version, changed attribute groups and the new values "
            "of the groups the caller may read."
        )
    )

    @classmethod
    def of(cls, delivery: Delivery) -> ChangeEvent:
        """The GraphQL object of a delivery."""
        event = delivery.event
        return cls(
            id=event["id"],
            source=event["source"],
            type=event["type"],
            subject=event["subject"],
            time=event["time"],
            specversion=event["specversion"],
            datacontenttype=event["datacontenttype"],
            data=event["data"],
        )


@strawberry.type
class ChangeSubscriptions:
    """Subscriptions to the change feed."""

    @strawberry.subscription(
        description=(
            "Changes to master data the caller may read, as they are published. `after`: the "
            "id of the last event received, to resume without gap or repeat (omitted: from "
            "now). Agencies state a purpose (Hub-Purpose); the token goes in connection_init "
            '(`{"Authorization": "Bearer ..."}`).'
        )
    )
    async def master_data_changed(
        self,
        info: strawberry.Info,
        types: list[EntityType] | None = None,
        commune_code: str | None = None,
        after: str | None = None,
    ) -> AsyncGenerator[ChangeEvent, None]:
        """Stream the caller's view of the feed."""
        principal = current_principal(info)
        check_principal(principal, frozenset(Scope))
        allowed = readable_types(principal)
        wanted = {t.value for t in types} if types else set(allowed)
        refused = sorted(wanted - allowed)
        if refused:
            raise Forbidden(f"Your grant does not cover: {', '.join(refused)}.")
        request = info.context.request
        if not isinstance(request, WebSocket):
            raise Forbidden("Subscribe over a WebSocket (graphql-transport-ws).")
        database: Database = request.app.state.database
        settings = request.app.state.settings
        wanted_request = StreamRequest(
            types=sorted(wanted), commune=commune_code, after_event=after
        )
        try:
            async for delivery in stream(
                database,
                principal,
                wanted_request,
                source=settings.issuer,
                settings=settings.feed,
                recheck=_recheck(principal),
            ):
                yield ChangeEvent.of(delivery)
        except CredentialsExpired:
            await request.close(code=TOKEN_EXPIRED_CLOSE, reason="The access token expired.")
            raise
        except CredentialsWithdrawn as withdrawn:
            reason = withdrawn.message.encode()[:_MAX_REASON_BYTES].decode(errors="ignore")
            await request.close(code=CREDENTIALS_WITHDRAWN_CLOSE, reason=reason)
            raise


def _recheck(principal: Principal) -> Callable[[AsyncSession], Awaitable[str | None]]:
    """The question the stream asks again while the socket is open."""

    async def recheck(session: AsyncSession) -> str | None:
        return await withdrawal_reason(session, principal)

    return recheck
