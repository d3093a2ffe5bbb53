"""The GraphQL HTTP and WebSocket endpoint, speaking GraphQL over HTTP.

Strawberry always answers ``application/json`` with status 200; a client that accepts
``application/graphql-response+json`` gets that media type, and status 400 without ``data``
when the request could not be executed at all, as the GraphQL-over-HTTP specification asks.

No request body, however malformed, gets a 5xx: the body is capped (``HUB_GRAPHQL_MAX_BODY_BYTES``,
413 above it), must be ``application/json``, UTF-8 and one JSON object whose members have the
types the specification gives them; anything else is a request error in JSON, with a code.
"""

from __future__ import annotations

import json
import logging
import re
from typing import Any

import orjson
from cross_web import AsyncHTTPRequestAdapter, HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import HTMLResponse, Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.http.base import BaseRequestProtocol
from strawberry.schema.base import BaseSchema
from strawberry.schema.exceptions import InvalidOperationTypeError
from strawberry.types import ExecutionResult
from strawberry.types.execution import PreExecutionError

from hub.audit.group_commit import AccessLogWriter
from hub.graphql.compiled.runner import CompiledReads
from hub.graphql.context import Context
from hub.graphql.dataloaders import Loaders
from hub.graphql.errors import coded
from hub.graphql.graphiql import graphiql_page
from hub.graphql.trusted_requests import HubRequestData, TrustedDocumentRefused, resolve
from hub.http.body_limit import BodyTooLarge, limited_receive
from hub.http.json_body import decode_json
from hub.http.session import request_session, state
from hub.principals.principal import ANONYMOUS

logger = logging.getLogger("hub.graphql")
GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"
_CODES = {404: "NOT_FOUND", 413: "LIMIT_EXCEEDED"}
_NAME = re.compile(r"[_A-Za-z][_0-9A-Za-z]*")
NO_GRAPHIQL = "GraphiQL is off on this hub (HUB_GRAPHIQL); send queries with POST or GET ?query=."


def _prefers_graphql_response(accept: str) -> bool:
    media = [part.split(";")[0].strip().lower() for part in accept.split(",")]
    if GRAPHQL_RESPONSE not in media:
        return False
    return JSON not in media or media.index(GRAPHQL_RESPONSE) < media.index(JSON)


class HubGraphQL(GraphQL[Context, None]):
    """Strawberry's ASGI app with the hub's context, content negotiation and request checks."""

    def __init__(
        self,
        schema: BaseSchema,
        *,
        max_body_bytes: int,
        compiled: CompiledReads | None = None,
        access_log: AccessLogWriter | None = None,
        **options: Any,
    ) -> None:
        super().__init__(schema, **options)
        self.max_body_bytes = max_body_bytes
        self.compiled = compiled
        self.access_log = access_log

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve one request; a request error is answered in JSON, never as a crash."""
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        accept = Request(scope).headers.get("accept", "")
        try:
            request = Request(scope, receive=limited_receive(scope, receive, self.max_body_bytes))
            response = await self.run(request)
        except HTTPException as error:
            # Strawberry's only 404 is a browser GET while GraphiQL is off; a 405 is a mutation
            # sent with GET (Allow: POST) or another method (Allow: GET, POST).
            reason = NO_GRAPHIQL if error.status_code == 404 else error.reason
            allow = "POST" if scope["method"] == "GET" else "GET, POST"
            response = request_error(error.status_code, reason, accept, allow=allow)
        except BodyTooLarge as error:
            response = request_error(413, str(error), accept)
        except TrustedDocumentRefused as error:
            response = request_error(error.status, error.message, accept, code=error.code)
        except ClientDisconnect:
            # The client went away before its request was read: nobody to answer, and no
            # error of the hub's (not an ERROR with a traceback in the log).
            logger.info("client disconnected before its request was read")
            return
        await response(scope, receive, send)

    def should_render_graphql_ide(self, request: BaseRequestProtocol) -> bool:
        """GraphiQL for a browser's GET, unless it names a trusted document (``documentId``)."""
        return request.query_params.get("documentId") is None and super().should_render_graphql_ide(
            request
        )

    async def render_graphql_ide(self, request: Request) -> Response:
        """The hub's GraphiQL page, whose scripts and styles the hub serves itself."""
        return HTMLResponse(graphiql_page())

    def encode_json(self, data: object) -> bytes:
        """Encode responses with orjson: UTF-8 Vietnamese text instead of ``\\u`` escapes, faster."""
        return _dumps(data)

    def decode_json(self, data: str | bytes) -> object:
        """Parse JSON strictly (UTF-8, no NaN, bounded nesting); see ``hub.http.json_body``."""
        return decode_json(data)

    def parse_json(self, data: str | bytes) -> Any:
        """Parse a JSON body or parameter, or refuse the request with the reason."""
        try:
            return self.decode_json(data)
        except json.JSONDecodeError as error:
            raise HTTPException(400, f"The request is not valid JSON: {error.msg}.") from None

    async def parse_http_body(self, request: AsyncHTTPRequestAdapter) -> GraphQLRequestData:
        """Read one GraphQL request from the query string (GET) or a JSON body (POST)."""
        if request.method == "GET":
            data = self.parse_query_params(request.query_params)
        else:
            media_type = (request.content_type or "").split(";")[0].strip().lower()
            if media_type != JSON:
                raise HTTPException(415, f"Send the request as {JSON} (GraphQL over HTTP).")
            data = self.parse_json(await request.get_body())
        return _request_data(data)

    async def execute_single(
        self,
        request: Request,
        request_adapter: AsyncHTTPRequestAdapter,
        sub_response: Response,
        context: Context,
        root_value: None,
        request_data: GraphQLRequestData,
    ) -> ExecutionResult:
        """Execute one operation; a mutation sent with GET gets 405, as the specification asks.

        A read the compiled path can answer in full is answered there (``hub.graphql.compiled``).
        """
        # Trusted documents: run a registered document by its id (hub.graphql.trusted_requests).
        request_data = await resolve(request.scope, request_data)
        if self.compiled is not None:
            answer = await self.compiled.execute(
                context, request_data.query, request_data.variables, request_data.operation_name
            )
            if answer is not None:
                return answer
        try:
            return await super().execute_single(
                request, request_adapter, sub_response, context, root_value, request_data
            )
        except HTTPException as error:
            if isinstance(error.__cause__, InvalidOperationTypeError):
                raise HTTPException(405, f"{error.reason}: send them with POST.") from None
            raise

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
            database=getattr(request.app.state, "database", None),
            access_log=self.access_log,
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
                and "data" not in response_data
            ):
                response.status_code = 400
        return response

    async def process_result(
        self, request: Request, result: ExecutionResult
    ) -> GraphQLHTTPResponse:
        """Code the errors no extension saw; leave out ``data`` when nothing was executed.

        Syntax errors never reach the schema extensions. A request that failed before
        execution has no ``data`` at all in ``application/graphql-response+json``; legacy
        ``application/json`` clients keep the ``"data": null`` they have always had.
        """
        if result.errors:
            result.errors = [
                error if (error.extensions or {}).get("code") else coded(error, None)
                for error in result.errors
            ]
        response = await super().process_result(request, result)
        accept = request.headers.get("accept", "")
        if _not_executed(result) and _prefers_graphql_response(accept):
            response.pop("data", None)
        return response


