"""Jinja2 templates with autoescaping, rendered with the page's language and CSRF token."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from hub.settings import Environment as HubEnvironment
from hub.settings import Settings
from hub.web.language import language_of, translator
from hub.web.principals import citizen_of
from hub.web.security import CSRF_FIELD, csrf_token, secure_response

TEMPLATES = Path(__file__).parent / "templates"


class Pages:
    """Renders the templates of one app; knows whether cookies must be ``Secure``."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.secure = (
            settings.issuer.startswith("https://")
            or settings.environment is HubEnvironment.PRODUCTION
        )
        self.environment = Environment(
            loader=FileSystemLoader(TEMPLATES),
            autoescape=select_autoescape(["html", "svg"], default=True),
            trim_blocks=True,
            lstrip_blocks=True,
        )

    def render(
        self, request: Request, template: str, status_code: int = 200, **context: Any
    ) -> Response:
        """Render ``template`` in the request's language with its CSRF token."""
        language = language_of(request)
        token, _ = csrf_token(request)
        body = self.environment.get_template(template).render(
            t=translator(language),
            lang=language,
            csrf_field=CSRF_FIELD,
            csrf_token=token,
            path=request.url.path,
            signed_in=citizen_of(request) is not None,
            **context,
        )
        response = HTMLResponse(body, status_code=status_code)
        return secure_response(response, request, secure=self.secure)

    def redirect(self, request: Request, url: str) -> Response:
        """A 303 to another page of the hub, with the security headers."""
        return secure_response(RedirectResponse(url, status_code=303), request, secure=self.secure)

    def error(
        self, request: Request, message_key: str, status_code: int, **context: Any
    ) -> Response:
        """The error page with a catalogue message."""
        return self.render(
            request, "error.html", status_code=status_code, message_key=message_key, **context
        )
