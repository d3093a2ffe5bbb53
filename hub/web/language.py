"""The language of a page: Vietnamese unless the visitor chose English (a cookie)."""

from __future__ import annotations

from collections.abc import Callable

from starlette.requests import Request

from hub.web import catalogue_en, catalogue_vi

LANGUAGE_COOKIE = "hub_lang"
CATALOGUES: dict[str, dict[str, str]] = {"vi": catalogue_vi.STRINGS, "en": catalogue_en.STRINGS}
DEFAULT = "vi"


def language_of(request: Request) -> str:
    """Return ``vi`` or ``en`` for this request."""
    chosen = request.cookies.get(LANGUAGE_COOKIE)
    return chosen if chosen in CATALOGUES else DEFAULT


def translator(language: str) -> Callable[[str], str]:
    """Return the lookup of one language; an unknown key shows itself (a test finds none)."""
    strings = CATALOGUES[language]

    def translate(key: str) -> str:
        return strings.get(key, key)

    return translate
