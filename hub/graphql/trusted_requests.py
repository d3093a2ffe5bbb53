"""Run a request by the id of a trusted document, and hold trusted-documents-only clients to them.

A request names a document by ``documentId`` (the GraphQL trusted-documents proposal; a POST
member or a GET parameter) or by ``extensions.persistedQuery.sha256Hash`` (Apollo's persisted
queries, APQ-style body). The document is looked up among those registered for the caller's
client (``hub graphql documents add``, or the steward mutation ``registerTrustedDocument``);
the hub never registers a document a request sends.

Answers (JSON errors with a code, as every request error):

- an id that names no document of the caller's client: 400, ``PERSISTED_QUERY_NOT_FOUND``
  (Apollo's code, so an APQ client that may send documents falls back to sending the text);
- a malformed id: 400, ``BAD_USER_INPUT``;
- a document sent as text by a client held to its trusted documents, or a text that is not
  the document its id names: 403 / 400, ``TRUSTED_DOCUMENTS_ONLY`` / ``BAD_USER_INPUT``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from starlette.types import Scope
from strawberry.http import GraphQLRequestData

from hub.errors import Invalid
from hub.http.session import request_session, state
from hub.principals.principal import ANONYMOUS, Principal
from hub.trusted_documents.service import (
    document_hash,
    find_document,
    parse_document_id,
    trusted_documents_only,
)

NOT_FOUND = "PERSISTED_QUERY_NOT_FOUND"
ONLY = "TRUSTED_DOCUMENTS_ONLY"


class TrustedDocumentRefused(Exception):
    """A request the trusted-documents rules refuse: its HTTP status, code and message."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


@dataclass
class HubRequestData(GraphQLRequestData):
    """A GraphQL request with the ``documentId`` member of the trusted-documents proposal."""

    document_id: str | None = None


def requested_id(data: GraphQLRequestData) -> str | None:
    """The document id a request names, by ``documentId`` or APQ's ``sha256Hash``."""
    if isinstance(data, HubRequestData) and data.document_id is not None:
        return data.document_id
    persisted: Any = (data.extensions or {}).get("persistedQuery")
    if isinstance(persisted, dict) and isinstance(persisted.get("sha256Hash"), str):
        return str(persisted["sha256Hash"])
    return None


async def resolve(scope: Scope, data: GraphQLRequestData) -> GraphQLRequestData:
    """Fill in the document a request names; refuse what its client may not send."""
    principal: Principal = state(scope).get("principal", ANONYMOUS)
    client_id = principal.client_id
    document_id = requested_id(data)
    if document_id is None:
        if client_id is not None and await _only(scope, client_id):
            raise TrustedDocumentRefused(
                403,
                ONLY,
                f"Client {client_id!r} runs only its trusted documents: send `documentId` "
                "(or extensions.persistedQuery.sha256Hash) instead of the document.",
            )
        return data
    try:
        sha256 = parse_document_id(document_id)
    except Invalid as error:
        raise TrustedDocumentRefused(400, "BAD_USER_INPUT", error.message) from None
    document = None
    if client_id is not None:
        document = await find_document(request_session(scope), client_id, sha256)
    if document is None:
        raise TrustedDocumentRefused(
            400,
            NOT_FOUND,
            f"PersistedQueryNotFound: no trusted document {sha256} is registered for this "
            "client (register it with `hub graphql documents add` or registerTrustedDocument).",
        )
    if data.query is not None and document_hash(data.query) != sha256:
        raise TrustedDocumentRefused(
            400, "BAD_USER_INPUT", "The document sent is not the one its id names."
        )
    return replace(data, query=document)


async def _only(scope: Scope, client_id: str) -> bool:
    return await trusted_documents_only(request_session(scope), client_id)
