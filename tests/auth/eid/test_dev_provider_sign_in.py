"""Sign-in through the built-in development identity provider at ``/dev-eid``, end to end:
the same relying-party code path as with a real provider."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from hub.app import create_app
from hub.auth.eid.dev_provider.citizens import DemoCitizen, demo_citizens, load_demo_citizens
from hub.db import Database
from hub.registry.kinds.person import service as records
from hub.settings import Environment, Settings
from tests.auth.eid.dev_browser import dev_sign_in, open_chooser
from tests.auth.eid.hub_apps import browser_at
from tests.auth.eid.oidc_provider.browser import local_path
from tests.auth.eid.oidc_provider.fixture import HUB_ORIGIN

LEVELS = {"urn:vneid:loa:1": 1, "urn:vneid:loa:2": 2}


@pytest.fixture
def settings() -> Settings:
    """A test hub at ``HUB_ORIGIN`` without ``HUB_EID_ISSUER``: the development provider."""
    return Settings(
        environment=Environment.TEST, database_url="sqlite:///unused.db", issuer=HUB_ORIGIN
    )


@pytest.mark.parametrize("citizen", demo_citizens(), ids=lambda citizen: citizen.key)
async def test_each_demo_citizen_signs_in_at_their_level(
    client: httpx.AsyncClient, session: AsyncSession, citizen: DemoCitizen
) -> None:
    # given a demo citizen unknown to the registry
    # when they pick themselves on the development provider's page
    answer = await dev_sign_in(client, citizen.key)

    # then the hub signs them in at their level, linked to a person made from the claims
    assert (answer.status_code, answer.headers["location"]) == (303, "/auth/me")
    me = (await client.get("/auth/me")).json()
    person = await records.find_by_citizen_id(session, citizen.citizen_id)
    assert person is not None
    assert (person.full_name, person.birth_date, person.sex) == (
        citizen.full_name,
        citizen.birth_date,
        citizen.sex,
    )
    assert (me["personId"], me["citizenId"]) == (person.id, citizen.citizen_id)
    assert (me["assurance"], me["acr"]) == (LEVELS[citizen.acr], citizen.acr)


async def test_sign_in_links_the_persons_of_the_demo_load(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    # given the demo citizens loaded into the registry
    await load_demo_citizens(session)
    await session.commit()
    citizen = demo_citizens()[0]
    loaded = await records.find_by_citizen_id(session, citizen.citizen_id)
    assert loaded is not None

    # when one of them signs in
    await dev_sign_in(client, citizen.key)

    # then the session belongs to the loaded person
    assert (await client.get("/auth/me")).json()["personId"] == loaded.id


async def test_denying_at_the_provider_shows_a_page(client: httpx.AsyncClient) -> None:
    # given the development provider's page
    form = await open_chooser(client)

    # when the citizen presses "deny"
    denied = await client.post(form.action, data={**form.fields, "decision": "deny"})
    answer = await client.get(local_path(denied.headers["location"]))

    # then the hub explains with a 400 page and starts no session
    assert "error=access_denied" in denied.headers["location"]
    assert answer.status_code == 400
    assert "cancelled or refused" in answer.text
    assert (await client.get("/auth/me")).status_code == 401


async def test_a_stricter_acr_map_refuses_level_1_citizens(
    database: Database, settings: Settings
) -> None:
    # given a hub that maps only the level-2 acr of the development provider
    strict = settings.model_copy(update={"eid_acr_map": {"urn:vneid:loa:2": 2}})
    level_1 = next(c for c in demo_citizens() if c.acr == "urn:vneid:loa:1")

    # when a level-1 demo citizen signs in
    async with browser_at(create_app(strict, database=database)) as browser:
        answer = await dev_sign_in(browser, level_1.key)

    # then the hub refuses: the acr is not mapped
    assert answer.status_code == 400
    assert "assurance level" in answer.text


@pytest.mark.parametrize(
    ("query", "acr_values"),
    [("", "urn:vneid:loa:2 urn:vneid:loa:1"), ("?level=2", "urn:vneid:loa:2")],
    ids=["any-level", "level-2"],
)
async def test_a_wanted_level_is_asked_for_in_acr_values(
    client: httpx.AsyncClient, query: str, acr_values: str
) -> None:
    # given a sign-in that does or does not ask for level 2
    # when the hub redirects to the provider
    start = await client.get("/auth/login" + query)

    # then acr_values asks for the mapped values of at least that level, highest first
    sent = parse_qs(urlsplit(start.headers["location"]).query)
    assert sent["acr_values"] == [acr_values]


async def test_an_unknown_level_is_refused(client: httpx.AsyncClient) -> None:
    # given a sign-in asking for a level the hub does not have
    # when the browser follows it, then the hub refuses with a page
    answer = await client.get("/auth/login?level=3")
    assert answer.status_code == 400
    assert "must be 1 or 2" in answer.text
