"""``/oauth2/authorize``: validate, make sure a citizen is signed in, ask consent, redirect.

GET validates the request with authlib, sends a signed-out citizen to ``/auth/login``, and
shows the consent page. The page's form carries a random id whose hash is stored with the
request and the person: it is the CSRF token, single-use, bound to that citizen, and it keeps
the validated parameters on the server. POST answers with the code (or ``access_denied``),
``state`` and ``iss`` (RFC 9207).
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from urllib.parse import quote

from authlib.common.urls import add_params_to_uri
from authlib.oauth2.rfc6749 import OAuth2Error, UnsupportedResponseTypeError
from authlib.oidc.core.errors import ConsentRequiredError, LoginRequiredError
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from hub.auth.server import pending_repository
from hub.auth.server.adapter import HubAuthorizationServer, HubOAuth2Request, OAuthResult
from hub.auth.server.citizen import CitizenSession, current_citizen
from hub.auth.server.consent_page import PAGE_HEADERS, render_consent_page
from hub.auth.server.effects import apply_effects
from hub.auth.server.factory import build_server
from hub.auth.server.hashing import token_hash
from hub.auth.server.http import (
    UNECHOABLE,
    RequestRefused,
    error_response,
    oauth_request,
    read_form,
    to_response,
)
from hub.auth.server.issuance import GrantUser
from hub.auth.server.metadata import AUTHORIZE_PATH
from hub.auth.server.models import PendingAuthorization
from hub.auth.server.snapshot import for_authorization
from hub.auth.tokens import acr_for
from hub.http.session import request_session
from hub.kit.clock import utcnow
from hub.registry.kinds.person import service as persons
from hub.settings import Settings

LOGIN_PATH = "/auth/login"
CONSENT_LIFETIME = timedelta(minutes=10)
_STALE_FORM = (
    "The consent form has expired, was already answered, or belongs to another sign-in;"
    " start again from the application."
)


class AuthorizationEndpoint:
    """The browser-facing authorization endpoint."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    async def show(self, request: Request) -> Response:
        """GET: validate, then sign-in redirect or consent page."""
        args = {name: request.query_params.getlist(name) for name in request.query_params}
        session = request_session(request.scope)
        now = utcnow()
        client_id = args.get("client_id", [None])[0]
        snapshot = await for_authorization(session, self.settings, client_id, now)
        server = build_server(snapshot)
        try:
            prepared = oauth_request(
                self.settings, AUTHORIZE_PATH, "GET", request.headers, args=args
            )
        except RequestRefused as refused:
            return error_response("invalid_request", refused.description)
        try:
            grant = server.get_consent_grant(prepared, end_user=None)
        except OAuth2Error as error:
            return self._error(server, prepared, error)
        except ValueError:
            return error_response("invalid_request", UNECHOABLE)
        citizen = current_citizen(request.scope, self.settings)
        if "none" in (prepared.payload.data.get("prompt") or "").split():
            # The hub always asks the citizen, so it can never answer without a page.
            refusal = LoginRequiredError if citizen is None else ConsentRequiredError
            prompt_error = refusal(redirect_uri=grant.redirect_uri, state=prepared.payload.state)
            return self._error(server, prepared, prompt_error)
        if citizen is None:
            here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            return RedirectResponse(f"{LOGIN_PATH}?next={quote(here, safe='')}", status_code=302)
        consent_id = secrets.token_urlsafe(32)
        await pending_repository.add(
            session,
            PendingAuthorization(
                id_hash=token_hash(consent_id),
                person_id=citizen.person_id,
                client_id=grant.client.client_id,
                parameters=dict(prepared.payload.data),
                created_at=now,
                expires_at=now + CONSENT_LIFETIME,
            ),
            now,
        )
        page = render_consent_page(
            record=grant.client.record,
            scope=grant.request.scope,
            consent_id=consent_id,
            action=AUTHORIZE_PATH,
        )
        return HTMLResponse(page, headers=PAGE_HEADERS)

    async def decide(self, request: Request) -> Response:
        """POST: the citizen's answer on the consent page."""
        try:
            form = await read_form(request)
        except RequestRefused as refused:
            return error_response("invalid_request", refused.description)
        decision, consent_id = form.get("decision"), form.get("consent_id")
        if decision not in ("allow", "deny") or not consent_id:
            return error_response("invalid_request", "Answer with decision=allow or deny.")
        session = request_session(request.scope)
        now = utcnow()
        pending = await pending_repository.take(session, token_hash(consent_id))
        citizen = current_citizen(request.scope, self.settings)
        if (
            pending is None
            or pending.expires_at <= now
            or citizen is None
            or citizen.person_id != pending.person_id
        ):
            return error_response("invalid_request", _STALE_FORM)
        if await persons.get(session, citizen.person_id) is None:
            return error_response(
                "access_denied", "The signed-in person is unknown to the hub.", 403
            )
        snapshot = await for_authorization(session, self.settings, pending.client_id, now)
        server = build_server(snapshot)
        args = {name: [value] for name, value in pending.parameters.items()}
        try:
            prepared = oauth_request(
                self.settings, AUTHORIZE_PATH, "POST", request.headers, args=args
            )
        except RequestRefused as refused:
            return error_response("invalid_request", refused.description)
        user = _grant_user(citizen)
        try:
            grant = server.get_consent_grant(prepared, end_user=user)
        except OAuth2Error as error:
            return self._error(server, prepared, error)
        except ValueError:
            return error_response("invalid_request", UNECHOABLE)
        result: OAuthResult = server.create_authorization_response(
            prepared, grant_user=user if decision == "allow" else None, grant=grant
        )
        await apply_effects(session, snapshot.effects, self.settings, now)
        return self._redirect(result, status=303)

    def _error(
        self, server: HubAuthorizationServer, prepared: HubOAuth2Request, error: OAuth2Error
    ) -> Response:
        # Errors about the client or its redirect URI are shown here, never redirected: the
        # redirect URI is not known to be the client's (RFC 6749 4.1.2.1).
        if isinstance(error, UnsupportedResponseTypeError):
            # authlib passes its arguments in the wrong order and would describe it as "token".
            error.description = "Only response_type=code is supported."
        result: OAuthResult = server.handle_error_response(prepared, error)
        if result.location is None:
            return to_response(result)
        return self._redirect(result, status=302)

    def _redirect(self, result: OAuthResult, *, status: int) -> Response:
        if result.location is None:
            return to_response(result)
        location = add_params_to_uri(result.location, [("iss", self.settings.issuer)])
        return RedirectResponse(location, status_code=status, headers={"Cache-Control": "no-store"})


def _grant_user(citizen: CitizenSession) -> GrantUser:
    return GrantUser(
        person_id=citizen.person_id,
        acr=acr_for(citizen.assurance),
        auth_time=int(citizen.auth_time.timestamp()),
        grant_id=None,
    )
