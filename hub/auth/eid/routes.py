"""Routes of e-identity sign-in, and of the development identity provider when it is used.

``GET /auth/login?next=/path&level=2``, ``GET /auth/callback``, ``POST /auth/logout`` and
``GET /auth/me`` (the session as JSON, for debugging).
"""

from __future__ import annotations

import logging

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from hub.auth.eid.config import eid_config
from hub.auth.eid.dev_provider.routes import dev_provider_routes
from hub.auth.eid.errors import ProviderUnavailable, SignInError
from hub.auth.eid.form_params import form_values, single_values
from hub.auth.eid.login_state import (
    LOGIN_STATE_COOKIE,
    LOGIN_STATE_PATH,
    decode_login_state,
    encode_login_state,
)
from hub.auth.eid.next_path import DEFAULT_NEXT, safe_next
from hub.auth.eid.pages import PAGE_HEADERS, error_page, signed_out_page
from hub.auth.eid.relying_party import RelyingParty
from hub.auth.eid.session import CITIZEN_SESSION_COOKIE, encode_citizen_session, read_stored_session
from hub.db import Database
from hub.http.session import request_session
from hub.principals.principal import AssuranceLevel
from hub.settings import Settings

logger = logging.getLogger("hub.auth.eid")

_NOT_CONFIGURED = (
    "Đăng nhập bằng định danh điện tử chưa được cấu hình. / E-identity sign-in is not "
    "configured on this hub."
)
_BAD_NEXT = (
    "Địa chỉ quay lại không hợp lệ: chỉ chấp nhận đường dẫn bắt đầu bằng một dấu /. / The "
    "'next' address is not accepted: it must be a path on this hub starting with a single /."
)
_BAD_LEVEL = "Mức định danh phải là 1 hoặc 2. / 'level' must be 1 or 2."
_REPEATED = "Tham số lặp lại. / A parameter was repeated."


class EidEndpoints:
    """The sign-in handlers of one app."""

    def __init__(self, settings: Settings, relying_party: RelyingParty | None) -> None:
        self.settings = settings
        self.relying_party = relying_party
        self.secure = settings.issuer.startswith("https://")

    def _failure(self, error: SignInError) -> Response:
        logger.warning("e-identity sign-in failed: %s", error.detail)
        status = 502 if isinstance(error, ProviderUnavailable) else 400
        response = error_page(error.message, status_code=status)
        response.delete_cookie(LOGIN_STATE_COOKIE, path=LOGIN_STATE_PATH)
        return response

    async def login(self, request: Request) -> Response:
        """Start a sign-in: bind state, nonce and PKCE verifier to the browser, then redirect
        to the provider."""
        if self.relying_party is None:
            return error_page(_NOT_CONFIGURED, status_code=503)
        params = single_values(request.query_params.multi_items())
        if params is None:
            return error_page(_REPEATED)
        next_path = safe_next(params.get("next", DEFAULT_NEXT))
        if next_path is None:
            return error_page(_BAD_NEXT)
        level_text = params.get("level")
        if level_text not in (None, "1", "2"):
            return error_page(_BAD_LEVEL)
        level = AssuranceLevel(int(level_text)) if level_text else None
        try:
            url, login = await self.relying_party.start(next_path, level)
        except SignInError as error:
            return self._failure(error)
        response = RedirectResponse(url, status_code=303, headers=PAGE_HEADERS)
        response.set_cookie(
            LOGIN_STATE_COOKIE,
            encode_login_state(login, self.settings),
            max_age=self.settings.eid_login_timeout_seconds,
            path=LOGIN_STATE_PATH,
            secure=self.secure,
            httponly=True,
            samesite="lax",
        )
        return response

    async def callback(self, request: Request) -> Response:
        """Complete a sign-in: check the provider's answer and start the citizen session."""
        if self.relying_party is None:
            return error_page(_NOT_CONFIGURED, status_code=503)
        params = single_values(request.query_params.multi_items())
        if params is None:
            return error_page(_REPEATED)
        login = decode_login_state(request.cookies.get(LOGIN_STATE_COOKIE), self.settings)
        try:
            citizen = await self.relying_party.complete(
                request_session(request.scope), params, login
            )
        except SignInError as error:
            return self._failure(error)
        # complete() refuses a missing login state, so ``login`` is there; next was checked
        # when the sign-in started and is checked again in case the secret leaked.
        next_path = safe_next(login.next_path if login else None) or DEFAULT_NEXT
        response = RedirectResponse(next_path, status_code=303, headers=PAGE_HEADERS)
        response.delete_cookie(LOGIN_STATE_COOKIE, path=LOGIN_STATE_PATH)
        response.set_cookie(
            CITIZEN_SESSION_COOKIE,
            encode_citizen_session(citizen, self.settings),
            max_age=self.settings.session_lifetime_seconds,
            path="/",
            secure=self.secure,
            httponly=True,
            samesite="lax",
        )
        return response

    async def logout(self, request: Request) -> Response:
        """End the citizen session in this browser; ``next`` (query or form) says where to go."""
        form = await form_values(request)
        query = single_values(request.query_params.multi_items())
        if form is None or query is None:
            return error_page(_REPEATED)
        requested = form.get("next", query.get("next"))
        next_path = safe_next(requested) if requested is not None else None
        if requested is not None and next_path is None:
            return error_page(_BAD_NEXT)
        response = (
            RedirectResponse(next_path, status_code=303, headers=PAGE_HEADERS)
            if next_path
            else signed_out_page()
        )
        response.delete_cookie(
            CITIZEN_SESSION_COOKIE, path="/", secure=self.secure, httponly=True, samesite="lax"
        )
        return response

    async def me(self, request: Request) -> Response:
        """Return the citizen session of this browser as JSON (401 when signed out)."""
        headers = {"cache-control": "no-store"}
        stored = read_stored_session(request.scope, self.settings)
        if stored is None:
            body = {"error": "unauthenticated", "error_description": "no citizen session"}
            return JSONResponse(body, status_code=401, headers=headers)
        citizen = stored.citizen
        return JSONResponse(
            {
                "personId": citizen.person_id,
                "citizenId": citizen.citizen_id,
                "assurance": int(citizen.assurance.value),
                "acr": citizen.acr,
                "authTime": citizen.auth_time.isoformat(),
                "expiresAt": stored.expires_at.isoformat(),
            },
            headers=headers,
        )


def eid_routes(
    database: Database,
    settings: Settings,
    *,
    transport: httpx.AsyncBaseTransport | None = None,
) -> list[BaseRoute]:
    """Return the sign-in routes, plus the development provider's when it is in use.

    ``transport`` carries the relying party's requests to the provider (tests); by default the
    network, or, for the development provider, an in-process transport to its routes.
    """
    del database  # each request's session comes from the request edge
    config = eid_config(settings)
    routes: list[BaseRoute] = []
    if config is not None and config.uses_dev_provider:
        provider_routes = dev_provider_routes(settings)
        routes += provider_routes
        transport = transport or httpx.ASGITransport(app=Starlette(routes=provider_routes))
    endpoints = EidEndpoints(settings, RelyingParty(config, transport) if config else None)
    return [
        *routes,
        Route("/auth/login", endpoints.login, methods=["GET"]),
        Route("/auth/callback", endpoints.callback, methods=["GET"]),
        Route("/auth/logout", endpoints.logout, methods=["POST"]),
        Route("/auth/me", endpoints.me, methods=["GET"]),
    ]
