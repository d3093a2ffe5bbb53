"""Documents parsed and validated once, by hash and operation name.

A document is a candidate for the compiled path only when it parses within the token limit,
passes GraphQL's validation and the hub's limits (``hub.graphql.limits``), and names one query
operation without fragments or directives. Anything else (including every invalid document)
is remembered as "not compiled" and goes through the resolvers, which give the errors.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

from graphql import (
    DirectiveNode,
    DocumentNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
    Visitor,
    parse,
    specified_rules,
    validate,
    visit,
)
from graphql.language.visitor import BREAK
from graphql.validation import ASTValidationRule


@dataclass(frozen=True)
class Operation:
    """One query operation of a valid document."""

    key: tuple[str, str | None]
    document: DocumentNode
    operation: OperationDefinitionNode

    @property
    def name(self) -> str | None:
        """The operation's name, as the access log records it."""
        return self.operation.name.value if self.operation.name else None


class _Unsupported(Visitor):
    """Finds what the planner does not compile: fragments and directives."""

    found = False

    def enter(self, node: object, *_args: object) -> object:
        if isinstance(node, FragmentSpreadNode | InlineFragmentNode | DirectiveNode):
            self.found = True
            return BREAK
        return None


class Documents:
    """A bounded cache of parsed and validated query operations."""

    def __init__(
        self,
        schema: GraphQLSchema,
        rules: Sequence[type[ASTValidationRule]],
        *,
        max_tokens: int,
        size: int,
    ) -> None:
        self.schema = schema
        self.rules = [*specified_rules, *rules]
        self.max_tokens = max_tokens
        self.size = size
        self._cache: OrderedDict[tuple[str, str | None], Operation | None] = OrderedDict()

    def get(self, query: str, operation_name: str | None) -> Operation | None:
        """Return the operation to compile, or None when the resolvers must run it."""
        digest = hashlib.sha256(query.encode("utf-8", "surrogatepass")).hexdigest()
        cache_key = (digest, operation_name)
        if cache_key in self._cache:
            self._cache.move_to_end(cache_key)
            return self._cache[cache_key]
        found = self._load(cache_key, query, operation_name)
        self._cache[cache_key] = found
        if len(self._cache) > self.size:
            self._cache.popitem(last=False)
        return found

    def _load(
        self, cache_key: tuple[str, str | None], query: str, operation_name: str | None
    ) -> Operation | None:
        try:
            document = parse(query, max_tokens=self.max_tokens)
        except GraphQLError:
            return None
        if validate(self.schema, document, self.rules):
            return None
        operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
        if len(operations) != len(document.definitions):
            return None  # fragment definitions
        if len(operations) > 1 and operation_name is None:
            return None
        chosen = [
            o
            for o in operations
            if operation_name is None or (o.name is not None and o.name.value == operation_name)
        ]
        if len(chosen) != 1 or chosen[0].operation is not OperationType.QUERY:
            return None
        unsupported = _Unsupported()
        visit(chosen[0], unsupported)
        if unsupported.found:
            return None
        return Operation(key=cache_key, document=document, operation=chosen[0])
