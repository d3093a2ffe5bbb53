"""Agencies, purposes and clients: what the services accept and refuse."""

from __future__ import annotations

from typing import Any

import pytest
from joserfc.jwk import ECKey
from sqlalchemy.ext.asyncio import AsyncSession

from hub.auth.agencies import create_agency, list_agencies
from hub.auth.client_secrets import verify_client_secret
from hub.auth.clients import (
    ClientRegistration,
    client_standing,
    create_client,
    disable_client,
    get_client,
    list_clients,
    rotate_client_secret,
    set_client_purpose,
)
from hub.auth.purposes import create_purpose, list_purposes
from hub.errors import Conflict, Invalid, NotFound

TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange"


async def _registry(session: AsyncSession) -> None:
    await create_agency(session, code="000.00.18.G12", name="Bảo hiểm xã hội (test)")
    await create_purpose(
        session,
        code="health-insurance-claim",
        description_vi="Thanh toán bảo hiểm y tế",
        description_en="Health-insurance claims",
        legal_basis="Luật Bảo hiểm y tế",
    )


async def test_agency_code_is_stored_in_the_decision_20_form(session: AsyncSession) -> None:
    # Given an agency code written in the QCVN 102 form
    # When the agency is registered
    agency = await create_agency(session, code="000.00.18.G12", name="Bảo hiểm xã hội (test)")
    # Then its code is the Decision-20 form, and a second registration conflicts
    assert agency.code == "G12.18"
    assert [a.code for a in await list_agencies(session)] == ["G12.18"]
    with pytest.raises(Conflict):
        await create_agency(session, code="G12.18", name="again")


async def test_malformed_agency_code_is_refused(session: AsyncSession) -> None:
    # Given a code that is no agency code
    # When an agency is registered with it
    # Then the validator's reason is given
    with pytest.raises(Invalid, match="invalid agency code 'Z12'"):
        await create_agency(session, code="Z12", name="x")


async def test_purpose_code_must_be_kebab_case(session: AsyncSession) -> None:
    # Given a purpose code with spaces and capitals
    # Then it is refused
    with pytest.raises(Invalid, match="lower-case letters and digits"):
        await create_purpose(
            session, code="Land Registration", description_vi="a", description_en="b"
        )


async def test_client_gets_a_secret_shown_once_and_stored_hashed(session: AsyncSession) -> None:
    # Given an agency and a purpose
    await _registry(session)
    # When a client is registered (agency in the QCVN form)
    created = await create_client(
        session,
        ClientRegistration(
            name="Claims system",
            agency_code="000.00.18.G12",
            scopes="person.identity:read health:read",
            purposes=["health-insurance-claim"],
        ),
    )
    # Then it gets an id and a secret, and only a salted hash of the secret is stored
    record = created.record
    assert created.secret
    assert record.client.agency_code == "G12.18"
    assert record.client.secret_hash is not None
    assert created.secret not in record.client.secret_hash
    assert verify_client_secret(created.secret, record.client.secret_hash)
    assert record.client.grant_types == ["client_credentials"]
    assert record.client.scope == "health:read person.identity:read"
    assert dict(record.purposes) == {"health-insurance-claim": 0}
    assert record.agency_name == "Bảo hiểm xã hội (test)"


async def test_same_secret_hashes_differently(session: AsyncSession) -> None:
    # Given two clients registered with the same secret
    await _registry(session)
    hashes = [
        (
            await create_client(
                session,
                ClientRegistration(
                    name=f"c{n}", agency_code="G12.18", scopes="", secret="same-secret"
                ),
            )
        ).record.client.secret_hash
        for n in range(2)
    ]
    # Then their stored hashes differ (a salt per secret)
    assert hashes[0] != hashes[1]


