"""The golden record page: values with provenance, source records, history (both clocks), and
override, merge and unmerge with a required reason; ``CONFLICT`` is shown as "someone changed
this meanwhile" with a reload link.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from hub.errors import Conflict, HubError
from hub.http.session import request_session
from hub.principals.principal import Principal
from hub.principals.scopes import Scope
from hub.registry.kinds.person import PERSON
from hub.registry.stewardship import merge, overrides
from hub.web.console_gate import ConsoleGate
from hub.web.forms import FormRefused, checked_form
from hub.web.masters_view import load_masters
from hub.web.rendering import Pages

Action = Callable[[Principal, str, dict[str, str]], Awaitable[Any]]


def _int(text: str | None) -> int:
    return int(text) if text and text.strip().lstrip("-").isdigit() else -1


class RecordPages:
    """Handlers of the golden record page and its actions (persons)."""

    def __init__(self, pages: Pages, gate: ConsoleGate) -> None:
        self.pages = pages
        self.gate = gate

    async def _page(
        self,
        request: Request,
        principal: Principal,
        master_id: str,
        status: int = 200,
        **extra: Any,
    ) -> Response:
        views = await load_masters(request_session(request.scope), principal, PERSON, [master_id])
        view = views.get(master_id)
        if view is None:
            return self.pages.error(request, "error.not_found", 404)
        return self.pages.render(
            request, "console_record.html", status_code=status, view=view, **extra
        )

    async def record(self, request: Request) -> Response:
        """The page of one person master."""
        member = await self.gate.admit(request, Scope.REGISTRY_STEWARD)
        if isinstance(member, Response):
            return member
        done = request.query_params.get("done") == "1"
        return await self._page(
            request, member.principal, request.path_params["master_id"], done=done
        )

    async def _act(self, request: Request, action: Action) -> Response:
        member = await self.gate.admit(request, Scope.REGISTRY_STEWARD)
        if isinstance(member, Response):
            return member
        master_id = request.path_params["master_id"]
        session = request_session(request.scope)
        try:
            form = await checked_form(request)
            result = await action(member.principal, master_id, form)
        except FormRefused:
            return self.pages.error(request, "error.csrf", 403)
        except Conflict:
            await session.rollback()
            return await self._page(request, member.principal, master_id, 409, conflict=True)
        except HubError as error:
            await session.rollback()
            return await self._page(
                request, member.principal, master_id, 400, problem=error.message
            )
        target = getattr(result, "id", master_id)
        return self.pages.redirect(request, f"/console/records/{target}?done=1")

    async def override(self, request: Request) -> Response:
        """Override one attribute (an empty value clears the override when asked)."""

        async def run(principal: Principal, master_id: str, form: dict[str, str]) -> Any:
            attribute = form.get("attribute", "")
            version = _int(form.get("version"))
            reason = form.get("reason", "")
            if form.get("clear") == "1":
                return await overrides.clear_override(
                    request_session(request.scope),
                    principal,
                    master_id,
                    attribute,
                    expected_version=version,
                    reason=reason,
                    entity_type=PERSON,
                )
            value = form.get("value", "").strip() or None
            return await overrides.override_attribute(
                request_session(request.scope),
                principal,
                master_id,
                attribute,
                value,
                expected_version=version,
                reason=reason,
                entity_type=PERSON,
            )

        return await self._act(request, run)

    async def merge(self, request: Request) -> Response:
        """Merge another person master into this one."""

        async def run(principal: Principal, master_id: str, form: dict[str, str]) -> Any:
            return await merge.merge_masters(
                request_session(request.scope),
                principal,
                master_id,
                form.get("loser_id", "").strip(),
                entity_type=PERSON,
                survivor_version=_int(form.get("version")),
                loser_version=_int(form.get("loser_version")),
                reason=form.get("reason", ""),
            )

        return await self._act(request, run)

    async def unmerge(self, request: Request) -> Response:
        """Split the chosen source records off this master."""

        async def run(principal: Principal, master_id: str, form: dict[str, str]) -> Any:
            return await merge.unmerge_master(
                request_session(request.scope),
                principal,
                master_id,
                form.get("source_record_ids", "").split(),
                entity_type=PERSON,
                expected_version=_int(form.get("version")),
                reason=form.get("reason", ""),
            )

        return await self._act(request, run)
