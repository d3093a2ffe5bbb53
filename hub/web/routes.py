"""The explicit route list of the portal and the console, and their static files."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

from hub.auth.eid.next_path import safe_next
from hub.settings import Settings
from hub.web.console_gate import ConsoleGate
from hub.web.console_oversight import OversightPages
from hub.web.console_records import RecordPages
from hub.web.console_tasks import TaskPages
from hub.web.language import CATALOGUES, LANGUAGE_COOKIE
from hub.web.portal import PortalPages
from hub.web.rendering import Pages
from hub.web.security import CONTENT_SECURITY_POLICY

STATIC = Path(__file__).parent / "static"


class StaticWithHeaders(StaticFiles):
    """The pages' static files, with ``nosniff`` and the same policy as the pages."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        """Serve the file, then add the headers."""
        response = await super().get_response(path, scope)
        response.headers["x-content-type-options"] = "nosniff"
        response.headers["content-security-policy"] = CONTENT_SECURITY_POLICY
        return response


def web_routes(settings: Settings) -> list[BaseRoute]:
    """Return every route of the web pages."""
    pages = Pages(settings)
    gate = ConsoleGate(pages)
    portal = PortalPages(pages)
    tasks = TaskPages(pages, gate)
    records = RecordPages(pages, gate)
    oversight = OversightPages(pages, gate)

    async def language(request: Request) -> Response:
        """Switch the language (a preference cookie) and go back to the page."""
        chosen = request.path_params["code"]
        target = safe_next(request.query_params.get("next")) or "/"
        response = pages.redirect(request, quote(target, safe="/?=&"))
        if chosen in CATALOGUES:
            response.set_cookie(
                LANGUAGE_COOKIE,
                chosen,
                max_age=365 * 86400,
                path="/",
                secure=pages.secure,
                httponly=True,
                samesite="lax",
            )
        return response

    get, post = ["GET"], ["POST"]
    return [
        Route("/", portal.home, methods=get),
        Route("/reads", portal.reads, methods=get),
        Route("/reads.csv", portal.reads_csv, methods=get),
        Route("/consents", portal.consents, methods=get),
        Route("/consents", portal.grant, methods=post),
        Route("/consents/{consent_id:int}/revoke", portal.revoke, methods=post),
        Route("/report", portal.report, methods=get),
        Route("/report", portal.file_report, methods=post),
        Route("/my-data.json", portal.download, methods=get),
        Route("/lang/{code}", language, methods=get),
        Route("/console", oversight.home, methods=get),
        Route("/console/tasks", tasks.queue, methods=get),
        Route("/console/tasks/{task_id}/decide", tasks.decide, methods=post),
        Route("/console/records/{master_id}", records.record, methods=get),
        Route("/console/records/{master_id}/override", records.override, methods=post),
        Route("/console/records/{master_id}/merge", records.merge, methods=post),
        Route("/console/records/{master_id}/unmerge", records.unmerge, methods=post),
        Route("/console/corrections", oversight.corrections, methods=get),
        Route("/console/corrections/{request_id}", oversight.correction, methods=get),
        Route("/console/corrections/{request_id}", oversight.decide_correction, methods=post),
        Route("/console/quality", oversight.quality, methods=get),
        Route("/console/audit", oversight.audit, methods=get),
        Mount("/static/web", app=StaticWithHeaders(directory=STATIC), name="web-static"),
    ]
