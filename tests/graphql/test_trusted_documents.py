"""Trusted documents over HTTP: run by id (documentId, APQ hash), unknown ids, clients held to
their documents, and the steward mutations."""

from __future__ import annotations

import hashlib

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from hub.auth.agencies import create_agency
from hub.auth.clients import ClientRegistration, create_client
from hub.auth.keys import ensure_signing_key
from hub.trusted_documents.service import add_document, set_trusted_documents_only

AGENCY = "G12.18"
READER = "unit-reader"
STEWARD = "document-steward"
SECRET = "trusted-documents-secret"
DOCUMENT = '{ administrativeUnit(code: "01", asOf: "2025-07-01") { name } }'
DOCUMENT_ID = "sha256:" + hashlib.sha256(DOCUMENT.encode()).hexdigest()
HANOI = {"data": {"administrativeUnit": {"name": "Thành phố Hà Nội"}}}
REGISTER = """
mutation ($client: String!, $document: String!) {
  registerTrustedDocument(clientId: $client, document: $document) { id clientId }
}
"""
HOLD = "mutation ($client: String!) { setTrustedDocumentsOnly(clientId: $client, only: true) }"
REMOVE = """
mutation ($client: String!, $id: String!) { removeTrustedDocument(clientId: $client, documentId: $id) }
"""


async def _clients(session: AsyncSession) -> None:
    await create_agency(session, code=AGENCY, name="Cục Cảnh sát")
    for client_id, scopes in ((READER, "organization:read"), (STEWARD, "registry:steward")):
        await create_client(
            session,
            ClientRegistration(
                name=client_id,
                agency_code=AGENCY,
                scopes=scopes,
                grant_types=["client_credentials"],
                client_id=client_id,
                secret=SECRET,
            ),
        )
    await ensure_signing_key(session)


async def _bearer(client: httpx.AsyncClient, client_id: str) -> dict[str, str]:
    response = await client.post(
        "/oauth2/token", auth=(client_id, SECRET), data={"grant_type": "client_credentials"}
    )
    assert response.status_code == 200, response.text
    return {"authorization": f"Bearer {response.json()['access_token']}"}


def _code(response: httpx.Response) -> str:
    code: str = response.json()["errors"][0]["extensions"]["code"]
    return code


async def test_a_registered_document_runs_by_its_id_or_its_apq_hash(
    session: AsyncSession, client: httpx.AsyncClient
) -> None:
    # Given a client with one registered document
    await _clients(session)
    await add_document(session, READER, DOCUMENT)
    await session.commit()
    bearer = await _bearer(client, READER)
    # When it sends the id, by documentId (POST and GET) and as an APQ hash
    by_id = await client.post("/graphql", json={"documentId": DOCUMENT_ID}, headers=bearer)
    by_get = await client.get("/graphql", params={"documentId": DOCUMENT_ID}, headers=bearer)
    apq = {"persistedQuery": {"version": 1, "sha256Hash": DOCUMENT_ID.removeprefix("sha256:")}}
    by_hash = await client.post("/graphql", json={"extensions": apq}, headers=bearer)
    # Then each runs the document
    for response in (by_id, by_get, by_hash):
        assert response.status_code == 200, response.text
        assert response.json() == HANOI


async def test_an_unknown_or_malformed_id_is_refused_with_a_code(
    session: AsyncSession, client: httpx.AsyncClient
) -> None:
    # Given a client with no document, and another client's document
    await _clients(session)
    await add_document(session, STEWARD, DOCUMENT)
    await session.commit()
    bearer = await _bearer(client, READER)
    # When it sends the other client's id, an id anonymously, a malformed id, a mismatched text
    unknown = await client.post("/graphql", json={"documentId": DOCUMENT_ID}, headers=bearer)
    anonymous = await client.post("/graphql", json={"documentId": DOCUMENT_ID})
    malformed = await client.post("/graphql", json={"documentId": "sha256:xyz"}, headers=bearer)
    # Then each gets 400 with its code, and no data
    assert (unknown.status_code, _code(unknown)) == (400, "PERSISTED_QUERY_NOT_FOUND")
    assert (anonymous.status_code, _code(anonymous)) == (400, "PERSISTED_QUERY_NOT_FOUND")
    assert (malformed.status_code, _code(malformed)) == (400, "BAD_USER_INPUT")
    assert "data" not in unknown.json()


