"""Fixture data and flows of the authorization-server tests, built through the product's services."""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import jwt
from joserfc import jwt as jose_jwt
from joserfc.jwk import ECKey
from sqlalchemy.ext.asyncio import AsyncSession

from hub.auth.agencies import create_agency
from hub.auth.client_metadata import TOKEN_EXCHANGE
from hub.auth.clients import ClientRegistration, create_client
from hub.auth.purposes import create_purpose
from hub.principals.principal import AssuranceLevel, Principal, PrincipalKind
from hub.registry.kinds.person import service as records
from hub.registry.kinds.person.models import Person

ISSUER = "http://127.0.0.1:8000"
TOKEN_URL = ISSUER + "/oauth2/token"
API_AUDIENCE = ISSUER + "/graphql"
AGENCY = "H01.05"
OTHER_AGENCY = "G01.08"
PURPOSE = "land-registration"
OTHER_PURPOSE = "criminal-investigation"
LAND_OFFICE = "land-office"
LAND_OFFICE_SECRET = "land-office-secret-for-tests"
POLICE = "police"
POLICE_SECRET = "police-secret-for-tests"
SIGNED = "signed-agency"
PORTAL = "portal"
REDIRECT_URI = ISSUER + "/auth/portal/callback"
LAND_SCOPES = "person.identity:read person.address:read land:read"
PORTAL_SCOPES = "person.identity:read person.address:read land:read health:read"
CITIZEN_ACR = "urn:lienthong:loa:2"
GRAPHQL_TYPENAME = {"query": "{ __typename }"}


@dataclass(frozen=True)
class World:
    """The clients, keys and persons of one test."""

    alice: Person
    bob: Person
    signing_key: ECKey


async def build_world(session: AsyncSession) -> World:
    """Two agencies, two purposes, four clients (secret, private_key_jwt, public), two persons."""
    await create_agency(session, code=AGENCY, name="Văn phòng Đăng ký đất đai (test)")
    await create_agency(session, code=OTHER_AGENCY, name="Cảnh sát điều tra (test)")
    await create_purpose(
        session, code=PURPOSE, description_vi="Đăng ký đất đai", description_en="Land registration"
    )
    await create_purpose(
        session, code=OTHER_PURPOSE, description_vi="Điều tra", description_en="Investigation"
    )
    await create_client(
        session,
        ClientRegistration(
            client_id=LAND_OFFICE,
            name="Land office system",
            agency_code=AGENCY,
            scopes=LAND_SCOPES,
            purposes=[PURPOSE],
            grant_types=[
                "client_credentials",
                TOKEN_EXCHANGE,
                "authorization_code",
                "refresh_token",
            ],
            redirect_uris=[ISSUER + "/land/callback"],
            secret=LAND_OFFICE_SECRET,
        ),
    )
    await create_client(
        session,
        ClientRegistration(
            client_id=POLICE,
            name="Police case system",
            agency_code=OTHER_AGENCY,
            scopes="person.identity:read",
            purposes=[OTHER_PURPOSE],
            grant_types=["client_credentials", TOKEN_EXCHANGE],
            secret=POLICE_SECRET,
        ),
    )
    key = ECKey.generate_key("P-256", parameters={"kid": "agency-key-1"}, private=True)
    await create_client(
        session,
        ClientRegistration(
            client_id=SIGNED,
            name="Agency with a key",
            agency_code=AGENCY,
            scopes="land:read",
            auth_method="private_key_jwt",
            jwks={"keys": [key.as_dict(private=False)]},
        ),
    )
    await create_client(
        session,
        ClientRegistration(
            client_id=PORTAL,
            name="Citizen portal",
            agency_code=None,
            scopes=PORTAL_SCOPES,
            auth_method="none",
            redirect_uris=[REDIRECT_URI],
        ),
    )
    alice = await records.ensure_person(
        session, citizen_id="001190000001", full_name="Nguyễn Thị Lan", birth_date=date(1990, 3, 14)
    )
    bob = await records.ensure_person(
        session, citizen_id="079085000002", full_name="Trần Văn Bình", birth_date=date(1985, 7, 1)
    )
    await session.commit()
    return World(alice=alice, bob=bob, signing_key=key)


def citizen_principal(person: Person) -> Principal:
    """The principal of ``person`` signed in at level 2 (to grant consents)."""
    return Principal(
        kind=PrincipalKind.CITIZEN,
        person_id=person.id,
        subject=person.id,
        assurance=AssuranceLevel.LEVEL_2,
    )


