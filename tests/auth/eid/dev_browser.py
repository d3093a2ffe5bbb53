"""Signs in through the built-in development provider, as a browser clicking a demo citizen."""

from __future__ import annotations

import httpx

from tests.auth.eid.html_forms import Form, read_forms
from tests.auth.eid.oidc_provider.browser import local_path


async def open_chooser(client: httpx.AsyncClient, query: str = "") -> Form:
    """Start a sign-in at the hub and return the development provider's chooser form."""
    start = await client.get("/auth/login" + query)
    assert start.status_code == 303, start.text
    page = await client.get(local_path(start.headers["location"]))
    assert page.status_code == 200, page.text
    return read_forms(page.text)[0]


async def dev_sign_in(client: httpx.AsyncClient, citizen_key: str) -> httpx.Response:
    """Sign in as the demo citizen ``citizen_key``; return the hub's answer to the callback."""
    form = await open_chooser(client)
    assert ("citizen", citizen_key) in form.buttons
    chosen = await client.post(form.action, data={**form.fields, "citizen": citizen_key})
    assert chosen.status_code == 303, chosen.text
    return await client.get(local_path(chosen.headers["location"]))
