"""Webhook endpoints: Standard Webhooks signatures, the SSRF rule, registration, retention."""

from __future__ import annotations

import pytest

from hub.db import Database
from hub.errors import Invalid
from hub.feed import entries
from hub.feed.retention import prune
from hub.feed.webhooks import service
from hub.feed.webhooks.signing import new_secret, sign
from hub.feed.webhooks.targets import check_target
from hub.kit.clock import utcnow
from tests.access_fixtures import CLIENT_ID, PURPOSE, build_world
from tests.feed.feed_fixtures import create_an, move_an, publish

STANDARD_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"


def test_the_signature_matches_the_standard_webhooks_example() -> None:
    # Given the example of the Standard Webhooks specification
    body = b'{"test": 2432232314}'
    # When it is signed, then the signature is the specification's
    assert (
        sign(STANDARD_SECRET, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body)
        == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
    )
    assert new_secret().startswith("whsec_") and new_secret() != new_secret()


@pytest.mark.parametrize(
    "url",
    [
        "https://127.0.0.1/hook",
        "https://10.1.2.3/hook",
        "https://192.168.0.5/hook",
        "https://[::1]/hook",
        "https://169.254.169.254/latest/meta-data",
        "http://example.vn/hook",
        "ftp://example.vn/hook",
        "not a url",
    ],
)
def test_private_loopback_and_plain_http_targets_are_refused_in_production(url: str) -> None:
    # When a target in the hub's own network (or not https) is checked for production
    # Then it is refused with a specific error
    with pytest.raises(Invalid):
        check_target(url, production=True)


def test_loopback_targets_are_allowed_in_development() -> None:
    # When a local receiver is checked outside production, then it is allowed
    check_target("http://127.0.0.1:9000/hook", production=False)


async def test_an_endpoint_is_registered_disabled_and_starts_at_the_newest_event(
    database: Database,
) -> None:
    # Given An created and published
    async with database.session() as session:
        await build_world(session)
    await create_an(database)
    await publish(database)
    # When the client registers an endpoint, then disables it
    async with database.transaction() as session:
        endpoint = await service.create_endpoint(
            session,
            client_id=CLIENT_ID,
            url="http://127.0.0.1:9/hook",
            types=["person"],
            purpose=PURPOSE,
            production=False,
        )
        newest = await entries.last_seq(session)
    async with database.transaction() as session:
        await service.set_enabled(session, endpoint.id, enabled=False, reason="test")
        listed = await service.list_endpoints(session, CLIENT_ID)
    # Then it starts after the newest event, with a whsec_ secret, and is listed disabled
    assert endpoint.position == newest > 0
    assert endpoint.secret.startswith("whsec_")
    assert [(e.id, e.enabled, e.disabled_reason) for e in listed] == [(endpoint.id, False, "test")]


async def test_unknown_types_and_unregistered_purposes_are_refused(database: Database) -> None:
    # Given the client
    async with database.session() as session:
        await build_world(session)
        # When it asks for an unknown type or a purpose not registered for it
        for types, purpose in ((["vehicle"], PURPOSE), (["person"], "marketing")):
            # Then it gets a specific error
            with pytest.raises(Invalid):
                await service.create_endpoint(
                    session,
                    client_id=CLIENT_ID,
                    url="http://127.0.0.1:9/hook",
                    types=types,
                    purpose=purpose,
                    production=False,
                )


async def test_prune_keeps_what_a_consumer_has_not_yet_read(database: Database) -> None:
    # Given An's creation published, and an enabled endpoint registered before it
    async with database.session() as session:
        await build_world(session)
    async with database.transaction() as session:
        await service.create_endpoint(
            session,
            client_id=CLIENT_ID,
            url="http://127.0.0.1:9/hook",
            types=["person"],
            purpose=PURPOSE,
            production=False,
        )
    await create_an(database)
    await move_an(database, "Số 1 Lê Lợi")
    await publish(database)
    # When the outbox is pruned with no retention
    async with database.transaction() as session:
        kept = await prune(session, utcnow(), days=0)
    # Then nothing goes: the endpoint has not had the events
    assert kept == 0
    # And once the endpoint is disabled, the older event goes; the newest stays, holding the
    # highest position (so that positions are never handed out again)
    async with database.transaction() as session:
        for endpoint in await service.list_endpoints(session):
            await service.set_enabled(session, endpoint.id, enabled=False)
    async with database.transaction() as session:
        newest = await entries.last_seq(session)
        assert await prune(session, utcnow(), days=0) == 1
        assert [item.seq for item in await entries.items_after(session, 0, limit=10)] == [newest]
