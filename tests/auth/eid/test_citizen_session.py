"""The citizen session cookie: what ``read_citizen_session`` accepts and refuses."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from pydantic import SecretStr
from starlette.types import Scope

from hub.auth.eid.login_state import encode_login_state, new_login_state
from hub.auth.eid.session import (
    CITIZEN_SESSION_COOKIE,
    CitizenSession,
    encode_citizen_session,
    read_citizen_session,
)
from hub.auth.server.bearer import principal_from_citizen
from hub.principals.principal import AssuranceLevel
from hub.settings import Environment, Settings

SETTINGS = Settings(environment=Environment.TEST, session_secret=SecretStr("s" * 40))
CITIZEN = CitizenSession(
    person_id="6f1c1c52-5a43-4d43-9d4c-0c5d7c1f0a11",
    citizen_id="001085012345",
    assurance=AssuranceLevel.LEVEL_2,
    auth_time=datetime(2026, 3, 1, 8, 30, tzinfo=UTC),
    acr="urn:vneid:loa:2",
)


def scope_with_cookie(value: str, *, others: str = "theme=dark") -> Scope:
    """Return an HTTP scope whose Cookie header carries the session cookie ``value``."""
    header = f"{others}; {CITIZEN_SESSION_COOKIE}={value}".encode()
    return {"type": "http", "headers": [(b"host", b"hub.test"), (b"cookie", header)]}


def test_a_session_reads_back_as_it_was_written() -> None:
    # given a cookie written for a citizen
    value = encode_citizen_session(CITIZEN, SETTINGS)

    # when a request carries it among other cookies
    found = read_citizen_session(scope_with_cookie(value), SETTINGS)

    # then the same session comes back, knowing when its cookie ends
    assert found is not None
    assert replace(found, expires_at=None) == CITIZEN


def test_no_cookie_is_no_session() -> None:
    # given a request without the session cookie
    scope: Scope = {"type": "http", "headers": [(b"cookie", b"theme=dark")]}

    # when the session is read, then there is none
    assert read_citizen_session(scope, SETTINGS) is None


def tampered(value: str) -> str:
    """Return ``value`` with its payload claiming level 2 for another person."""
    version, _body, tag = value.split(".")
    forged = encode_citizen_session(
        CitizenSession(
            "someone-else", "079192004821", AssuranceLevel.LEVEL_2, CITIZEN.auth_time, "x"
        ),
        SETTINGS,
    )
    return f"{version}.{forged.split('.')[1]}.{tag}"


@pytest.mark.parametrize(
    "make_value",
    [
        tampered,
        lambda value: value[:-2] + ("AA" if not value.endswith("AA") else "BB"),
        lambda value: "not-a-cookie",
        lambda value: encode_login_state(new_login_state("/", "https://eid.example"), SETTINGS),
        lambda value: encode_citizen_session(
            CITIZEN, Settings(environment=Environment.TEST, session_secret=SecretStr("o" * 40))
        ),
    ],
    ids=["payload-swapped", "signature-changed", "garbage", "login-state-cookie", "other-secret"],
)
def test_a_tampered_or_foreign_cookie_is_no_session(make_value: object) -> None:
    # given a session cookie that was altered, or signed for another purpose or with another key
    assert callable(make_value)
    value = make_value(encode_citizen_session(CITIZEN, SETTINGS))

    # when it is read, then there is no session
    assert read_citizen_session(scope_with_cookie(value), SETTINGS) is None


def test_an_expired_session_is_no_session() -> None:
    # given a session written longer ago than the session lifetime
    long_ago = datetime.now(UTC) - timedelta(seconds=SETTINGS.session_lifetime_seconds + 1)
    value = encode_citizen_session(CITIZEN, SETTINGS, now=long_ago)

    # when it is read, then there is no session
    assert read_citizen_session(scope_with_cookie(value), SETTINGS) is None


def test_a_session_just_before_expiry_is_still_valid() -> None:
    # given a session written a little less than the session lifetime ago
    recent = datetime.now(UTC) - timedelta(seconds=SETTINGS.session_lifetime_seconds - 60)
    value = encode_citizen_session(CITIZEN, SETTINGS, now=recent)

    # when it is read, then it is still the citizen's
    found = read_citizen_session(scope_with_cookie(value), SETTINGS)
    assert found is not None
    assert replace(found, expires_at=None) == CITIZEN


def test_the_principal_of_a_session_expires_with_its_cookie() -> None:
    # given a cookie written now
    now = datetime.now(UTC).replace(microsecond=0)
    value = encode_citizen_session(CITIZEN, SETTINGS, now=now)
    citizen = read_citizen_session(scope_with_cookie(value), SETTINGS)
    assert citizen is not None

    # when the middleware makes the request's principal of it
    principal = principal_from_citizen(citizen, purpose=None, case=None)

    # then the principal ends with the cookie, so that a WebSocket opened with it (checked once,
    # at the handshake) stops reading once the session is over
    ends = now + timedelta(seconds=SETTINGS.session_lifetime_seconds)
    assert principal.expires_at == ends
    assert not principal.has_expired(ends - timedelta(seconds=1))
    assert principal.has_expired(ends)
