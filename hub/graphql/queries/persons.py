"""``person``: find one person by citizen ID or global id."""

from __future__ import annotations

import strawberry

from hub.errors import Invalid
from hub.graphql.arguments import clean
from hub.graphql.context import Info
from hub.graphql.permissions import check_subject, person_lookup
from hub.graphql.types.global_ids import decode_global_id
from hub.graphql.types.persons import LOOKUP_SCOPES, PERSON_TYPE, Person
from hub.registry.records import service as records
from hub.registry.records.models import Person as PersonRecord


@strawberry.type
class PersonQueries:
    """Queries on persons."""

    @strawberry.field(
        description=(
            "One person by `pin` (12-digit citizen ID) or `id` (global id): give exactly one. "
            "Null when no such person exists and you may read persons; citizens and agencies "
            "acting for a citizen may read only that citizen."
        ),
        extensions=person_lookup(*LOOKUP_SCOPES),
    )
    async def person(
        self, info: Info, pin: str | None = None, id: strawberry.ID | None = None
    ) -> Person | None:
        """Find a person; see ``hub.graphql.permissions`` for the order of checks."""
        record = await _find(info, pin, id)
        check_subject(info.context.principal, None if record is None else record.id)
        return None if record is None else Person(record=record)


async def _find(info: Info, pin: str | None, id: str | None) -> PersonRecord | None:
    if (pin is None) == (id is None):
        raise Invalid("Give exactly one of the arguments 'pin' and 'id'", argument="pin")
    session = info.context.session
    if pin is not None:
        value = clean(pin, "pin").strip()
        if not (len(value) == 12 and value.isascii() and value.isdigit()):
            raise Invalid("Argument 'pin' must be a 12-digit citizen ID", argument="pin")
        return await records.find_by_citizen_id(session, value)
    assert id is not None
    return await records.get(session, decode_global_id(clean(id, "id"), PERSON_TYPE, argument="id"))
