"""One place that gives every GraphQL error a code from the closed set and a safe message.

Codes: UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, BAD_USER_INPUT, PURPOSE_REQUIRED, LIMIT_EXCEEDED,
CONFLICT, INTERNAL. Unexpected exceptions are logged and answered with INTERNAL and a reference,
never with their message or a stack trace.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator

from graphql import ArgumentNode, DocumentNode, GraphQLError, Node, VariableNode, visit
from graphql.language import Visitor
from strawberry.extensions import SchemaExtension

from hub.errors import HubError

logger = logging.getLogger("hub.graphql")

_LIMIT_MARKERS = ("exceeds maximum operation depth", "aliases found", "token", "query cost")


class ErrorCodes(SchemaExtension):
    """Rewrites the errors of a result: code, argument name, masking of internal errors."""

    def on_operation(self) -> Iterator[None]:
        """Post-process the errors once the operation has run (or failed validation)."""
        yield
        result = self.execution_context.result
        errors = getattr(result, "errors", None)
        if result is None or not errors:
            return
        document = self.execution_context.graphql_document
        result.errors = [_coded(error, document) for error in errors]


def _coded(error: GraphQLError, document: DocumentNode | None) -> GraphQLError:
    original = error.original_error
    extensions = dict(error.extensions or {})
    message = error.message
    if isinstance(original, HubError):
        extensions["code"] = original.code
        message = original.message
    elif original is None or isinstance(original, GraphQLError):
        # Parse and validation errors (and limiter errors, which are validation errors too).
        if "code" not in extensions:
            lowered = message.lower()
            limited = any(marker in lowered for marker in _LIMIT_MARKERS)
            extensions["code"] = "LIMIT_EXCEEDED" if limited else "BAD_USER_INPUT"
        if extensions["code"] == "BAD_USER_INPUT":
            message = _name_argument(message, error.nodes, document)
    else:
        reference = uuid.uuid4().hex[:12]
        logger.error("internal error %s", reference, exc_info=original)
        extensions["code"] = "INTERNAL"
        extensions["reference"] = reference
        message = f"Internal error (reference {reference})."
    return GraphQLError(
        message, nodes=error.nodes, source=error.source, positions=error.positions,
        path=error.path, original_error=None, extensions=extensions,
    )


def _name_argument(message: str, nodes: list[Node] | None, document: DocumentNode | None) -> str:
    """Prefix a value error with the argument it concerns, found from the error's AST node."""
    if not nodes or document is None:
        return message
    names = _argument_names(document)
    for node in nodes:
        argument = names.get(id(node))
        if argument is not None and argument not in message:
            return f"Argument '{argument}' has an invalid value: {message}"
    return message


def _argument_names(document: DocumentNode) -> dict[int, str]:
    """Map each value node (and each variable reference) to the argument it is given to."""
    found: dict[int, str] = {}

    class Collector(Visitor):
        def enter_argument(self, node: ArgumentNode, *_args: object) -> None:
            found[id(node.value)] = node.name.value
            found[id(node)] = node.name.value
            if isinstance(node.value, VariableNode):
                found[id(node.value)] = node.name.value

    visit(document, Collector())
    return found
