"""The citizen portal: my data, who read it, consents, reporting an error, the JSON download.

Every page reads as the citizen principal the authentication middleware made, through the
services the GraphQL layer calls (``hub.auth.consent``, ``hub.audit.service``,
``hub.registry...``); a citizen can only ever reach their own person id, which comes from the
session and never from the URL.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request
from starlette.responses import Response

from hub.audit.service import AccessLogItem
from hub.auth import consent
from hub.auth.clients import list_clients
from hub.errors import HubError
from hub.http.session import request_session
from hub.principals.principal import Principal
from hub.principals.scopes import PERSONAL_SCOPES, Scope
from hub.registry.stewardship import corrections
from hub.web import access_history, my_data
from hub.web.forms import FormRefused, checked_form
from hub.web.language import language_of
from hub.web.principals import citizen_of
from hub.web.rendering import Pages
from hub.web.security import secure_response

SCOPE_ORDER = [s for s in Scope if s in PERSONAL_SCOPES]


class PortalPages:
    """The portal's handlers for one app."""

    def __init__(self, pages: Pages) -> None:
        self.pages = pages
        self.settings = pages.settings

    def _sign_in(self, request: Request) -> Response:
        target = quote(request.url.path, safe="/")
        return self.pages.render(request, "signin.html", status_code=401, next=target)

    async def _data(self, request: Request, principal: Principal) -> my_data.MyData:
        return await my_data.read_my_data(
            request_session(request.scope),
            principal,
            request_id=request.scope.get("state", {}).get("request_id"),
            shards=self.settings.audit_shards,
        )

    async def home(self, request: Request) -> Response:
        """My data: the golden record with provenance, parcels, cards, appointments."""
        principal = citizen_of(request)
        if principal is None:
            return self.pages.render(request, "welcome.html")
        data = await self._data(request, principal)
        return self.pages.render(request, "portal_home.html", data=data, principal=principal)

    async def download(self, request: Request) -> Response:
        """Everything about me as JSON, with provenance."""
        principal = citizen_of(request)
        if principal is None:
            return self._sign_in(request)
        data = await self._data(request, principal)
        body = json.dumps(my_data.as_json(data), ensure_ascii=False, indent=2, default=str)
        response = Response(
            body,
            media_type="application/json",
            headers={"content-disposition": 'attachment; filename="my-data.json"'},
        )
        return secure_response(response, request, secure=self.pages.secure)

    async def _reads(
        self, request: Request, principal: Principal
    ) -> tuple[list[AccessLogItem], list[tuple[str, str]], access_history.ReadFilter]:
        query = request.query_params
        wanted = access_history.parse_filter(
            query.get("agency"), query.get("from"), query.get("to")
        )
        assert principal.person_id is not None
        items, agencies = await access_history.entries(
            request_session(request.scope), principal.person_id, wanted
        )
        return items, agencies, wanted

    async def reads(self, request: Request) -> Response:
        """Who read my data: a timeline with filters."""
        principal = citizen_of(request)
        if principal is None:
            return self._sign_in(request)
        items, agencies, wanted = await self._reads(request, principal)
        return self.pages.render(
            request, "portal_reads.html", items=items, agencies=agencies, wanted=wanted
        )

    async def reads_csv(self, request: Request) -> Response:
        """Who read my data, as CSV (the same filters)."""
        principal = citizen_of(request)
        if principal is None:
            return self._sign_in(request)
        items, _, _ = await self._reads(request, principal)
        response = Response(
            access_history.as_csv(items, language_of(request)),
            media_type="text/csv; charset=utf-8",
            headers={"content-disposition": 'attachment; filename="who-read-my-data.csv"'},
        )
        return secure_response(response, request, secure=self.pages.secure)

    async def _consents_page(
        self, request: Request, session: AsyncSession, principal: Principal, **extra: Any
    ) -> Response:
        views = await consent.consents_of(session, principal)
        choices = [
            (record.client_id, record.client.name, record.agency_name, code)
            for record in await list_clients(session)
            if record.enabled
            for code in sorted(record.purposes)
        ]
        return self.pages.render(
            request,
            "portal_consents.html",
            views=views,
            choices=choices,
            scopes=SCOPE_ORDER,
            **extra,
        )

    async def consents(self, request: Request) -> Response:
        """My consents, and the form to grant one."""
        principal = citizen_of(request)
        if principal is None:
            return self._sign_in(request)
        return await self._consents_page(request, request_session(request.scope), principal)

    async def grant(self, request: Request) -> Response:
        """Grant a consent (POST, CSRF-checked)."""
        principal = citizen_of(request)
        if principal is None:
            return self._sign_in(request)
        session = request_session(request.scope)
        try:
            form = await checked_form(request)
            client_id, _, purpose = form.get("choice", "").partition("|")
            await consent.grant_consent(
                session,
                principal,
                client_id=client_id,
                purpose_code=purpose,
                scopes=form.get("scopes", "").split(),
            )
        except FormRefused:
            return self.pages.error(request, "error.csrf", 403)
        except HubError as error:
            await session.rollback()
            return await self._consents_page(request, session, principal, problem=error.message)
        return self.pages.redirect(request, "/consents?done=granted")

    async def revoke(self, request: Request) -> Response:
        """Revoke one of my consents (POST, CSRF-checked); another's id is not found."""
        principal = citizen_of(request)
        if principal is None:
            return self._sign_in(request)
        session = request_session(request.scope)
        try:
            await checked_form(request)
            consent_id = int(request.path_params["consent_id"])
            await consent.revoke_consent(session, principal, consent_id)
        except FormRefused:
            return self.pages.error(request, "error.csrf", 403)
        except HubError:
            await session.rollback()
            return self.pages.error(request, "error.not_found", 404)
        return self.pages.redirect(request, "/consents?done=revoked")

    async def report(self, request: Request) -> Response:
        """Report an error: the form, and my requests with the stewards' answers."""
        principal = citizen_of(request)
        if principal is None:
            return self._sign_in(request)
        return await self._report_page(request, principal)

    async def _report_page(self, request: Request, principal: Principal, **extra: Any) -> Response:
        session = request_session(request.scope)
        mine = await corrections.corrections_of_citizen(session, principal)
        chosen = request.query_params.get("attribute")
        return self.pages.render(
            request,
            "portal_report.html",
            attributes=corrections.CORRECTABLE,
            chosen=chosen if chosen in corrections.CORRECTABLE else None,
            mine=mine,
            **extra,
        )

    async def file_report(self, request: Request) -> Response:
        """File a correction request (POST, CSRF-checked)."""
        principal = citizen_of(request)
        if principal is None:
            return self._sign_in(request)
        session = request_session(request.scope)
        try:
            form = await checked_form(request)
            await corrections.file_correction(
                session,
                principal,
                attribute=form.get("attribute", ""),
                comment=form.get("comment", ""),
            )
        except FormRefused:
            return self.pages.error(request, "error.csrf", 403)
        except HubError as error:
            await session.rollback()
            return await self._report_page(request, principal, problem=error.message)
        return self.pages.redirect(request, "/report?done=sent")
