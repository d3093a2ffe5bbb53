"""Checks on raw GraphQL arguments before they reach the domain.

``clean`` checks one argument in a resolver. ``text_errors`` checks every string of a request
at once, literals and variables alike, before anything runs: a control character or a lone
surrogate anywhere is refused naming the argument that holds it, so that no resolver, and no
database, ever sees one (a lone surrogate cannot even be encoded for the database).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    ArgumentNode,
    DocumentNode,
    GraphQLError,
    Node,
    StringValueNode,
    VariableNode,
    Visitor,
    visit,
)

from hub.errors import Invalid
from hub.kit.text import first_lone_surrogate, has_control_characters

MAX_ARGUMENT_LENGTH = 256


def clean(value: str, argument: str) -> str:
    """Return ``value`` or raise ``Invalid`` naming ``argument`` if it is not plain text."""
    problem = text_problem(value)
    if problem is not None:
        raise Invalid(f"Argument '{argument}' {problem}", argument=argument)
    if len(value) > MAX_ARGUMENT_LENGTH:
        raise Invalid(
            f"Argument '{argument}' must be at most {MAX_ARGUMENT_LENGTH} characters",
            argument=argument,
        )
    return value


def clean_optional(value: str | None, argument: str) -> str | None:
    """Like ``clean`` for an optional argument."""
    return None if value is None else clean(value, argument)


def text_problem(value: str) -> str | None:
    """Say what is wrong with ``value`` as text ("must not ..."), or None when nothing is."""
    surrogate = first_lone_surrogate(value)
    if surrogate is not None:
        return f"must be Unicode text, without a lone surrogate (U+{ord(surrogate):04X})"
    if has_control_characters(value):
        return "must not contain control characters"
    return None


def text_errors(
    document: DocumentNode, source: str | None, variables: Mapping[str, Any] | None
) -> list[GraphQLError]:
    """Return one BAD_USER_INPUT error per argument or variable holding text that is refused.

    ``source`` is the document's text: the document is walked only when its text, or a
    variable, holds something to refuse (a ``\\u`` escape may spell a control character).
    """
    refused = {
        name: problem
        for name, value in (variables or {}).items()
        if (problem := next(filter(None, map(text_problem, _strings(value))), None))
    }
    suspect_source = source is None or "\\u" in source or text_problem(source) is not None
    if not refused and not suspect_source:
        return []
    uses = _string_uses(document)
    errors: dict[str, GraphQLError] = {}
    for subject, literal in uses.literals:
        problem = text_problem(literal.value)
        if problem is not None and subject not in errors:
            errors[subject] = _error(f"{subject} {problem}", literal)
    for name, problem in refused.items():
        argument = uses.argument_of_variable.get(name)
        subject = f"Variable '${name}'" if argument is None else f"Argument '{argument}'"
        errors.setdefault(subject, _error(f"{subject} {problem}", None))
    return list(errors.values())


def _error(message: str, node: Node | None) -> GraphQLError:
    return GraphQLError(message, nodes=node, extensions={"code": "BAD_USER_INPUT"})


@dataclass
class _StringUses:
    literals: list[tuple[str, StringValueNode]] = field(default_factory=list)
    argument_of_variable: dict[str, str] = field(default_factory=dict)


def _string_uses(document: DocumentNode) -> _StringUses:
    """Find string literals and variables with the argument they stand in (if any)."""
    found = _StringUses()
    arguments: list[str] = []

    class Collector(Visitor):
        def enter_argument(self, node: ArgumentNode, *_args: object) -> None:
            arguments.append(node.name.value)

        def leave_argument(self, *_args: object) -> None:
            arguments.pop()

        def enter_string_value(self, node: StringValueNode, *_args: object) -> None:
            # Outside an argument, a string is the default value of a variable.
            subject = f"Argument '{arguments[0]}'" if arguments else "A default value"
            found.literals.append((subject, node))

        def enter_variable(self, node: VariableNode, *_args: object) -> None:
            if arguments:
                found.argument_of_variable.setdefault(node.name.value, arguments[0])

    visit(document, Collector())
    return found


def _strings(value: object) -> Iterator[str]:
    """Yield every string in a JSON value, keys included, without recursion."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            yield item
        elif isinstance(item, Mapping):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list | tuple):
            pending.extend(item)
