"""GraphiQL served by the hub itself, from a pinned, vendored copy: no CDN, so it works offline.

Government networks often have no internet. The page (``static/graphiql/graphiql.html``)
names its scripts and styles by relative URLs under ``/static/graphiql/<package>@<version>/``
and this module serves them. A path holds its version, so a file under it never changes: it is
cached for a year. ``static/graphiql/SOURCES.md`` says where each file comes from.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Route

STATIC = Path(__file__).parent / "static" / "graphiql"
ASSET_PREFIX = "/static/graphiql"
LONG_CACHE = "public, max-age=31536000, immutable"
_MEDIA_TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    "": "text/plain; charset=utf-8",  # LICENSE
}


@lru_cache(maxsize=1)
def graphiql_page() -> str:
    """Return the GraphiQL page."""
    return (STATIC / "graphiql.html").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def assets() -> dict[str, Path]:
    """Return the servable files by their path under the prefix (``graphiql@3.8.3/...``).

    Only files in versioned folders are served, so that nothing outside them (the page, the
    notes, a path with ``..``) can be asked for.
    """
    return {
        f"{folder.name}/{file.name}": file
        for folder in STATIC.iterdir()
        if folder.is_dir() and "@" in folder.name
        for file in folder.iterdir()
        if file.is_file() and file.suffix in _MEDIA_TYPES
    }


async def asset(request: Request) -> Response:
    """Serve one vendored file with a year-long cache, or 404."""
    file = assets().get(request.path_params["path"])
    if file is None:
        return JSONResponse({"error": "not_found"}, status_code=404)
    return FileResponse(
        file, media_type=_MEDIA_TYPES[file.suffix], headers={"cache-control": LONG_CACHE}
    )


def graphiql_routes() -> list[Route]:
    """The route of the vendored GraphiQL files."""
    return [Route(f"{ASSET_PREFIX}/{{path:path}}", asset, methods=["GET", "HEAD"])]
