"""Failed client authentication tells nothing about which client ids exist.

An assertion that is unsigned or signed with the wrong key, a wrong secret, or a client id alone
gets the same answer (status, body and headers) whether it names a client that authenticates
that way, one that authenticates otherwise, a disabled one or none at all; and the hub does the
same work for each, so that the time taken does not tell either.
"""

from __future__ import annotations

import hashlib
import hmac
import time
import uuid
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from joserfc import jwt as jose_jwt
from joserfc.jwk import ECKey
from sqlalchemy.ext.asyncio import AsyncSession

from hub.auth import client_secrets
from hub.auth.clients import disable_client
from tests.auth.server.forgery import unsigned
from tests.auth.server.support import LAND_OFFICE, POLICE, PORTAL, SIGNED, TOKEN_URL, World

ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
CLIENT_CREDENTIALS = {"grant_type": "client_credentials"}
UNKNOWN = "nobody-here"
# Every kind of client an id can name: private_key_jwt, secret, public, disabled. A public
# client needs no credentials at all (its id is in every authorization URL), so a request with
# its id alone is no failed authentication.
EXISTING = (SIGNED, LAND_OFFICE, PORTAL, POLICE)
CONFIDENTIAL = (SIGNED, LAND_OFFICE, POLICE)
# Ids no client can have: the database must not even be asked about them.
IMPOSSIBLE = ("a\x00b", "x" * 300, "ab", "land-office\n", "đất-đai")
REFUSED = {"error": "invalid_client", "error_description": "Client authentication failed."}
# Headers that differ between any two answers.
PER_RESPONSE = {"x-request-id", "date"}
ASSERTION_ENDPOINTS = ("/oauth2/token", "/oauth2/introspect", "/oauth2/revoke")


def _claims(client_id: str) -> dict[str, Any]:
    now = int(time.time())
    return {
        "iss": client_id,
        "sub": client_id,
        "aud": TOKEN_URL,
        "iat": now,
        "exp": now + 60,
        "jti": str(uuid.uuid4()),
    }


def _alg_none(client_id: str) -> str:
    return unsigned({"alg": "none"}, _claims(client_id), b"")


def _garbage_signature(client_id: str) -> str:
    return unsigned({"alg": "ES256", "kid": "agency-key-1"}, _claims(client_id), b"\x01" * 64)


def _hs256(client_id: str) -> str:
    header, claims = {"alg": "HS256"}, _claims(client_id)
    signing_input = unsigned(header, claims, b"").rstrip(".")
    mac = hmac.new(b"guessed", signing_input.encode(), hashlib.sha256).digest()
    return unsigned(header, claims, mac)


def _another_key(client_id: str) -> str:
    key = ECKey.generate_key("P-256", parameters={"kid": "agency-key-1"}, private=True)
    return jose_jwt.encode({"alg": "ES256", "kid": key.kid}, _claims(client_id), key)


FORGERIES: dict[str, Callable[[str], str]] = {
    "alg none": _alg_none,
    "garbage signature": _garbage_signature,
    "HS256": _hs256,
    "another key": _another_key,
}


@pytest.fixture
async def disabled_police(session: AsyncSession, world: World) -> None:
    """The police client, disabled (its id exists)."""
    await disable_client(session, POLICE)
    await session.commit()


async def _assertion_answer(
    client: httpx.AsyncClient, path: str, assertion: str
) -> tuple[int, Any, dict[str, str]]:
    form = {
        **CLIENT_CREDENTIALS,
        "token": "anything",
        "client_assertion_type": ASSERTION_TYPE,
        "client_assertion": assertion,
    }
    return _answer(await client.post(path, data=form))


def _answer(response: httpx.Response) -> tuple[int, Any, dict[str, str]]:
    headers = {k: v for k, v in response.headers.items() if k not in PER_RESPONSE}
    return response.status_code, response.json(), headers


