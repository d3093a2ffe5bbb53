"""Fixtures of the authorization-server tests: the world, and a citizen signed in."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from hub.auth.eid import session as eid_session
from hub.principals.principal import AssuranceLevel
from hub.registry.kinds.person.models import Person
from tests.auth.server.support import World, build_world

SignIn = Callable[..., None]
AUTH_TIME = datetime(2026, 11, 25, 8, 30, tzinfo=UTC)


@pytest.fixture
async def world(session: AsyncSession) -> World:
    """The agencies, purposes, clients and persons, committed."""
    return await build_world(session)


@pytest.fixture
def sign_in(monkeypatch: pytest.MonkeyPatch) -> SignIn:
    """Sign a person in (as e-identity's session would), or out with ``None``."""

    def sign(person: Person | None, level: AssuranceLevel = AssuranceLevel.LEVEL_2) -> None:
        citizen = (
            None
            if person is None
            else eid_session.CitizenSession(
                person_id=person.id,
                citizen_id=person.citizen_id or "",
                assurance=level,
                auth_time=AUTH_TIME,
                acr=f"urn:vneid:loa:{level.value}",
            )
        )
        monkeypatch.setattr(eid_session, "read_citizen_session", lambda _scope, _settings: citizen)

    return sign
