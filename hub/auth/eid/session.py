"""The citizen session: who signed in with e-identity, at which level, until when.

It lives entirely in one HMAC-signed, HttpOnly cookie (no table): person id, citizen ID,
assurance level, ``acr``, ``auth_time`` and expiry. ``read_citizen_session`` is what the rest of
the hub calls to find the signed-in citizen of a request.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from starlette.requests import cookie_parser
from starlette.types import Scope

from hub.auth.eid.signed_values import sign_value, unsign_value
from hub.auth.eid.signing_key import cookie_key
from hub.kit.clock import utcnow
from hub.principals.principal import AssuranceLevel
from hub.settings import Settings

CITIZEN_SESSION_COOKIE = "hub_citizen_session"
_PURPOSE = "citizen-session"


@dataclass(frozen=True)
class CitizenSession:
    """A citizen signed in with e-identity.

    ``assurance`` is the hub's level mapped from the provider's ``acr`` (kept as ``acr``);
    ``auth_time`` is when the citizen authenticated at the provider (UTC); ``expires_at`` is
    when the session cookie it was read from ends (``None`` before it is issued).
    """

    person_id: str
    citizen_id: str
    assurance: AssuranceLevel
    auth_time: datetime
    acr: str
    expires_at: datetime | None = None


@dataclass(frozen=True)
class StoredCitizenSession:
    """A citizen session as read from its cookie, with the moment it ends."""

    citizen: CitizenSession
    expires_at: datetime


def encode_citizen_session(
    citizen: CitizenSession, settings: Settings, *, now: datetime | None = None
) -> str:
    """Return the cookie value of ``citizen``, valid for ``HUB_SESSION_LIFETIME_SECONDS``.

    Tests of other parts may use it to sign a citizen in without the e-identity round trip.
    """
    issued = now or utcnow()
    expires = issued + timedelta(seconds=settings.session_lifetime_seconds)
    payload = {
        "pid": citizen.person_id,
        "cid": citizen.citizen_id,
        "loa": int(citizen.assurance.value),
        "acr": citizen.acr,
        "auth": int(citizen.auth_time.timestamp()),
        "exp": int(expires.timestamp()),
    }
    return sign_value(cookie_key(settings, _PURPOSE), _PURPOSE, payload)


def decode_citizen_session(
    value: str, settings: Settings, *, now: datetime | None = None
) -> StoredCitizenSession | None:
    """Return the session in a cookie value, or ``None`` when tampered, malformed or expired."""
    payload = unsign_value(cookie_key(settings, _PURPOSE), _PURPOSE, value)
    if payload is None:
        return None
    person_id, citizen_id, level = payload.get("pid"), payload.get("cid"), payload.get("loa")
    acr, auth_time, expires = payload.get("acr"), payload.get("auth"), payload.get("exp")
    if not (
        isinstance(person_id, str)
        and isinstance(citizen_id, str)
        and isinstance(acr, str)
        and level in (AssuranceLevel.LEVEL_1.value, AssuranceLevel.LEVEL_2.value)
        and isinstance(auth_time, int)
        and isinstance(expires, int)
    ):
        return None
    if expires <= (now or utcnow()).timestamp():
        return None
    ends = datetime.fromtimestamp(expires, UTC)
    citizen = CitizenSession(
        person_id=person_id,
        citizen_id=citizen_id,
        assurance=AssuranceLevel(level),
        auth_time=datetime.fromtimestamp(auth_time, UTC),
        acr=acr,
        expires_at=ends,
    )
    return StoredCitizenSession(citizen, ends)


def read_stored_session(scope: Scope, settings: Settings) -> StoredCitizenSession | None:
    """Return the citizen session of the request in ``scope``, with its expiry."""
    for name, value in scope.get("headers", ()):
        if name.lower() != b"cookie":
            continue
        cookie = cookie_parser(value.decode("latin-1")).get(CITIZEN_SESSION_COOKIE)
        if cookie:
            return decode_citizen_session(cookie, settings)
    return None


def read_citizen_session(scope: Scope, settings: Settings) -> CitizenSession | None:
    """Return the signed-in citizen of the request in ``scope`` (HTTP or WebSocket).

    Reads the session cookie from the scope's headers; ``None`` when it is absent, tampered
    with or expired.
    """
    stored = read_stored_session(scope, settings)
    return None if stored is None else stored.citizen