@pytest.mark.parametrize("forgery", FORGERIES)
@pytest.mark.parametrize("path", ASSERTION_ENDPOINTS)
async def test_forged_assertions_answer_alike_for_every_client_id(
    client: httpx.AsyncClient, world: World, disabled_police: None, forgery: str, path: str
) -> None:
    # Given an assertion that is not validly signed, naming an unknown client
    forge = FORGERIES[forgery]
    # When the same forgery names each kind of existing client, and ids no client can have
    expected = await _assertion_answer(client, path, forge(UNKNOWN))
    answers = {
        client_id: await _assertion_answer(client, path, forge(client_id))
        for client_id in (*EXISTING, *IMPOSSIBLE)
    }
    # Then every answer is the unknown client's: 401 invalid_client, same body, same headers
    assert expected[0] == 401
    assert expected[1] == REFUSED
    assert expected[2]["www-authenticate"].startswith("Basic")
    for client_id, answer in answers.items():
        assert answer == expected, client_id


async def test_a_secret_or_an_id_alone_answers_alike_for_every_client_id(
    client: httpx.AsyncClient, world: World, disabled_police: None
) -> None:
    # Given a wrong secret (Basic) and a client id without a secret, for an unknown id
    async def answers(client_id: str) -> list[tuple[int, Any, dict[str, str]]]:
        basic = await client.post("/oauth2/token", data=CLIENT_CREDENTIALS, auth=(client_id, "x"))
        alone = await client.post(
            "/oauth2/token", data={**CLIENT_CREDENTIALS, "client_id": client_id}
        )
        return [_answer(basic), _answer(alone)]

    expected = await answers(UNKNOWN)
    # When the same requests name each confidential client, and ids no client can have
    # Then the answers are the unknown client's
    assert [status for status, _, _ in expected] == [401, 401]
    assert all(body == REFUSED for _, body, _ in expected)
    for client_id in (*CONFIDENTIAL, *IMPOSSIBLE):
        assert await answers(client_id) == expected, client_id


@pytest.mark.parametrize("named", [UNKNOWN, *EXISTING])
async def test_a_forged_assertion_costs_one_signature_check_whoever_it_names(
    client: httpx.AsyncClient,
    world: World,
    disabled_police: None,
    monkeypatch: pytest.MonkeyPatch,
    named: str,
) -> None:
    # Given a count of the signature checks of client assertions
    checks: list[str] = []
    decode = jose_jwt.decode

    def counted(value: Any, key: Any, *args: Any, **kwargs: Any) -> Any:
        checks.append(type(key).__name__)
        return decode(value, key, *args, **kwargs)

    monkeypatch.setattr(jose_jwt, "decode", counted)
    # When an assertion signed with another key names the client
    status, _, _ = await _assertion_answer(client, "/oauth2/token", _another_key(named))
    # Then one signature check against a key set was made, as for the client that has keys
    assert status == 401
    assert checks == ["KeySet"]


@pytest.mark.parametrize("named", [UNKNOWN, *EXISTING])
async def test_a_wrong_secret_costs_one_hash_whoever_it_names(
    client: httpx.AsyncClient,
    world: World,
    disabled_police: None,
    monkeypatch: pytest.MonkeyPatch,
    named: str,
) -> None:
    # Given a count of the scrypt computations
    hashed: list[bytes] = []
    scrypt = client_secrets._scrypt

    def counted(secret: str, salt: bytes, n: int, r: int, p: int) -> bytes:
        hashed.append(salt)
        return bytes(scrypt(secret, salt, n, r, p))

    monkeypatch.setattr(client_secrets, "_scrypt", counted)
    # When a wrong secret is sent for the client (Basic)
    response = await client.post("/oauth2/token", data=CLIENT_CREDENTIALS, auth=(named, "wrong"))
    # Then it is refused after one scrypt computation, as for a client with a secret
    assert response.status_code == 401
    assert len(hashed) == 1
