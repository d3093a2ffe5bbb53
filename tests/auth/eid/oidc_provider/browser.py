"""Acts as the citizen's browser at the test provider: follows its redirects and posts the
devInteractions login and consent forms, until the provider sends the browser back to a client."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

import httpx
import pytest

from tests.auth.eid.html_forms import read_forms, read_links
from tests.auth.eid.oidc_provider.fixture import HUB_REDIRECT_URI, LEVEL_2

_MAX_STEPS = 12


async def authorize_at_provider(
    authorization_url: str,
    *,
    account: str,
    acr: str = LEVEL_2,
    redirect_uri: str = HUB_REDIRECT_URI,
    cancel: bool = False,
) -> str:
    """Sign in at the provider as ``account`` with ``acr`` (``"none"``: no acr) and consent,
    or ``cancel`` at the login form; return the URL the provider redirects to at the client."""
    async with httpx.AsyncClient(follow_redirects=False, timeout=10) as browser:
        url = authorization_url
        response = await browser.get(url)
        for _ in range(_MAX_STEPS):
            if response.status_code in (302, 303):
                url = urljoin(url, response.headers["location"])
                if url.startswith(redirect_uri):
                    return url
                response = await browser.get(url)
            elif response.status_code == 200 and read_forms(response.text):
                form = read_forms(response.text)[0]
                if cancel:
                    abort = next(link for link in read_links(response.text) if "/abort" in link)
                    url = urljoin(url, abort)
                    response = await browser.get(url)
                    continue
                data = dict(form.fields)
                if data.get("prompt") == "login":
                    data.update(login=account, password="any", acr=acr)
                url = urljoin(url, form.action)
                response = await browser.post(url, data=data)
            else:
                pytest.fail(f"provider answered {response.status_code} at {url}: {response.text}")
    pytest.fail(f"the provider did not redirect to {redirect_uri} within {_MAX_STEPS} steps")


def local_path(url: str) -> str:
    """Return the path and query of ``url``, to request it from the in-process hub."""
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path
