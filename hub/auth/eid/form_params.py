"""Request parameters read as single values: OAuth forbids repeating one (RFC 6749 §3.1)."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import parse_qsl

from starlette.requests import Request

_MAX_FORM_BYTES = 64_000


def single_values(pairs: Iterable[tuple[str, str]]) -> dict[str, str] | None:
    """Return ``pairs`` as a dict, or ``None`` when a name occurs twice."""
    values: dict[str, str] = {}
    for name, value in pairs:
        if name in values:
            return None
        values[name] = value
    return values


async def form_values(request: Request) -> dict[str, str] | None:
    """Return the urlencoded body of ``request`` as single values.

    Parsed here rather than with ``request.form()`` so that no multipart parser is needed and a
    repeated or oversized parameter is refused; ``None`` when the body is not acceptable.
    """
    body = await request.body()
    if len(body) > _MAX_FORM_BYTES:
        return None
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return single_values(parse_qsl(text, keep_blank_values=True))
