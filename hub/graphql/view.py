"""The GraphQL HTTP and WebSocket endpoint, speaking GraphQL over HTTP.

Strawberry always answers ``application/json`` with status 200; a client that accepts
``application/graphql-response+json`` gets that media type, and status 400 when the request
could not be executed at all (no ``data``), as the GraphQL-over-HTTP specification asks.
"""

from __future__ import annotations

from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse
from strawberry.types import ExecutionResult

from hub.auth.principal import ANONYMOUS
from hub.graphql.context import Context
from hub.graphql.dataloaders import Loaders
from hub.graphql.errors import coded
from hub.http.session import request_session, state

GRAPHQL_RESPONSE = "application/graphql-response+json"


def _prefers_graphql_response(accept: str) -> bool:
    media = [part.split(";")[0].strip() for part in accept.split(",")]
    if GRAPHQL_RESPONSE not in media:
        return False
    return "application/json" not in media or media.index(GRAPHQL_RESPONSE) < media.index(
        "application/json"
    )


class HubGraphQL(GraphQL[Context, None]):
    """Strawberry's ASGI app with the hub's context and content negotiation."""

    def encode_json(self, data: object) -> bytes:
        """Encode responses with orjson: UTF-8 Vietnamese text instead of ``\\u`` escapes, faster."""
        return orjson.dumps(data)

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context:
        """Build the per-request context: session from the request edge, fresh dataloaders."""
        session = request_session(request.scope)
        request_state = state(request.scope)
        return Context(
            request=request,
            response=response,
            session=session,
            loaders=Loaders(session),
            principal=request_state.get("principal", ANONYMOUS),
            request_id=request_state.get("request_id"),
        )

    async def get_sub_response(self, request: Request | WebSocket) -> Response:
        """Remember what the client accepts, for ``create_response``."""
        sub_response = await super().get_sub_response(request)
        sub_response.headers["x-hub-accept"] = request.headers.get("accept", "")
        return sub_response

    def create_response(
        self, response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse], sub_response: Response
    ) -> Response:
        """Answer in the media type the client prefers."""
        accept = sub_response.headers.get("x-hub-accept", "")
        del sub_response.headers["x-hub-accept"]
        response = super().create_response(response_data, sub_response)
        if _prefers_graphql_response(accept):
            response.headers["content-type"] = GRAPHQL_RESPONSE
            # A 5xx already chosen (503: the access log was busy) stands: it says "try again".
            if (
                isinstance(response_data, dict)
                and response.status_code < 500
                and _is_request_error(response_data)
            ):
                response.status_code = 400
        return response

    async def process_result(
        self, request: Request, result: ExecutionResult
    ) -> GraphQLHTTPResponse:
        """Give errors that never reached the schema extensions (syntax errors) their code."""
        if result.errors:
            result.errors = [
                error if (error.extensions or {}).get("code") else coded(error, None)
                for error in result.errors
            ]
        return await super().process_result(request, result)


def _is_request_error(data: Any) -> bool:
    return "data" not in data or (
        data.get("data") is None and bool(data.get("errors")) and not _has_path(data)
    )


def _has_path(data: Any) -> bool:
    return any(error.get("path") for error in data.get("errors", []))