def client_assertion(
    key: ECKey,
    *,
    client_id: str = SIGNED,
    audience: str = TOKEN_URL,
    jti: str | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> str:
    """An RFC 7523 client assertion signed with ``key`` (``overrides`` replace claims)."""
    now = int(time.time())
    claims = {
        "iss": client_id,
        "sub": client_id,
        "aud": audience,
        "iat": now,
        "exp": now + 60,
        "jti": jti or str(uuid.uuid4()),
        **(overrides or {}),
    }
    return jose_jwt.encode({"alg": "ES256", "kid": key.kid}, claims, key)


def assertion_form(key: ECKey, **kwargs: Any) -> dict[str, str]:
    """The client-authentication parameters of a private_key_jwt request."""
    return {
        "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        "client_assertion": client_assertion(key, **kwargs),
    }


def pkce_pair() -> tuple[str, str]:
    """A PKCE verifier and its S256 challenge."""
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def claims_of(token: str) -> dict[str, Any]:
    """The claims of a JWT, unverified (the tests check what the hub put in)."""
    claims: dict[str, Any] = jwt.decode(token, options={"verify_signature": False})
    return claims


def query_of(location: str) -> dict[str, str]:
    """The query parameters of a redirect."""
    return {name: values[0] for name, values in parse_qs(urlsplit(location).query).items()}


def unix(moment: datetime) -> int:
    """Seconds since the epoch."""
    return int(moment.astimezone(UTC).timestamp())


@dataclass(frozen=True)
class Authorization:
    """The outcome of a browser-side authorization: the redirect's parameters and the verifier."""

    params: dict[str, str]
    verifier: str


async def authorize(
    client: httpx.AsyncClient,
    *,
    client_id: str = PORTAL,
    redirect_uri: str = REDIRECT_URI,
    scope: str = "openid land:read",
    decision: str = "allow",
    nonce: str | None = "n-0S6_WzA2Mj",
) -> Authorization:
    """Walk the signed-in citizen through the consent page and return the redirect."""
    verifier, challenge = pkce_pair()
    params = {
        "response_type": "code",
        "client_id": client_id,
        "redirect_uri": redirect_uri,
        "scope": scope,
        "state": "af0ifjsldkj",
        "code_challenge": challenge,
        "code_challenge_method": "S256",
    }
    if nonce:
        params["nonce"] = nonce
    page = await client.get("/oauth2/authorize", params=params)
    assert page.status_code == 200, page.text
    answer = await client.post(
        "/oauth2/authorize", data={"consent_id": consent_id_of(page.text), "decision": decision}
    )
    assert answer.status_code == 303, answer.text
    return Authorization(query_of(answer.headers["location"]), verifier)


def consent_id_of(page: str) -> str:
    """The CSRF token of a consent page."""
    found = re.search(r'name="consent_id" value="([^"]+)"', page)
    assert found is not None, page
    return found.group(1)


async def redeem(
    client: httpx.AsyncClient,
    authorization: Authorization,
    *,
    client_id: str = PORTAL,
    redirect_uri: str = REDIRECT_URI,
) -> httpx.Response:
    """Exchange the code of ``authorization`` at the token endpoint (public client)."""
    return await client.post(
        "/oauth2/token",
        data={
            "grant_type": "authorization_code",
            "code": authorization.params["code"],
            "redirect_uri": redirect_uri,
            "code_verifier": authorization.verifier,
            "client_id": client_id,
        },
    )


async def client_token(
    client: httpx.AsyncClient,
    scope: str = "land:read",
    *,
    client_id: str = LAND_OFFICE,
    secret: str = LAND_OFFICE_SECRET,
) -> str:
    """An access token of a client for itself (client_credentials, client_secret_basic)."""
    response = await client.post(
        "/oauth2/token",
        data={"grant_type": "client_credentials", "scope": scope},
        auth=(client_id, secret),
    )
    assert response.status_code == 200, response.text
    token: str = response.json()["access_token"]
    return token


async def graphql_status(client: httpx.AsyncClient, token: str) -> httpx.Response:
    """A trivial GraphQL request with ``token`` as bearer."""
    return await client.post(
        "/graphql", json=GRAPHQL_TYPENAME, headers={"Authorization": f"Bearer {token}"}
    )


def unauthenticated(message: str) -> dict[str, Any]:
    """The body of a 401 from the authentication middleware."""
    return {"errors": [{"message": message, "extensions": {"code": "UNAUTHENTICATED"}}]}


def authorization_request(**overrides: str) -> dict[str, str]:
    """The portal's authorization request (PKCE S256, state "xyz"), with ``overrides``."""
    _, challenge = pkce_pair()
    params = {
        "response_type": "code",
        "client_id": PORTAL,
        "redirect_uri": REDIRECT_URI,
        "scope": "openid land:read",
        "state": "xyz",
        "code_challenge": challenge,
        "code_challenge_method": "S256",
    }
    return {**params, **overrides}
