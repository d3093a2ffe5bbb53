"""Steward mutations of trusted documents: register, remove, and hold a client to them."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from hub.errors import Invalid
from hub.graphql.arguments import clean, text_problem
from hub.graphql.context import Info
from hub.graphql.permissions import steward_only
from hub.trusted_documents import service
from hub.trusted_documents.models import TrustedDocument as TrustedDocumentRow

_CLIENT = "The client's id."


@strawberry.type(description="A GraphQL document a client may run by its id.")
class TrustedDocument:
    """One registered document."""

    row: strawberry.Private[TrustedDocumentRow]

    @strawberry.field(description="The id to send as `documentId`: `sha256:` and the hex hash.")
    def id(self) -> str:
        """The document's id."""
        return f"sha256:{self.row.sha256}"

    @strawberry.field(description="The client that may run it.")
    def client_id(self) -> str:
        """The client's id."""
        return self.row.client_id

    @strawberry.field(description="The document's text, exactly as registered.")
    def document(self) -> str:
        """The text."""
        return self.row.document

    @strawberry.field(description="When it was registered (UTC).")
    def created_at(self) -> datetime:
        """Registration time."""
        return self.row.created_at


def _document(value: str) -> str:
    # A document may be long (not `clean`'s 256 characters) but is plain text.
    problem = text_problem(value)
    if problem is not None:
        raise Invalid(f"Argument 'document' {problem}", argument="document")
    return value


@strawberry.type
class TrustedDocumentMutations:
    """Mutations of trusted documents (stewards)."""

    @strawberry.mutation(
        description=(
            "Register a GraphQL document for a client, which may then run it by its id "
            "(`documentId`, or extensions.persistedQuery.sha256Hash). Registering it again "
            "returns the same document."
        ),
        extensions=steward_only(),
    )
    async def register_trusted_document(
        self,
        info: Info,
        client_id: Annotated[str, strawberry.argument(description=_CLIENT)],
        document: Annotated[str, strawberry.argument(description="The document's text.")],
    ) -> TrustedDocument:
        """Register one document."""
        row = await service.add_document(
            info.context.session, clean(client_id, "clientId"), _document(document)
        )
        return TrustedDocument(row=row)

    @strawberry.mutation(
        description="Remove one of a client's trusted documents; NOT_FOUND when it has none.",
        extensions=steward_only(),
    )
    async def remove_trusted_document(
        self,
        info: Info,
        client_id: Annotated[str, strawberry.argument(description=_CLIENT)],
        document_id: Annotated[str, strawberry.argument(description="`sha256:<hex>`.")],
    ) -> bool:
        """Remove one document."""
        await service.remove_document(
            info.context.session, clean(client_id, "clientId"), clean(document_id, "documentId")
        )
        return True

    @strawberry.mutation(
        description=(
            "Hold a client to its trusted documents (`only: true`: any other document is "
            "refused with TRUSTED_DOCUMENTS_ONLY), or release it."
        ),
        extensions=steward_only(),
    )
    async def set_trusted_documents_only(
        self,
        info: Info,
        client_id: Annotated[str, strawberry.argument(description=_CLIENT)],
        only: Annotated[bool, strawberry.argument(description="Hold (true) or release.")],
    ) -> bool:
        """Hold or release the client; returns ``only``."""
        await service.set_trusted_documents_only(
            info.context.session, clean(client_id, "clientId"), only
        )
        return only
