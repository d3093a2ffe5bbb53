"""The development provider's authorization endpoint: a page of demo citizens to sign in as.

GET shows one button per demo citizen (plain HTML, no JavaScript); POST signs the chosen
citizen in and redirects to the hub with a code, or with ``error=access_denied``.
"""

from __future__ import annotations

from html import escape

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from hub.auth.eid.dev_provider.authorization_request import (
    AuthorizationError,
    AuthorizationRequest,
    UntrustedRequest,
    parse_authorization_request,
)
from hub.auth.eid.dev_provider.citizens import DemoCitizen, demo_citizen, demo_citizens
from hub.auth.eid.dev_provider.codes import new_grant
from hub.auth.eid.dev_provider.metadata import Endpoint
from hub.auth.eid.dev_provider.provider import DevProvider
from hub.auth.eid.form_params import form_values, single_values
from hub.auth.eid.pages import PAGE_HEADERS, error_page, page

_LEVELS = {"urn:vneid:loa:1": "mức 1 / level 1", "urn:vneid:loa:2": "mức 2 / level 2"}


def _citizen_button(citizen: DemoCitizen) -> str:
    level = _LEVELS.get(citizen.acr, citizen.acr)
    label = (
        f"{citizen.full_name} — {citizen.birth_date.strftime('%d/%m/%Y')} — "
        f"CCCD {citizen.citizen_id} — {level}"
    )
    return f'<button type="submit" name="citizen" value="{escape(citizen.key)}">{escape(label)}</button>'


def _chooser(request: AuthorizationRequest, action: str) -> Response:
    hidden = "".join(
        f'<input type="hidden" name="{escape(name)}" value="{escape(value)}">'
        for name, value in request.fields.items()
    )
    buttons = "".join(_citizen_button(citizen) for citizen in demo_citizens())
    body = (
        '<p class="note">Nhà cung cấp định danh dùng cho phát triển: chọn một công dân mẫu để '
        "đăng nhập. / Development identity provider: choose a demo citizen to sign in as.</p>"
        f'<form method="post" action="{escape(action)}">{hidden}{buttons}'
        '<button type="submit" name="decision" value="deny">Từ chối / Deny</button></form>'
    )
    return page("VNeID (phát triển / development)", body)


def _redirect(url: str) -> Response:
    return RedirectResponse(url, status_code=303, headers=PAGE_HEADERS)


def authorize_endpoint(provider: DevProvider) -> Endpoint:
    """Return the handler of ``/dev-eid/authorize`` (GET and POST)."""

    async def authorize(request: Request) -> Response:
        if request.method == "GET":
            params = single_values(request.query_params.multi_items())
        else:
            params = await form_values(request)
        if params is None:
            return error_page("Tham số lặp lại. / A parameter was repeated.")
        try:
            checked = parse_authorization_request(params, provider.redirect_uri)
        except UntrustedRequest as error:
            return error_page(f"Yêu cầu không hợp lệ. / Invalid request: {error}.")
        except AuthorizationError as error:
            return _redirect(
                error.request.redirect(
                    provider.issuer, error=error.error, error_description=error.description
                )
            )
        if request.method == "GET":
            return _chooser(checked, request.url.path)
        if params.get("decision") == "deny":
            return _redirect(
                checked.redirect(
                    provider.issuer,
                    error="access_denied",
                    error_description="the citizen refused",
                )
            )
        citizen = demo_citizen(params.get("citizen", ""))
        if citizen is None:
            return error_page("Không có công dân mẫu này. / No such demo citizen.")
        grant = new_grant(
            citizen_key=citizen.key,
            client_id=checked.client_id,
            redirect_uri=checked.redirect_uri,
            scope=checked.scope,
            code_challenge=checked.code_challenge,
            nonce=checked.nonce,
        )
        return _redirect(checked.redirect(provider.issuer, code=provider.codes.issue(grant)))

    return authorize
