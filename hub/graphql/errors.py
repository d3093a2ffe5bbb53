"""One place that gives every GraphQL error a code from the closed set and a safe message.

Codes: UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, BAD_USER_INPUT, PURPOSE_REQUIRED, LIMIT_EXCEEDED,
CONFLICT, UNAVAILABLE, INTERNAL. Unexpected exceptions are logged and answered with INTERNAL and a reference,
never with their message or a stack trace.
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field

from graphql import (
    ArgumentNode,
    DocumentNode,
    GraphQLError,
    Node,
    StringValueNode,
    VariableNode,
    visit,
)
from graphql.language import Visitor
from strawberry.extensions import SchemaExtension
from strawberry.types import ExecutionResult, StreamExecutionResult

from hub.errors import HubError

logger = logging.getLogger("hub.graphql")

_LIMIT_MARKERS = ("exceeds maximum operation depth", "aliases found", "token", "query cost")


class ErrorCodes(SchemaExtension):
    """Rewrites the errors of a result: code, argument name, masking of internal errors."""

    def on_operation(self) -> Iterator[None]:
        """Post-process the errors once the operation has run (or failed validation)."""
        self._streamed = False
        yield
        result = self.execution_context.result
        errors = getattr(result, "errors", None)
        if result is None or not errors or self._streamed:
            return
        document = self.execution_context.graphql_document
        result.errors = [_coded(error, document) for error in errors]

    def on_stream_result(self, result: StreamExecutionResult) -> Iterator[None]:
        """Code the errors of a streamed (WebSocket) result before it is sent.

        A streamed result leaves before ``on_operation`` resumes: without this, WebSocket
        clients got errors without a code, and unexpected exceptions' messages unmasked.
        """
        self._streamed = True
        if isinstance(result, ExecutionResult) and result.errors:
            document = self.execution_context.graphql_document
            result.errors = [_coded(error, document) for error in result.errors]
        yield


def coded(error: GraphQLError, document: DocumentNode | None) -> GraphQLError:
    """Return ``error`` with ``extensions.code`` set and an internal error's details hidden."""
    return _coded(error, document)


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
        message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        original_error=None,
        extensions=extensions,
    )


def _name_argument(message: str, nodes: list[Node] | None, document: DocumentNode | None) -> str:
    """Prefix a value error with the argument it concerns.

    Validation errors point at the value's AST node. Input-coercion errors of custom scalars
    (a malformed ``Date``) carry no node, so the argument is found from the quoted literal or the
    ``$variable`` the message names.
    """
    if document is None:
        return message
    names = _argument_names(document)
    for node in nodes or ():
        argument = names.by_node.get(id(node))
        if argument is not None:
            return _prefixed(argument, message)
    variable = _VARIABLE.match(message)
    if variable and variable.group(1) in names.by_variable:
        return _prefixed(names.by_variable[variable.group(1)], message)
    for literal, argument in names.by_literal.items():
        if f'"{literal}"' in message:
            return _prefixed(argument, message)
    return message


def _prefixed(argument: str, message: str) -> str:
    if f"'{argument}'" in message:
        return message
    return f"Argument '{argument}' has an invalid value: {message}"


_VARIABLE = re.compile(r"^Variable '\$(\w+)'")


@dataclass
class _ArgumentNames:
    by_node: dict[int, str] = field(default_factory=dict)
    by_variable: dict[str, str] = field(default_factory=dict)
    by_literal: dict[str, str] = field(default_factory=dict)


def _argument_names(document: DocumentNode) -> _ArgumentNames:
    """Map value nodes, variables and string literals to the argument they are given to."""
    found = _ArgumentNames()

    class Collector(Visitor):
        def enter_argument(self, node: ArgumentNode, *_args: object) -> None:
            name = node.name.value
            found.by_node[id(node.value)] = name
            found.by_node[id(node)] = name
            if isinstance(node.value, VariableNode):
                found.by_variable[node.value.name.value] = name
            elif isinstance(node.value, StringValueNode):
                found.by_literal[node.value.value] = name

    visit(document, Collector())
    return found
