"""OAuth2 clients of agencies: registration, purposes, secrets, disabling.

A client authenticates with ``client_secret_basic`` (a secret shown once, stored as a salted
scrypt hash), ``private_key_jwt`` (RFC 7523, with the public keys registered here) or ``none``
(a public client such as the citizen portal, which must use PKCE).
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from hub.auth import clients_repository
from hub.auth.agencies import get_agency
from hub.auth.client_metadata import (
    check_grant_types,
    check_jwks,
    check_redirect_uris,
    normalize_grant_type,
)
from hub.auth.client_secrets import hash_client_secret, new_client_secret
from hub.auth.models import OAuthClient
from hub.auth.purposes import check_purpose_code, require_purposes
from hub.errors import Conflict, Invalid, NotFound
from hub.kit.clock import utcnow
from hub.kit.text import has_control_characters
from hub.principals.scopes import format_scopes, parse_scopes

AUTH_METHODS = ("client_secret_basic", "private_key_jwt", "none")
CLIENT_ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{2,63}$")
MAX_DELAY_DAYS = 3650


@dataclass(frozen=True)
class ClientRecord:
    """A client with its purposes (code → disclosure delay in days) and its agency's name."""

    client: OAuthClient
    purposes: Mapping[str, int]
    agency_name: str | None

    @property
    def client_id(self) -> str:
        """The client's id."""
        return self.client.client_id

    @property
    def enabled(self) -> bool:
        """False once the client was disabled."""
        return self.client.disabled_at is None


@dataclass(frozen=True)
class NewClient:
    """A client just registered, with its secret in clear (shown once, never stored)."""

    record: ClientRecord
    secret: str | None


@dataclass(frozen=True)
class ClientRegistration:
    """What registering a client takes: its name, agency, scopes and purposes; how it
    authenticates (a secret, chosen or generated, or its public keys); its redirect URIs and
    grant types; and, optionally, the client id to give it.
    """

    name: str
    agency_code: str | None
    scopes: str
    purposes: Iterable[str] = ()
    auth_method: str = "client_secret_basic"
    jwks: Mapping[str, Any] | None = None
    redirect_uris: Sequence[str] = ()
    grant_types: Sequence[str] = ()
    client_id: str | None = None
    secret: str | None = None


async def create_client(session: AsyncSession, registration: ClientRegistration) -> NewClient:
    """Register a client; a ``client_secret_basic`` client gets a new secret (or ``secret``).

    Raises ``Invalid`` for malformed input and ``NotFound`` for an unknown agency or purpose.
    """
    name, agency_code, scopes = registration.name, registration.agency_code, registration.scopes
    purposes, auth_method, jwks = registration.purposes, registration.auth_method, registration.jwks
    redirect_uris, grant_types = registration.redirect_uris, registration.grant_types
    client_id, secret = registration.client_id, registration.secret
    clean_name = name.strip()
    if not clean_name or len(clean_name) > 200 or has_control_characters(clean_name):
        raise Invalid("client name must be 1 to 200 printable characters", argument="name")
    if auth_method not in AUTH_METHODS:
        raise Invalid(
            f"unknown auth method {auth_method!r}; use one of {', '.join(AUTH_METHODS)}",
            argument="auth-method",
        )
    agency = None
    if agency_code is not None:
        agency = await get_agency(session, agency_code)
        if agency is None:
            raise NotFound(f"unknown agency {agency_code!r}; register it with hub agencies create")
    elif auth_method != "none":
        raise Invalid("a confidential client needs an agency", argument="agency")
    try:
        scope_set = parse_scopes(scopes)
    except ValueError as error:
        raise Invalid(str(error), argument="scopes") from None
    purpose_codes = await require_purposes(session, purposes)
    grants = check_grant_types(
        [normalize_grant_type(g) for g in grant_types], auth_method=auth_method
    )
    uris = check_redirect_uris(redirect_uris, grants)
    public_jwks = check_jwks(jwks) if auth_method == "private_key_jwt" else None
    if jwks is not None and auth_method != "private_key_jwt":
        raise Invalid("--jwks-file is only for private_key_jwt clients", argument="jwks-file")
    new_id = client_id or f"c-{secrets.token_hex(8)}"
    if not CLIENT_ID_PATTERN.fullmatch(new_id):
        raise Invalid(
            "client id must be 3 to 64 letters, digits, dots, hyphens or underscores",
            argument="client-id",
        )
    if await clients_repository.get(session, new_id) is not None:
        raise Conflict(f"client {new_id} already exists")
    clear_secret = (secret or new_client_secret()) if auth_method == "client_secret_basic" else None
    client = await clients_repository.add(
        session,
        OAuthClient(
            client_id=new_id,
            name=clean_name,
            agency_code=agency.code if agency else None,
            token_endpoint_auth_method=auth_method,
            secret_hash=hash_client_secret(clear_secret) if clear_secret else None,
            jwks=public_jwks,
            redirect_uris=uris,
            grant_types=grants,
            scope=format_scopes(scope_set),
        ),
    )
    for code in purpose_codes:
        await clients_repository.put_purpose(session, new_id, code, 0)
    record = ClientRecord(client, dict.fromkeys(purpose_codes, 0), agency.name if agency else None)
    return NewClient(record, clear_secret)


