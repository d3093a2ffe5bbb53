"""Console pages: citizens' correction requests, data quality, the access-log search."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from hub.audit.reads import Read, Reader
from hub.audit.service import AccessLogItem, append_reads
from hub.audit.verify import verify
from hub.errors import Conflict, HubError
from hub.http.session import request_session
from hub.principals.scopes import Scope
from hub.registry.kinds.person import PERSON
from hub.registry.kinds.person import service as persons
from hub.registry.stewardship import corrections, quality_trend
from hub.web import access_history
from hub.web.chart import bar_chart
from hub.web.console_gate import ConsoleGate
from hub.web.forms import FormRefused, checked_form
from hub.web.masters_view import load_masters
from hub.web.principals import CONSOLE_CLIENT_ID
from hub.web.rendering import Pages


def _id(text: str) -> int:
    return int(text) if text.isdigit() else -1


class OversightPages:
    """Handlers of corrections, quality and audit pages."""

    def __init__(self, pages: Pages, gate: ConsoleGate) -> None:
        self.pages = pages
        self.gate = gate

    async def home(self, request: Request) -> Response:
        """The console's first page: the queue for stewards, the log search for auditors."""
        member = await self.gate.admit(request, None)
        if isinstance(member, Response):
            return member
        if member.principal.has_scope(Scope.REGISTRY_STEWARD):
            return self.pages.redirect(request, "/console/tasks")
        return self.pages.redirect(request, "/console/audit")

    async def corrections(self, request: Request) -> Response:
        """Open correction requests."""
        member = await self.gate.admit(request, Scope.REGISTRY_STEWARD)
        if isinstance(member, Response):
            return member
        rows = await corrections.list_corrections(request_session(request.scope), member.principal)
        return self.pages.render(request, "console_corrections.html", rows=rows)

    async def _correction_page(
        self, request: Request, request_id: int, status: int = 200, **extra: Any
    ) -> Response:
        member = await self.gate.admit(request, Scope.REGISTRY_STEWARD)
        if isinstance(member, Response):
            return member
        session = request_session(request.scope)
        try:
            row, person = await corrections.get_correction(session, member.principal, request_id)
        except HubError:
            return self.pages.error(request, "error.not_found", 404)
        views = await load_masters(session, member.principal, PERSON, [person.id]) if person else {}
        view = views.get(person.id) if person else None
        return self.pages.render(
            request, "console_correction.html", status_code=status, row=row, view=view, **extra
        )

    async def correction(self, request: Request) -> Response:
        """One request beside the golden record it is about."""
        return await self._correction_page(request, _id(request.path_params["request_id"]))

    async def decide_correction(self, request: Request) -> Response:
        """Resolve with an override, or reject with a reason (POST)."""
        member = await self.gate.admit(request, Scope.REGISTRY_STEWARD)
        if isinstance(member, Response):
            return member
        request_id = _id(request.path_params["request_id"])
        session = request_session(request.scope)
        try:
            form = await checked_form(request)
            reason = form.get("reason", "")
            if form.get("decision") == "reject":
                await corrections.reject_correction(
                    session, member.principal, request_id, reason=reason
                )
            else:
                version = form.get("version", "")
                await corrections.resolve_by_override(
                    session,
                    member.principal,
                    request_id,
                    value=form.get("value", "").strip() or None,
                    expected_version=int(version) if version.isdigit() else -1,
                    reason=reason,
                )
        except FormRefused:
            return self.pages.error(request, "error.csrf", 403)
        except Conflict:
            await session.rollback()
            return await self._correction_page(request, request_id, 409, conflict=True)
        except HubError as error:
            await session.rollback()
            return await self._correction_page(request, request_id, 400, problem=error.message)
        return self.pages.redirect(request, "/console/corrections")

    async def quality(self, request: Request) -> Response:
        """Issues by rule and by system, and a chart of new issues per day."""
        member = await self.gate.admit(request, Scope.REGISTRY_STEWARD)
        if isinstance(member, Response):
            return member
        overview = await quality_trend.quality_overview(
            request_session(request.scope), member.principal, entity_type=PERSON
        )
        return self.pages.render(
            request, "console_quality.html", overview=overview, chart=bar_chart(overview.per_day)
        )

    async def audit(self, request: Request) -> Response:
        """The access log of one person (auditors), and the hash-chain check."""
        member = await self.gate.admit(request, Scope.AUDIT_READ)
        if isinstance(member, Response):
            return member
        session = request_session(request.scope)
        citizen_id = (request.query_params.get("citizen_id") or "").strip()
        items: list[AccessLogItem] | None = None
        missing = False
        if citizen_id:
            person = await persons.find_by_citizen_id(session, citizen_id)
            if person is None:
                missing = True
            else:
                items, _ = await access_history.entries(
                    session, person.id, access_history.ReadFilter(), oversight=True
                )
                # Reading somebody's access log is itself a read of their data, logged.
                await append_reads(
                    session,
                    Reader(kind="CLIENT", client_id=CONSOLE_CLIENT_ID, end_user=None),
                    [Read(person.id, Scope.AUDIT_READ.value, ("accessLog",))],
                    operation_name=f"web:audit:{member.principal.subject}",
                    request_id=request.scope.get("state", {}).get("request_id"),
                    shards=self.pages.settings.audit_shards,
                )
        report = await verify(session)
        return self.pages.render(
            request,
            "console_audit.html",
            citizen_id=citizen_id,
            items=items,
            missing=missing,
            report=report,
        )
