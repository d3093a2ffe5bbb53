"""Constructors of ``IdentifierValidation`` so that ``valid`` always agrees with ``errors``."""

from __future__ import annotations

from collections.abc import Iterable

from hub.registry.identifiers.models import (
    IdentifierError,
    IdentifierPart,
    IdentifierScheme,
    IdentifierValidation,
)


def rejected(
    scheme: IdentifierScheme, value: str, errors: Iterable[IdentifierError]
) -> IdentifierValidation:
    """Return the result for a value that cannot be normalised: no normal form, no parts."""
    found = tuple(errors)
    return IdentifierValidation(
        scheme=scheme, value=value, valid=not found, normalized=None, parts=(), errors=found
    )


def outcome(
    scheme: IdentifierScheme,
    value: str,
    normalized: str | None,
    parts: Iterable[IdentifierPart],
    errors: Iterable[IdentifierError],
) -> IdentifierValidation:
    """Return the result for a parsed value; it is valid exactly when ``errors`` is empty."""
    found = tuple(errors)
    return IdentifierValidation(
        scheme=scheme,
        value=value,
        valid=not found,
        normalized=normalized,
        parts=tuple(parts),
        errors=found,
    )


def part(name: str, value: object) -> IdentifierPart:
    """Return a part whose value is ``value`` rendered with ``str``."""
    return IdentifierPart(name, str(value))
