"""GraphiQL works offline: the page names only the hub's own files, and the hub serves them.

Each asset the page names is fetched as a browser would (relative to /graphql): it must be
same-origin, answer 200 with a year-long cache, and match the integrity hash the page gives.
"""

from __future__ import annotations

import base64
import hashlib
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import httpx

from hub.graphql.graphiql import STATIC

PAGE_URL = "http://hub.test/graphql"


class _Assets(HTMLParser):
    """Collects (url, integrity) of every script and stylesheet of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        url = values.get("src") if tag == "script" else values.get("href")
        if tag in ("script", "link") and url:
            self.found.append((url, values.get("integrity")))


async def _page(client: httpx.AsyncClient) -> str:
    response = await client.get("/graphql", headers={"accept": "text/html"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    return response.text


async def test_the_page_names_only_same_origin_assets(client: httpx.AsyncClient) -> None:
    # Given the GraphiQL page a browser gets
    page = await _page(client)
    parser = _Assets()
    parser.feed(page)
    # Then it names scripts and styles, all on the hub itself, and no CDN anywhere
    urls = [url for url, _integrity in parser.found if not url.startswith("data:")]
    assert len(urls) >= 6
    for url in urls:
        assert urlsplit(urljoin(PAGE_URL, url)).netloc == "hub.test", url
    for cdn in ("unpkg", "jsdelivr", "cdnjs", "googleapis", "https://"):
        assert cdn not in page, cdn


async def test_every_asset_is_served_with_a_long_cache_and_its_hash(
    client: httpx.AsyncClient,
) -> None:
    # Given the assets the page names
    parser = _Assets()
    parser.feed(await _page(client))
    for url, integrity in parser.found:
        if url.startswith("data:"):
            continue
        # When each is fetched as the browser resolves it
        response = await client.get(urljoin(PAGE_URL, url))
        # Then it is there, cached for a year, and the file the page expects
        assert response.status_code == 200, url
        assert "max-age=31536000" in response.headers["cache-control"], url
        assert response.headers["content-type"].startswith(("text/javascript", "text/css"))
        assert integrity is not None, url
        digest = base64.b64encode(hashlib.sha384(response.content).digest()).decode()
        assert integrity == f"sha384-{digest}", url


async def test_only_vendored_files_are_served(client: httpx.AsyncClient) -> None:
    # Given paths that are not vendored files
    for path in (
        "/static/graphiql/graphiql.html",
        "/static/graphiql/SOURCES.md",
        "/static/graphiql/react@18.2.0/../graphiql.html",
        "/static/graphiql/react@18.2.0/nothing.js",
        "/static/graphiql/..%2F..%2Fgraphiql.py",
    ):
        # Then none is served
        assert (await client.get(path)).status_code == 404, path


def test_each_vendored_package_carries_its_licence() -> None:
    folders = [folder for folder in STATIC.iterdir() if folder.is_dir()]
    assert len(folders) == 4
    for folder in folders:
        assert "MIT License" in (folder / "LICENSE").read_text(encoding="utf-8"), folder
