"""The citizen session cookie is not honoured on requests another site's page made."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.applications import Starlette

from hub.auth.eid.session import CITIZEN_SESSION_COOKIE, CitizenSession, encode_citizen_session
from hub.auth.middleware import same_origin
from hub.kit.clock import utcnow
from hub.principals.principal import AssuranceLevel
from hub.settings import Settings
from tests.access_fixtures import World, build_world
from tests.websocket_client import CLOSED, over_websocket

MY_NAME = "query MyName { me { person { fullName } } }"


def _cookie(world: World, settings: Settings) -> str:
    return encode_citizen_session(
        CitizenSession(
            person_id=world.alice.id,
            citizen_id=world.alice.citizen_id or "",
            assurance=AssuranceLevel.LEVEL_2,
            auth_time=utcnow(),
            acr="urn:vneid:loa:2",
        ),
        settings,
    )


@pytest.mark.parametrize(
    ("origin", "signed_in"),
    [
        (None, True),
        ("http://127.0.0.1:8000", True),
        ("HTTP://127.0.0.1:8000/", True),
        ("https://evil.example", False),
        ("http://127.0.0.1:8001", False),
        ("null", False),
    ],
)
async def test_a_post_from_another_origin_is_anonymous(
    session: AsyncSession,
    client: httpx.AsyncClient,
    settings: Settings,
    origin: str | None,
    signed_in: bool,
) -> None:
    # Given Alice signed in (her session cookie in the browser), the hub at HUB_ISSUER
    world = await build_world(session)
    await session.commit()
    client.cookies.set(CITIZEN_SESSION_COOKIE, _cookie(world, settings))
    assert settings.issuer == "http://127.0.0.1:8000"

    # When a page posts a query with her cookie, from this origin (or none)
    headers = {} if origin is None else {"origin": origin}
    body = (await client.post("/graphql", json={"query": MY_NAME}, headers=headers)).json()

    # Then only the hub's own pages (and non-browser clients) act as her
    if signed_in:
        assert body == {"data": {"me": {"person": {"fullName": world.alice.full_name}}}}
    else:
        assert body["data"] is None or body["data"]["me"] is None
        assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_a_websocket_opened_by_another_site_does_not_act_as_the_citizen(
    session: AsyncSession, app: Starlette, settings: Settings
) -> None:
    # Given Alice signed in
    world = await build_world(session)
    await session.commit()
    cookie = f"{CITIZEN_SESSION_COOKIE}={_cookie(world, settings)}".encode()

    # When a page of another site opens a WebSocket to the hub (the browser adds her cookie),
    # and when the hub's own GraphiQL does
    host = (b"host", b"127.0.0.1:8000")
    foreign = await over_websocket(
        app, MY_NAME, headers=[host, (b"cookie", cookie), (b"origin", b"https://evil.example")]
    )
    own = await over_websocket(
        app, MY_NAME, headers=[host, (b"cookie", cookie), (b"origin", b"http://127.0.0.1:8000")]
    )

    # Then the other site's socket is refused at the handshake (strawberry checks the origin
    # of WebSockets, and the session is ignored for it anyway), the hub's own reads her name
    assert foreign == [CLOSED]
    assert own[1]["payload"] == {"data": {"me": {"person": {"fullName": world.alice.full_name}}}}


def test_an_issuer_without_a_scheme_matches_no_origin() -> None:
    # given a mis-set HUB_ISSUER (no scheme), when a sandboxed page sends "Origin: null",
    # then it is not taken for the hub's own origin
    assert not same_origin("null", "hub.example.vn")
    assert not same_origin("https://hub.example.vn", "hub.example.vn")
    # and a proper issuer still matches itself with or without its default port
    assert same_origin("https://hub.example.vn:443", "https://hub.example.vn")
