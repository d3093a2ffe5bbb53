"""``/oauth2/token``, ``/oauth2/revoke`` and ``/oauth2/introspect``: snapshot, decide, write."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from hub.auth.server import snapshot as snapshots
from hub.auth.server.adapter import HubAuthorizationServer, HubOAuth2Request, OAuthResult
from hub.auth.server.effects import apply_effects
from hub.auth.server.factory import build_server
from hub.auth.server.http import (
    UNECHOABLE,
    RequestRefused,
    error_response,
    oauth_request,
    read_form,
    to_response,
)
from hub.auth.server.metadata import INTROSPECT_PATH, REVOKE_PATH, TOKEN_PATH
from hub.http.session import request_session
from hub.kit.clock import utcnow
from hub.settings import Settings

logger = logging.getLogger("hub.auth.server")
Loader = Callable[
    [AsyncSession, Settings, Mapping[str, str], Mapping[str, str], datetime],
    Awaitable[snapshots.Snapshot],
]
Decision = Callable[[HubAuthorizationServer, HubOAuth2Request], OAuthResult]


class TokenEndpoints:
    """The endpoints a client calls with its credentials."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    async def token(self, request: Request) -> Response:
        """Issue tokens (RFC 6749 section 3.2)."""
        return await self._handle(
            request, TOKEN_PATH, snapshots.for_token_endpoint, _create_token_response
        )

    async def revoke(self, request: Request) -> Response:
        """Revoke a token (RFC 7009)."""
        return await self._handle(request, REVOKE_PATH, snapshots.for_token_lookup, _revoke)

    async def introspect(self, request: Request) -> Response:
        """Tell whether a token is active (RFC 7662)."""
        return await self._handle(request, INTROSPECT_PATH, snapshots.for_token_lookup, _introspect)

    async def _handle(
        self, request: Request, path: str, load: Loader, decide: Decision
    ) -> Response:
        try:
            form = await read_form(request)
            prepared = oauth_request(self.settings, path, "POST", request.headers, form=form)
        except RequestRefused as refused:
            return error_response("invalid_request", refused.description)
        session = request_session(request.scope)
        now = utcnow()
        snapshot = await load(session, self.settings, form, request.headers, now)
        server = build_server(snapshot)
        # authlib is synchronous and hashing secrets or signing costs CPU: off the event loop.
        try:
            result = await run_in_threadpool(decide, server, prepared)
        except ValueError:
            logger.warning("authlib could not describe an error", exc_info=True)
            return error_response("invalid_request", UNECHOABLE)
        lost = await apply_effects(session, snapshot.effects, self.settings, now)
        if lost is not None:
            result = server.handle_error_response(prepared, lost)
        return to_response(result)


def _create_token_response(
    server: HubAuthorizationServer, request: HubOAuth2Request
) -> OAuthResult:
    result: OAuthResult = server.create_token_response(request)
    return result


def _revoke(server: HubAuthorizationServer, request: HubOAuth2Request) -> OAuthResult:
    result: OAuthResult = server.create_endpoint_response("revocation", request)
    return result


def _introspect(server: HubAuthorizationServer, request: HubOAuth2Request) -> OAuthResult:
    result: OAuthResult = server.create_endpoint_response("introspection", request)
    return result