def _not_executed(result: ExecutionResult) -> bool:
    """Tell whether ``result`` is a request error: nothing was executed.

    Strawberry marks errors before execution (syntax, validation, the hub's request checks);
    graphql-core answers variables it cannot coerce with a plain result, recognised by its
    errors: none on a field, all bad input. (A result withheld because the access log could
    not be written has no field path either, but a server-side code: it was executed.)
    """
    if isinstance(result, PreExecutionError):
        return True
    errors = result.errors or []
    return (
        result.data is None
        and bool(errors)
        and all(not error.path for error in errors)
        and all((error.extensions or {}).get("code") == "BAD_USER_INPUT" for error in errors)
    )


def request_error(
    status: int, message: str, accept: str, *, allow: str = "", code: str | None = None
) -> Response:
    """A request refused before any GraphQL ran: ``errors`` only, with a code.

    ``allow`` is the ``Allow`` header of a 405; ``code`` defaults to the status's.
    """
    code = code or _CODES.get(status, "BAD_USER_INPUT")
    body = {"errors": [{"message": message, "extensions": {"code": code}}]}
    media_type = GRAPHQL_RESPONSE if _prefers_graphql_response(accept) else JSON
    headers = {"allow": allow} if status == 405 else None
    return Response(_dumps(body), status_code=status, media_type=media_type, headers=headers)


def _dumps(data: object) -> bytes:
    # orjson refuses lone surrogates, which a message may quote from the request (a variable's
    # value, an operation name): such a response is written with ASCII escapes instead.
    try:
        return orjson.dumps(data)
    except orjson.JSONEncodeError:
        return json.dumps(data, ensure_ascii=True, separators=(",", ":")).encode("ascii")


def _request_data(data: object) -> GraphQLRequestData:
    """Check the members of a request against the types GraphQL over HTTP gives them."""
    if isinstance(data, list):
        raise HTTPException(400, "Send one operation as a JSON object; batches are not accepted.")
    if not isinstance(data, dict):
        raise HTTPException(400, "The request must be a JSON object with a `query` member.")
    expected = {
        "query": str,
        "documentId": str,
        "operationName": str,
        "variables": dict,
        "extensions": dict,
    }
    for member, kind in expected.items():
        value = data.get(member)
        if value is not None and not isinstance(value, kind):
            noun = "a string" if kind is str else "an object"
            raise HTTPException(400, f"`{member}` must be {noun} or null.")
    name = data.get("operationName")
    if name is not None and not _NAME.fullmatch(name):
        raise HTTPException(400, "`operationName` must be the name of an operation.")
    return HubRequestData(
        query=data.get("query"),
        variables=data.get("variables"),
        operation_name=data.get("operationName"),
        extensions=data.get("extensions"),
        document_id=data.get("documentId"),
    )
