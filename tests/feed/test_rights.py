"""What a receiver sees of an event: only what its scopes and purpose allow, and each delivery
of personal data in the person's access log."""

from __future__ import annotations

from hub.audit.service import person_log
from hub.db import Database
from hub.feed import entries
from hub.feed.delivery_log import log_deliveries
from hub.feed.rights import Delivery, may_receive, notice, view
from hub.kit.clock import utcnow
from hub.kit.pagination import PageRequest
from hub.principals.principal import Principal
from hub.principals.scopes import Scope
from tests.access_fixtures import build_world, citizen, client
from tests.feed.feed_fixtures import SOURCE, create_an, move_an, publish

IDENTITY = {Scope.PERSON_IDENTITY_READ}
IDENTITY_AND_ADDRESS = {Scope.PERSON_IDENTITY_READ, Scope.PERSON_ADDRESS_READ}


async def _seen(database: Database, principal: Principal) -> list[Delivery]:
    async with database.session() as session:
        items = await entries.items_after(session, 0, limit=100)
    return [d for item in items if (d := view(principal, item, source=SOURCE))]


async def test_an_event_is_a_cloudevent_with_the_values_of_the_readable_groups(
    database: Database,
) -> None:
    # Given An created, then moved, and the events published
    async with database.session() as session:
        await build_world(session)
    an = await create_an(database)
    await move_an(database, "Số 99 Nguyễn Huệ")
    await publish(database)
    # When a client with identity and address reads the feed
    seen = await _seen(database, client(IDENTITY_AND_ADDRESS))
    # Then it sees both events as CloudEvents, the move carrying only the address
    created, moved = [d.event for d in seen if d.event["subject"] == an]
    assert created["specversion"] == "1.0"
    assert created["type"] == "vn.lienthong.person.created"
    assert created["source"] == SOURCE and created["datacontenttype"] == "application/json"
    assert created["data"]["values"]["fullName"] == "Nguyễn Văn An"
    assert moved["type"] == "vn.lienthong.person.updated"
    assert int(moved["id"]) > int(created["id"])
    assert moved["data"]["changedGroups"] == ["person.address"]
    assert moved["data"]["values"] == {
        "addressCommuneCode": "26740",
        "addressStreet": "Số 99 Nguyễn Huệ",
    }
    assert moved["data"]["version"] == created["data"]["version"] + 1


async def test_without_the_address_scope_a_move_is_not_even_announced(
    database: Database,
) -> None:
    # Given An created, then moved
    async with database.session() as session:
        await build_world(session)
    an = await create_an(database)
    await move_an(database, "Số 99 Nguyễn Huệ")
    await publish(database)
    # When a client holding only the identity scope reads the feed
    seen = await _seen(database, client(IDENTITY))
    # Then it gets the creation without any address, and nothing about the move
    about_an = [d.event for d in seen if d.event["subject"] == an]
    assert [e["type"] for e in about_an] == ["vn.lienthong.person.created"]
    assert about_an[0]["data"]["changedGroups"] == ["person.identity"]
    assert "Số 99" not in str(seen) and "addressStreet" not in str(seen)


async def test_receivers_without_a_purpose_or_bound_to_another_person_get_nothing(
    database: Database,
) -> None:
    # Given An's events, and Alice (another person)
    async with database.session() as session:
        world = await build_world(session)
    await create_an(database)
    await publish(database)
    everything = frozenset(Scope)
    # When a client without a purpose, and Alice signed in, are asked
    without_purpose = client(everything, purpose=None)
    alice = citizen(world.alice, everything)
    # Then neither may receive anything about An
    assert not may_receive(without_purpose, utcnow())
    assert await _seen(database, alice) == []


async def test_a_delivery_appears_in_who_read_my_data(database: Database) -> None:
    # Given An's creation seen by a client with the identity scope
    async with database.session() as session:
        await build_world(session)
    an = await create_an(database)
    await publish(database)
    principal = client(IDENTITY)
    deliveries = await _seen(database, principal)
    # When the deliveries are logged as the sender does
    async with database.transaction() as session:
        await log_deliveries(session, principal, deliveries, channel="webhook")
    # Then An's access log names the client, its purpose and the identity group
    async with database.session() as session:
        page = await person_log(
            session, an, PageRequest(first=10, after=None), include_self=True, visible_at=None
        )
    entries_of_an = [item.entry for item in page.items]
    assert [(e.client_id, e.attribute_group, e.purpose_code) for e in entries_of_an] == [
        (principal.client_id, Scope.PERSON_IDENTITY_READ.value, principal.purpose)
    ]
    assert "fullName" in entries_of_an[0].attributes.split()


async def test_the_bus_carries_which_groups_changed_and_no_value(database: Database) -> None:
    # Given An created, then moved
    async with database.session() as session:
        await build_world(session)
    await create_an(database)
    await move_an(database, "Số 99 Nguyễn Huệ")
    await publish(database)
    # When the events are shaped for NATS
    async with database.session() as session:
        items = await entries.items_after(session, 0, limit=100)
    notices = [notice(item, source=SOURCE) for item in items]
    # Then they name the changed groups and carry no value
    assert notices[-1]["data"]["changedGroups"] == ["person.address"]
    assert all(n["data"]["values"] == {} for n in notices)
    assert "Nguyễn" not in str(notices)