@pytest.mark.parametrize(
    ("changes", "error", "message"),
    [
        ({"scopes": "land:read nope:read"}, Invalid, "unknown scope 'nope:read'"),
        ({"purposes": ["no-such-purpose"]}, NotFound, "unknown purpose 'no-such-purpose'"),
        ({"agency_code": "G99.99"}, NotFound, "unknown agency 'G99.99'"),
        ({"agency_code": "??"}, Invalid, "invalid agency code"),
        ({"agency_code": None}, Invalid, "a confidential client needs an agency"),
        ({"auth_method": "client_secret_post"}, Invalid, "unknown auth method"),
        ({"grant_types": ["password"]}, Invalid, "unknown grant type 'password'"),
        ({"grant_types": ["implicit"]}, Invalid, "unknown grant type 'implicit'"),
        ({"grant_types": ["authorization_code"]}, Invalid, "needs a redirect URI"),
        (
            {"grant_types": ["authorization_code"], "redirect_uris": ["http://portal.example/cb"]},
            Invalid,
            "must use https",
        ),
        (
            {"grant_types": ["authorization_code"], "redirect_uris": ["https://p.example/cb#x"]},
            Invalid,
            "without fragment",
        ),
        ({"auth_method": "private_key_jwt"}, Invalid, "needs a JWKS"),
        ({"client_id": "a b"}, Invalid, "client id must be"),
    ],
)
async def test_client_registration_refusals(
    session: AsyncSession, changes: dict[str, Any], error: type[Exception], message: str
) -> None:
    # Given an agency and a purpose
    await _registry(session)
    arguments: dict[str, Any] = {"name": "x", "agency_code": "G12.18", "scopes": "land:read"}
    # When a client is registered with one bad argument
    # Then it is refused with a message naming the problem
    with pytest.raises(error, match=message):
        await create_client(session, ClientRegistration(**{**arguments, **changes}))


async def test_public_client_may_only_use_the_code_flow(session: AsyncSession) -> None:
    # Given nothing registered
    # When a public client asks for client_credentials
    # Then it is refused
    with pytest.raises(Invalid, match="public client"):
        await create_client(
            session,
            ClientRegistration(
                name="app",
                agency_code=None,
                scopes="",
                auth_method="none",
                grant_types=["client_credentials"],
            ),
        )


async def test_private_key_jwt_client_keeps_only_public_keys(session: AsyncSession) -> None:
    # Given an agency and a key pair
    await _registry(session)
    key = ECKey.generate_key("P-256", parameters={"kid": "k"}, private=True)
    # When the private key set is offered, then the public one
    with pytest.raises(Invalid, match="public keys only"):
        await create_client(
            session,
            ClientRegistration(
                name="x",
                agency_code="G12.18",
                scopes="",
                auth_method="private_key_jwt",
                jwks={"keys": [key.as_dict(private=True)]},
            ),
        )
    created = await create_client(
        session,
        ClientRegistration(
            name="x",
            agency_code="G12.18",
            scopes="",
            auth_method="private_key_jwt",
            jwks={"keys": [key.as_dict(private=False)]},
        ),
    )
    # Then the client has no secret and keeps the public key set
    assert created.secret is None
    assert created.record.client.jwks == {"keys": [key.as_dict(private=False)]}


async def test_secret_rotation_disable_and_purposes(session: AsyncSession) -> None:
    # Given a registered client
    await _registry(session)
    created = await create_client(
        session,
        ClientRegistration(
            name="x",
            agency_code="G12.18",
            scopes="health:read",
            client_id="claims",
            grant_types=["client_credentials", "token-exchange"],
        ),
    )
    assert created.record.client.grant_types == ["client_credentials", TOKEN_EXCHANGE]
    # When its secret is rotated
    new_secret = await rotate_client_secret(session, "claims")
    stored = await get_client(session, "claims")
    assert stored is not None
    # Then only the new secret matches
    assert verify_client_secret(new_secret, stored.client.secret_hash)
    assert created.secret is not None
    assert not verify_client_secret(created.secret, stored.client.secret_hash)
    # When a purpose with a 30-day disclosure delay is set, then the client disabled
    await set_client_purpose(session, "claims", "health-insurance-claim", disclosure_delay_days=30)
    disabled = await disable_client(session, "claims")
    # Then the purpose and the state are kept
    assert dict(disabled.purposes) == {"health-insurance-claim": 30}
    assert not disabled.enabled
    standing = await client_standing(session, "claims")
    assert not standing.enabled
    assert standing.purposes == frozenset({"health-insurance-claim"})
    assert [r.client_id for r in await list_clients(session)] == ["claims"]
    assert [p.code for p in await list_purposes(session)] == ["health-insurance-claim"]


async def test_unknown_client_and_purpose_are_refused(session: AsyncSession) -> None:
    # Given a client and no purpose "unknown"
    await _registry(session)
    await create_client(
        session, ClientRegistration(name="x", agency_code="G12.18", scopes="", client_id="claims")
    )
    # Then operations on missing things say what is missing
    with pytest.raises(NotFound, match="unknown client 'nobody'"):
        await disable_client(session, "nobody")
    with pytest.raises(NotFound, match="unknown purpose 'unknown'"):
        await set_client_purpose(session, "claims", "unknown")
    with pytest.raises(Invalid, match="disclosure delay"):
        await set_client_purpose(
            session, "claims", "health-insurance-claim", disclosure_delay_days=-1
        )
    assert not (await client_standing(session, "nobody")).enabled
