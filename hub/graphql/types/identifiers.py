"""GraphQL types of identifier validation."""

from __future__ import annotations

import strawberry

from hub.registry.identifiers.models import IdentifierScheme, IdentifierValidation

IdentifierSchemeType = strawberry.enum(
    IdentifierScheme,
    name="IdentifierScheme",
    description="Identifier schemes exchanged between Vietnamese public systems.",
)


@strawberry.type(description="A named part decoded from an identifier.")
class IdentifierPart:
    """One decoded part."""

    name: str = strawberry.field(description='Name of the part, e.g. "birthYear".')
    value: str = strawberry.field(description="Its value.")


@strawberry.type(description="Why a value is not a valid identifier of its scheme.")
class IdentifierValidationError:
    """One validation error."""

    code: str = strawberry.field(description='Stable error code, e.g. "INVALID_CHECK_DIGIT".')
    message: str = strawberry.field(description="What was expected and what was found.")


@strawberry.type(
    name="IdentifierValidation",
    description="Result of validating an identifier: an invalid value is a normal answer, not an error.",
)
class IdentifierValidationType:
    """A validation result."""

    scheme: IdentifierScheme = strawberry.field(description="The scheme validated against.")
    value: str = strawberry.field(description="The value as given.")
    valid: bool = strawberry.field(description="True when the value has no error.")
    normalized: str | None = strawberry.field(
        description="Canonical form (spaces removed, upper case, standard separators); null when it cannot be normalised."
    )
    parts: list[IdentifierPart] = strawberry.field(
        description="Parts decoded from the value (for a citizen ID: registration province, century, sex, birth year)."
    )
    errors: list[IdentifierValidationError] = strawberry.field(description="Every error found.")

    @classmethod
    def of(cls, result: IdentifierValidation) -> IdentifierValidationType:
        """Convert a domain validation."""
        return cls(
            scheme=result.scheme,
            value=result.value,
            valid=result.valid,
            normalized=result.normalized,
            parts=[IdentifierPart(name=p.name, value=p.value) for p in result.parts],
            errors=[
                IdentifierValidationError(code=e.code, message=e.message) for e in result.errors
            ],
        )
