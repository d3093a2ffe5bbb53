"""``POST /ingest/{system}``: NDJSON records from a system that pushes, for a client token
with ``sync:run`` registered for that system (``HUB_PUSH_CLIENTS``)."""

from __future__ import annotations

from collections import Counter

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from hub.adapters.push.service import push
from hub.db import Database
from hub.http.body_limit import BodyTooLarge, read_body
from hub.http.session import state
from hub.principals.principal import ANONYMOUS, Principal, PrincipalKind
from hub.principals.scopes import Scope
from hub.settings import Settings


def push_routes(database: Database, settings: Settings) -> list[Route]:
    """The push endpoint bound to the hub's database and settings."""

    async def endpoint(request: Request) -> Response:
        system = request.path_params["system"]
        principal: Principal = state(request.scope).get("principal", ANONYMOUS)
        refused = _refusal(principal, system, settings)
        if refused is not None:
            return refused
        try:
            body = await read_body(request, settings.push_max_body_bytes)
        except BodyTooLarge as error:
            return _error(413, "body_too_large", str(error))
        run, answers = await push(database, system, body.split(b"\n"), settings.sync_batch_size)
        counted = Counter(answer.status for answer in answers)
        return JSONResponse(
            {
                "run_id": run.id,
                "counts": {
                    "received": len(answers),
                    "accepted": counted["accepted"],
                    "flagged": counted["flagged"],
                    "dead_lettered": counted["dead_lettered"],
                    "created": run.created,
                    "updated": run.updated,
                    "unchanged": run.unchanged,
                    "retired": run.retired,
                },
                "records": [answer.as_json() for answer in answers],
            }
        )

    return [Route("/ingest/{system}", endpoint, methods=["POST"])]


def _refusal(principal: Principal, system: str, settings: Settings) -> Response | None:
    if principal.kind is not PrincipalKind.CLIENT or principal.client_id is None:
        response = _error(401, "unauthenticated", "a client access token is required")
        response.headers["WWW-Authenticate"] = 'Bearer error="invalid_token"'
        return response
    if not principal.has_scope(Scope.SYNC_RUN):
        return _error(403, "insufficient_scope", "the token lacks the sync:run scope")
    if system not in settings.push_clients.get(principal.client_id, []):
        return _error(
            403,
            "system_not_registered",
            f"client {principal.client_id!r} is not registered to push records of {system!r}",
        )
    return None


def _error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"error": code, "message": message}, status_code=status)