async def test_a_text_not_matching_its_id_is_refused(
    session: AsyncSession, client: httpx.AsyncClient
) -> None:
    # Given a client with one registered document
    await _clients(session)
    await add_document(session, READER, DOCUMENT)
    await session.commit()
    bearer = await _bearer(client, READER)
    # When it sends the id with another text
    body = {"documentId": DOCUMENT_ID, "query": "{ __typename }"}
    response = await client.post("/graphql", json=body, headers=bearer)
    # Then it is refused
    assert (response.status_code, _code(response)) == (400, "BAD_USER_INPUT")


async def test_a_trusted_documents_only_client_runs_nothing_else(
    session: AsyncSession, client: httpx.AsyncClient
) -> None:
    # Given a client held to its one registered document
    await _clients(session)
    await add_document(session, READER, DOCUMENT)
    await set_trusted_documents_only(session, READER, True)
    await session.commit()
    bearer = await _bearer(client, READER)
    # When it sends a document as text, even the registered one, and then the id
    other = await client.post("/graphql", json={"query": "{ __typename }"}, headers=bearer)
    same = await client.post("/graphql", json={"query": DOCUMENT}, headers=bearer)
    by_id = await client.post("/graphql", json={"documentId": DOCUMENT_ID}, headers=bearer)
    # Then texts are refused with a clear code, and the id runs
    assert (other.status_code, _code(other)) == (403, "TRUSTED_DOCUMENTS_ONLY")
    assert "documentId" in other.json()["errors"][0]["message"]
    assert (same.status_code, _code(same)) == (403, "TRUSTED_DOCUMENTS_ONLY")
    assert by_id.json() == HANOI


async def test_a_steward_registers_holds_and_removes(
    session: AsyncSession, client: httpx.AsyncClient
) -> None:
    # Given a steward client and a reader client
    await _clients(session)
    await session.commit()
    steward = await _bearer(client, STEWARD)
    reader = await _bearer(client, READER)
    # When the steward registers a document for the reader and holds it to its documents
    variables = {"client": READER, "document": DOCUMENT}
    registered = await client.post(
        "/graphql", json={"query": REGISTER, "variables": variables}, headers=steward
    )
    held = await client.post(
        "/graphql", json={"query": HOLD, "variables": {"client": READER}}, headers=steward
    )
    # Then the reader runs it by id, and nothing else
    assert registered.json()["data"]["registerTrustedDocument"] == {
        "id": DOCUMENT_ID,
        "clientId": READER,
    }
    assert held.json() == {"data": {"setTrustedDocumentsOnly": True}}
    by_id = await client.post("/graphql", json={"documentId": DOCUMENT_ID}, headers=reader)
    assert by_id.json() == HANOI
    # And once removed, its id is unknown; removing it again is NOT_FOUND
    removal = {"query": REMOVE, "variables": {"client": READER, "id": DOCUMENT_ID}}
    removed = await client.post("/graphql", json=removal, headers=steward)
    again = await client.post("/graphql", json=removal, headers=steward)
    assert removed.json() == {"data": {"removeTrustedDocument": True}}
    assert _code(again) == "NOT_FOUND"
    gone = await client.post("/graphql", json={"documentId": DOCUMENT_ID}, headers=reader)
    assert _code(gone) == "PERSISTED_QUERY_NOT_FOUND"


async def test_only_stewards_register_and_bad_documents_are_refused(
    session: AsyncSession, client: httpx.AsyncClient
) -> None:
    # Given a steward and a reader
    await _clients(session)
    await session.commit()
    steward = await _bearer(client, STEWARD)
    reader = await _bearer(client, READER)
    # When the reader registers a document, and the steward registers bad ones
    by_reader = await client.post(
        "/graphql",
        json={"query": REGISTER, "variables": {"client": READER, "document": DOCUMENT}},
        headers=reader,
    )
    bad = [
        await client.post(
            "/graphql",
            json={"query": REGISTER, "variables": {"client": client_id, "document": text}},
            headers=steward,
        )
        for client_id, text in ((READER, "{ oops"), (READER, "  "), ("nobody", DOCUMENT))
    ]
    # Then the reader is forbidden, and each bad one gets its code
    assert _code(by_reader) == "FORBIDDEN"
    assert [_code(response) for response in bad] == [
        "BAD_USER_INPUT",
        "BAD_USER_INPUT",
        "NOT_FOUND",
    ]
