"""Admission to the console: signed in, holding a role that gives the scope a page needs."""

from __future__ import annotations

from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import Response

from hub.http.session import request_session
from hub.principals.scopes import Scope
from hub.web.principals import StaffMember, citizen_of, staff_of
from hub.web.rendering import Pages


class ConsoleGate:
    """Finds the staff member of a request, or the refusal page to answer instead."""

    def __init__(self, pages: Pages) -> None:
        self.pages = pages

    async def admit(self, request: Request, scope: Scope | None) -> StaffMember | Response:
        """Return the staff member holding ``scope`` (any role when ``None``), else a page:
        sign in (401) when signed out, refused (403) otherwise.
        """
        if citizen_of(request) is None:
            target = quote(request.url.path, safe="/")
            return self.pages.render(request, "signin.html", status_code=401, next=target)
        member = await staff_of(request, request_session(request.scope), self.pages.settings)
        if member is None or (scope is not None and not member.principal.has_scope(scope)):
            return self.pages.error(request, "console.refused", 403)
        return member
