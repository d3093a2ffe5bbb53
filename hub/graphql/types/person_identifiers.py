"""A person's identifiers as a list of scheme and value (``Person.identifiers``)."""

from __future__ import annotations

from enum import Enum

import strawberry


@strawberry.enum(description="Kinds of person identifiers.")
class PersonIdentifierScheme(Enum):
    """The identifier schemes a golden person may carry."""

    CITIZEN_ID = strawberry.enum_value(
        "CITIZEN_ID", description="12-digit citizen ID (số định danh cá nhân)."
    )
    SOCIAL_INSURANCE_NUMBER = strawberry.enum_value(
        "SOCIAL_INSURANCE_NUMBER", description="10-digit social insurance number (mã số BHXH)."
    )


@strawberry.type(description="One identifier of a person.")
class PersonIdentifier:
    """An identifier and its scheme."""

    scheme: PersonIdentifierScheme = strawberry.field(description="Which kind of identifier.")
    value: str = strawberry.field(description="The identifier.")
