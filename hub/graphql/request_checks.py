"""Request errors the GraphQL validation rules cannot see, raised before anything runs.

- A document with several operations needs ``operationName``: GraphQL over HTTP requires a
  request error, where Strawberry quietly runs the first operation.
- Text in arguments and variables must be text: no control character, no lone surrogate
  (``hub.graphql.arguments.text_errors``).

Either fails the request as a whole before execution starts (status 400 and no ``data`` for
``application/graphql-response+json``).
"""

from __future__ import annotations

from collections.abc import Iterator

from graphql import DocumentNode, GraphQLError, OperationDefinitionNode
from strawberry.extensions import SchemaExtension
from strawberry.types.execution import PreExecutionError

from hub.graphql.arguments import text_errors


class RequestChecks(SchemaExtension):
    """Refuses a valid document with the hub's request errors instead of executing it."""

    def on_execute(self) -> Iterator[None]:
        """Check the request; Strawberry does not execute when a result is already set."""
        context = self.execution_context
        document = context.graphql_document
        if document is not None:
            errors = _operation_errors(document, _provided_operation_name(context))
            errors = errors or text_errors(document, context.query, context.variables)
            if errors:
                context.result = PreExecutionError(data=None, errors=errors)
        yield


def _operation_errors(document: DocumentNode, operation_name: str | None) -> list[GraphQLError]:
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if len(operations) < 2 or operation_name is not None:
        return []
    return [
        GraphQLError(
            "The document holds several operations: name the one to run in `operationName`.",
            nodes=operations,
            extensions={"code": "BAD_USER_INPUT"},
        )
    ]


def _provided_operation_name(context: object) -> str | None:
    # Strawberry's public ``operation_name`` falls back to the first operation's name, which
    # is exactly what must not happen here; the name the request gave is kept privately.
    name = getattr(context, "_provided_operation_name", None)
    return name if isinstance(name, str) else None
