"""Limits on what one GraphQL document may ask: depth, aliases, tokens and cost.

Strawberry ships depth, alias and token limiters but no cost limit; ``QueryCost`` estimates the
number of objects a document can return by multiplying nested page sizes (``first``, default 20),
as Hasura's node limit and Apollo's demand control do, and rejects documents above the budget
before anything runs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationContext,
    VariableNode,
    Visitor,
    visit,
)
from graphql.validation import (
    ASTValidationRule,
    NoSchemaIntrospectionCustomRule,
    ValidationRule,
)
from strawberry.extensions import (
    AddValidationRules,
    MaxTokensLimiter,
    ParserCache,
    SchemaExtension,
    ValidationCache,
)
from strawberry.extensions.max_aliases import create_validator as create_alias_validator
from strawberry.extensions.query_depth_limiter import create_validator as create_depth_validator

from hub.kit.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from hub.settings import Settings

DEFAULT_MAX_COST = 25_000


def depth_rule(max_depth: int) -> type[ValidationRule]:
    """Return strawberry's depth limit as a rule that also survives an empty selection set.

    graphql-core 3.3 parses ``{}`` (the specification's grammar asks for at least one
    selection); strawberry's depth count then fails with ``max()`` of nothing, a 500 where the
    client deserves a validation error. Such a document gets that error, and no depth count.
    """
    counting = create_depth_validator(max_depth, None, None)

    class DepthRule(ValidationRule):
        def __init__(self, context: ValidationContext) -> None:
            super().__init__(context)
            empty = _empty_selection_set(context.document)
            if empty is not None:
                context.report_error(
                    GraphQLError(
                        "A selection set must select at least one field: name the fields "
                        "you want between the braces.",
                        [empty],
                    )
                )
                return
            counting(context)  # strawberry's rule reports what it finds as it is built

    return DepthRule


def _empty_selection_set(document: DocumentNode) -> SelectionSetNode | None:
    found: list[SelectionSetNode] = []

    class Finder(Visitor):
        def enter_selection_set(self, node: SelectionSetNode, *_args: Any) -> None:
            if not node.selections and not found:
                found.append(node)

    visit(document, Finder())
    return found[0] if found else None


def query_cost_rule(max_cost: int) -> type[ValidationRule]:
    """Return a validation rule class that rejects operations costing more than ``max_cost``."""

    class QueryCostRule(ValidationRule):
        def __init__(self, context: ValidationContext) -> None:
            super().__init__(context)
            self._fragments = {
                d.name.value: d
                for d in context.document.definitions
                if isinstance(d, FragmentDefinitionNode)
            }

        def enter_operation_definition(self, node: OperationDefinitionNode, *_args: Any) -> None:
            variables: dict[str, Any] = {}
            cost = self._cost(node.selection_set, variables, depth=0)
            if cost > max_cost:
                name = node.name.value if node.name else "anonymous operation"
                self.report_error(
                    GraphQLError(
                        f"Query cost {cost} of {name} exceeds the limit of {max_cost}: ask "
                        "for smaller pages (`first`) or fewer nested lists.",
                        node,
                        extensions={"code": "LIMIT_EXCEEDED", "cost": cost, "maxCost": max_cost},
                    )
                )

        def _cost(
            self, selection_set: SelectionSetNode | None, variables: dict[str, Any], depth: int
        ) -> int:
            if selection_set is None or depth > 50:
                return 0
            total = 0
            for selection in selection_set.selections:
                if isinstance(selection, FieldNode):
                    inner = self._cost(selection.selection_set, variables, depth + 1)
                    total += 1 + _page_size(selection) * inner
                elif isinstance(selection, InlineFragmentNode):
                    total += self._cost(selection.selection_set, variables, depth + 1)
                elif isinstance(selection, FragmentSpreadNode):
                    fragment = self._fragments.get(selection.name.value)
                    if fragment is not None:
                        total += self._cost(fragment.selection_set, variables, depth + 1)
            return total

    return QueryCostRule


def _page_size(field: FieldNode) -> int:
    for argument in field.arguments or ():
        if argument.name.value == "first":
            if isinstance(argument.value, IntValueNode):
                return max(1, min(int(argument.value.value), MAX_PAGE_SIZE))
            if isinstance(argument.value, VariableNode):
                # The value is unknown at validation time: assume the largest page.
                return MAX_PAGE_SIZE
    selections = field.selection_set.selections if field.selection_set else ()
    is_connection = any(isinstance(s, FieldNode) and s.name.value == "edges" for s in selections)
    return DEFAULT_PAGE_SIZE if is_connection else 1


def extensions(settings: Settings) -> list[Callable[[], SchemaExtension] | type[SchemaExtension]]:
    """Return the schema extensions that enforce the limits and cache parsing and validation.

    With introspection off (``HUB_GRAPHQL_INTROSPECTION``), ``__schema`` and ``__type`` are
    refused by validation; ``__typename`` stays.

    The limit rules are built once here, not per request: the validation cache is keyed on the
    rule classes, and a limiter instance per request would make new classes and miss it every
    time (measured: validation then dominated a lookup).
    """
    size = settings.graphql_cache_size
    rules = validation_rules(settings)
    return [
        lambda: ParserCache(maxsize=size),
        lambda: MaxTokensLimiter(max_token_count=settings.graphql_max_tokens),
        lambda: AddValidationRules(rules),
        lambda: ValidationCache(maxsize=size),
    ]


def validation_rules(settings: Settings) -> list[type[ASTValidationRule]]:
    """Return the hub's validation rules beyond GraphQL's own: depth, aliases, cost and, when
    introspection is off, no ``__schema``/``__type`` (the compiled read path checks them too).
    """
    rules: list[type[ASTValidationRule]] = [
        depth_rule(settings.graphql_max_depth),
        create_alias_validator(settings.graphql_max_aliases),
        query_cost_rule(DEFAULT_MAX_COST),
    ]
    if not settings.introspection_enabled:
        rules.append(NoSchemaIntrospectionCustomRule)
    return rules
