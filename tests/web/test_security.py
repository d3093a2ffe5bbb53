"""Security of the web pages, in-process on SQLite and PostgreSQL: headers, CSRF on every POST,
a citizen only ever reaching their own data, the console refused to citizens, escaped values."""

from __future__ import annotations

import re

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from hub.auth import staff
from hub.auth.eid.session import CITIZEN_SESSION_COOKIE, CitizenSession, encode_citizen_session
from hub.kit.clock import utcnow
from hub.principals.principal import AssuranceLevel
from hub.registry.kinds.person import service as persons
from hub.registry.kinds.person.models import Person
from hub.settings import Settings
from tests.access_fixtures import CLIENT_ID, PURPOSE, build_world

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def sign_in(client: httpx.AsyncClient, person: Person, settings: Settings) -> None:
    """Put a citizen session for ``person`` into the client's cookies."""
    client.cookies.clear()
    client.cookies.set(
        CITIZEN_SESSION_COOKIE,
        encode_citizen_session(
            CitizenSession(
                person_id=person.id,
                citizen_id=person.citizen_id or "",
                assurance=AssuranceLevel.LEVEL_2,
                auth_time=utcnow(),
                acr="urn:vneid:loa:2",
            ),
            settings,
        ),
    )


async def token(client: httpx.AsyncClient, path: str) -> str:
    """Open a page and return the CSRF token its forms carry (the cookie is kept)."""
    page = await client.get(path)
    assert page.status_code == 200, page.text
    found = TOKEN.search(page.text)
    assert found is not None
    return found.group(1)


async def test_pages_send_the_security_headers(client: httpx.AsyncClient) -> None:
    # When the portal's first page is opened signed out
    response = await client.get("/")
    # Then it forbids framing, inline scripts and sniffing, and sets an HttpOnly CSRF cookie
    assert response.status_code == 200
    policy = response.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in policy and "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "HttpOnly" in response.headers["set-cookie"]
    static = await client.get("/static/web/htmx-2.0.11.min.js")
    assert static.status_code == 200
    assert static.headers["x-content-type-options"] == "nosniff"


async def test_a_post_without_the_csrf_token_is_refused_and_changes_nothing(
    client: httpx.AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    # Given a signed-in citizen who opened the consent page
    world = await build_world(session)
    sign_in(client, world.alice, settings)
    good = await token(client, "/consents")
    form = {"choice": f"{CLIENT_ID}|{PURPOSE}", "scopes": "person.identity:read"}
    # When a form arrives without the token, or with another one
    missing = await client.post("/consents", data=form)
    wrong = await client.post("/consents", data={**form, "csrf_token": "x" + good})
    # Then both are refused and no consent was made; with the token it is granted
    assert (missing.status_code, wrong.status_code) == (403, 403)
    assert "Đang hiệu lực" not in (await client.get("/consents")).text
    granted = await client.post("/consents", data={**form, "csrf_token": good})
    assert granted.status_code == 303
    assert "Đang hiệu lực" in (await client.get("/consents")).text


async def test_a_citizen_reaches_only_their_own_data(
    client: httpx.AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    # Given Alice's consent and her correction request
    world = await build_world(session)
    sign_in(client, world.alice, settings)
    alice_token = await token(client, "/consents")
    await client.post(
        "/consents",
        data={
            "choice": f"{CLIENT_ID}|{PURPOSE}",
            "scopes": "person.identity:read",
            "csrf_token": alice_token,
        },
    )
    consent_id = re.search(r"/consents/(\d+)/revoke", (await client.get("/consents")).text)
    assert consent_id is not None
    # When Bob signs in and tries Alice's ids in every URL that takes one
    sign_in(client, world.bob, settings)
    bob_token = await token(client, "/consents")
    revoke = await client.post(
        f"/consents/{consent_id.group(1)}/revoke", data={"csrf_token": bob_token}
    )
    pages = [await client.get(p) for p in ("/", "/reads", "/consents", "/report", "/my-data.json")]
    console = [
        await client.get(f"/console/records/{world.alice.id}"),
        await client.get("/console/corrections/1"),
        await client.get("/console/audit?citizen_id=" + (world.alice.citizen_id or "")),
    ]
    # Then the revocation is not found, his pages never show her, the console refuses him
    assert revoke.status_code == 404
    assert all(world.alice.full_name not in p.text for p in pages)
    assert world.bob.full_name in pages[0].text
    assert [c.status_code for c in console] == [403, 403, 403]
    sign_in(client, world.alice, settings)
    assert "Đang hiệu lực" in (await client.get("/consents")).text


async def test_the_console_admits_staff_by_role_and_refuses_the_signed_out(
    client: httpx.AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    # Given Alice holding the auditor role only
    world = await build_world(session)
    await staff.grant_role(session, world.alice.citizen_id or "", "auditor", granted_by="test")
    await session.commit()
    # When she opens the console's pages, and when nobody is signed in
    sign_in(client, world.alice, settings)
    audit = await client.get("/console/audit")
    tasks = await client.get("/console/tasks")
    client.cookies.clear()
    signed_out = await client.get("/console/tasks")
    # Then the access log is hers to search, the steward queue is not; signed out: sign in
    assert (audit.status_code, tasks.status_code, signed_out.status_code) == (200, 403, 401)
    assert "hub audit verify" in audit.text


async def test_a_script_in_a_name_renders_as_text(
    client: httpx.AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    # Given a person whose name holds a script tag
    person = await persons.ensure_person(
        session, citizen_id="001085099999", full_name="<script>alert(1)</script> An"
    )
    await session.commit()
    sign_in(client, person, settings)
    # When their page is rendered, then the tag is escaped text
    page = await client.get("/")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; An" in page.text
    assert "<script>alert(1)</script>" not in page.text


async def test_every_console_page_renders_for_a_steward(
    client: httpx.AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    # Given Alice holding both roles, and Bob's correction request
    world = await build_world(session)
    for role in ("steward", "auditor"):
        await staff.grant_role(session, world.alice.citizen_id or "", role, granted_by="test")
    await session.commit()
    sign_in(client, world.bob, settings)
    bob_token = await token(client, "/report")
    filed = await client.post(
        "/report", data={"attribute": "full_name", "comment": "sai tên", "csrf_token": bob_token}
    )
    assert filed.status_code == 303
    # When she opens every console page
    sign_in(client, world.alice, settings)
    paths = [
        "/console/tasks",
        "/console/corrections",
        "/console/corrections/1",
        f"/console/records/{world.bob.id}",
        "/console/quality",
        "/console/audit?citizen_id=" + (world.bob.citizen_id or ""),
    ]
    pages = {path: await client.get(path) for path in paths}
    # Then each renders, and the request shows beside Bob's record
    assert {p: r.status_code for p, r in pages.items()} == dict.fromkeys(paths, 200)
    assert "sai tên" in pages["/console/corrections/1"].text
    assert world.bob.full_name in pages["/console/corrections/1"].text


async def test_the_sign_out_button_shows_only_to_a_signed_in_citizen(
    client: httpx.AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    # Given a visitor who has not signed in
    # When the portal's first page is opened
    signed_out = await client.get("/")
    # Then it offers signing in and no signing out
    assert 'action="/auth/logout"' not in signed_out.text
    assert "/auth/login" in signed_out.text
    # And when Alice has signed in, the same page offers signing out
    world = await build_world(session)
    sign_in(client, world.alice, settings)
    signed_in = await client.get("/")
    assert 'action="/auth/logout"' in signed_in.text
