"""The match review queue: two records side by side, levels and weights, Link / Not a match /
Skip with keyboard shortcuts (``static/console.js``); with htmx the next task replaces the
decided one without a page reload, without it the form posts and the page reloads.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from hub.errors import Conflict, HubError
from hub.http.session import request_session
from hub.principals.scopes import Scope
from hub.registry.kinds.person import PERSON
from hub.registry.stewardship import tasks
from hub.web.console_gate import ConsoleGate
from hub.web.forms import FormRefused, checked_form
from hub.web.masters_view import differing, load_masters
from hub.web.principals import StaffMember
from hub.web.rendering import Pages


def _skip(text: str | None) -> int:
    return int(text) if text and text.isdigit() else 0


class TaskPages:
    """Handlers of the queue."""

    def __init__(self, pages: Pages, gate: ConsoleGate) -> None:
        self.pages = pages
        self.gate = gate

    async def _task_context(
        self, request: Request, member: StaffMember, skip: int
    ) -> dict[str, Any]:
        session = request_session(request.scope)
        principal = member.principal
        total = await tasks.count_match_tasks(session, principal, entity_type=PERSON)
        skip = skip if skip < total else 0
        found = await tasks.list_match_tasks(
            session, principal, entity_type=PERSON, first=1, offset=skip
        )
        task = found[0] if found else None
        views = (
            await load_masters(
                session,
                principal,
                PERSON,
                [task.record_master_id, task.candidate_master_id],
            )
            if task
            else {}
        )
        left = views.get(task.record_master_id) if task else None
        right = views.get(task.candidate_master_id) if task else None
        return {
            "task": task,
            "left": left,
            "right": right,
            "differs": differing(left, right),
            "total": total,
            "skip": skip,
            "member": member,
        }

    async def queue(self, request: Request) -> Response:
        """The queue page (or, for htmx, only the task)."""
        member = await self.gate.admit(request, Scope.REGISTRY_STEWARD)
        if isinstance(member, Response):
            return member
        context = await self._task_context(request, member, _skip(request.query_params.get("skip")))
        template = "_task.html" if request.headers.get("hx-request") else "console_tasks.html"
        return self.pages.render(request, template, **context)

    async def decide(self, request: Request) -> Response:
        """Decide the task (Link or Not a match) with the version seen and a reason."""
        member = await self.gate.admit(request, Scope.REGISTRY_STEWARD)
        if isinstance(member, Response):
            return member
        session = request_session(request.scope)
        problem: str | None = None
        conflict = False
        skip = 0
        try:
            form = await checked_form(request)
            skip = _skip(form.get("skip"))
            decision = tasks.TaskDecision(form.get("decision", ""))
            await tasks.decide_match_task(
                session,
                member.principal,
                request.path_params["task_id"],
                decision,
                expected_version=int(form.get("version", "0") or 0),
                reason=form.get("reason", ""),
            )
        except FormRefused:
            return self.pages.error(request, "error.csrf", 403)
        except Conflict:
            await session.rollback()
            conflict = True
        except (HubError, ValueError) as error:
            await session.rollback()
            problem = error.message if isinstance(error, HubError) else "bad decision"
        if not request.headers.get("hx-request") and problem is None and not conflict:
            return self.pages.redirect(request, f"/console/tasks?skip={skip}")
        context = await self._task_context(request, member, skip)
        template = "_task.html" if request.headers.get("hx-request") else "console_tasks.html"
        # htmx swaps only successful answers: the message must reach the page.
        hx = bool(request.headers.get("hx-request"))
        status = 200 if hx else 409 if conflict else 400 if problem else 200
        return self.pages.render(
            request,
            template,
            status_code=status,
            conflict=conflict,
            problem=problem,
            swapped=True,
            **context,
        )
