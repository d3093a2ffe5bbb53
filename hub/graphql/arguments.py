"""Checks on raw GraphQL arguments before they reach the domain."""

from __future__ import annotations

from hub.errors import Invalid
from hub.kit.text import has_control_characters

MAX_ARGUMENT_LENGTH = 256


def clean(value: str, argument: str) -> str:
    """Return ``value`` or raise ``Invalid`` naming ``argument`` if it holds control characters."""
    if has_control_characters(value):
        raise Invalid(
            f"Argument '{argument}' must not contain control characters", argument=argument
        )
    if len(value) > MAX_ARGUMENT_LENGTH:
        raise Invalid(
            f"Argument '{argument}' must be at most {MAX_ARGUMENT_LENGTH} characters",
            argument=argument,
        )
    return value


def clean_optional(value: str | None, argument: str) -> str | None:
    """Like ``clean`` for an optional argument."""
    return None if value is None else clean(value, argument)