@dataclass(frozen=True)
class ClientStanding:
    """Whether a client may still act, and the purposes it may state (for each API request)."""

    enabled: bool
    purposes: frozenset[str]


async def client_standing(session: AsyncSession, client_id: str) -> ClientStanding:
    """Return the standing of ``client_id`` in one query; an unknown client is not enabled."""
    if not CLIENT_ID_PATTERN.fullmatch(client_id):
        # Read from a token or a request: an id no client can have is not looked up.
        return ClientStanding(False, frozenset())
    exists, disabled_at, purposes = await clients_repository.standing(session, client_id)
    return ClientStanding(exists and disabled_at is None, purposes)


async def get_client(session: AsyncSession, client_id: str) -> ClientRecord | None:
    """Return the client with its purposes and agency name, or ``None``."""
    records = await get_clients(session, [client_id])
    return records.get(client_id)


async def get_clients(session: AsyncSession, client_ids: Iterable[str]) -> dict[str, ClientRecord]:
    """Return the clients among ``client_ids`` that exist, by id (three queries).

    The ids may come from a request or an unverified token: one no client can have (NUL, a lone
    surrogate) is not looked up, since the database would fail on it.
    """
    possible = {client_id for client_id in client_ids if CLIENT_ID_PATTERN.fullmatch(client_id)}
    rows = await clients_repository.get_many(session, possible)
    return await _records(session, rows)


async def list_clients(session: AsyncSession) -> list[ClientRecord]:
    """Return every client, by id."""
    records = await _records(session, await clients_repository.every(session))
    return list(records.values())


async def disable_client(
    session: AsyncSession, client_id: str, *, now: datetime | None = None
) -> ClientRecord:
    """Disable a client: it gets no new token, and its access tokens stop being accepted."""
    record = await _require(session, client_id)
    if record.enabled:
        await clients_repository.set_disabled(session, client_id, now or utcnow())
    return await _require(session, client_id)


async def rotate_client_secret(
    session: AsyncSession, client_id: str, *, now: datetime | None = None
) -> str:
    """Give a ``client_secret_basic`` client a new secret; return it (shown once)."""
    record = await _require(session, client_id)
    if record.client.token_endpoint_auth_method != "client_secret_basic":
        raise Invalid(
            f"client {client_id} authenticates with"
            f" {record.client.token_endpoint_auth_method}, not with a secret",
            argument="client_id",
        )
    secret = new_client_secret()
    await clients_repository.set_secret(
        session, client_id, hash_client_secret(secret), now or utcnow()
    )
    return secret


async def set_client_purpose(
    session: AsyncSession, client_id: str, purpose_code: str, *, disclosure_delay_days: int = 0
) -> ClientRecord:
    """Register a purpose for a client, or change how long its reads stay hidden from citizens."""
    await _require(session, client_id)
    check_purpose_code(purpose_code)
    await require_purposes(session, [purpose_code])
    if not 0 <= disclosure_delay_days <= MAX_DELAY_DAYS:
        raise Invalid(
            f"disclosure delay must be 0 to {MAX_DELAY_DAYS} days",
            argument="disclosure-delay-days",
        )
    await clients_repository.put_purpose(session, client_id, purpose_code, disclosure_delay_days)
    return await _require(session, client_id)


async def _require(session: AsyncSession, client_id: str) -> ClientRecord:
    record = await get_client(session, client_id)
    if record is None:
        raise NotFound(f"unknown client {client_id!r}")
    return record


async def _records(session: AsyncSession, rows: Sequence[OAuthClient]) -> dict[str, ClientRecord]:
    ids = [row.client_id for row in rows]
    purposes = await clients_repository.purposes_of(session, ids)
    names = await clients_repository.agency_names(
        session, {row.agency_code for row in rows if row.agency_code}
    )
    return {
        row.client_id: ClientRecord(
            row, purposes.get(row.client_id, {}), names.get(row.agency_code or "")
        )
        for row in rows
    }
