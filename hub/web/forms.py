"""Reading a POSTed form: urlencoded single values, refused without the page's CSRF token."""

from __future__ import annotations

from urllib.parse import parse_qsl

from starlette.requests import Request

from hub.web.security import CSRF_FIELD, csrf_ok


class FormRefused(Exception):
    """A POST without a valid CSRF token, or with a body the pages do not accept."""


async def checked_form(request: Request) -> dict[str, str]:
    """Return the form of a POST, or raise ``FormRefused`` (the caller answers 403).

    Checkbox groups are the one repeated field the pages send: they come as ``name`` joined by
    spaces (see ``multi``).
    """
    body = await request.body()
    if len(body) > 64_000:
        raise FormRefused("form too large")
    try:
        pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True)
    except UnicodeDecodeError:
        raise FormRefused("form is not UTF-8") from None
    values: dict[str, str] = {}
    for name, value in pairs:
        values[name] = f"{values[name]} {value}" if name in values else value
    if not csrf_ok(request, values.get(CSRF_FIELD)):
        raise FormRefused("missing or wrong CSRF token")
    return values
