"""``person``: find one person by citizen ID or global id, now or as the hub knew them then;
``persons``: search persons by filter.
"""

from __future__ import annotations

from datetime import date, datetime

import strawberry

from hub.errors import Forbidden, Invalid
from hub.graphql.arguments import clean, clean_optional
from hub.graphql.context import Info
from hub.graphql.permissions import check_subject, person_lookup
from hub.graphql.types.connection import Connection, connection_from_page, page_of
from hub.graphql.types.global_ids import decode_global_id
from hub.graphql.types.persons import LOOKUP_SCOPES, PERSON_TYPE, Person
from hub.kit.pagination import encode_cursor
from hub.principals.principal import PrincipalKind
from hub.principals.scopes import Scope
from hub.registry.browse import service as browse
from hub.registry.kinds.person import service as records
from hub.registry.kinds.person.history import PersonSnapshot, person_as_of
from hub.registry.kinds.person.models import Person as PersonRecord


@strawberry.input(description="Filters of `persons`; give at least one, all given must hold.")
class PersonFilter:
    """Search criteria for persons."""

    citizen_id: str | None = strawberry.field(default=None, description="12-digit citizen ID.")
    name: str | None = strawberry.field(
        default=None,
        description=(
            "The start of the full name, family name first or given name first, ignoring "
            'case, diacritics and spacing ("nguyen van" and "an" find "Nguyễn Văn An").'
        ),
    )
    birth_date: date | None = strawberry.field(default=None, description="Date of birth.")
    commune_code: str | None = strawberry.field(
        default=None,
        description=(
            "5-digit commune code of the permanent address; a pre-2025 code and its 2025 "
            "successor find the same persons."
        ),
    )


@strawberry.type
class PersonQueries:
    """Queries on persons."""

    @strawberry.field(
        description=(
            "One person by `pin` (12-digit citizen ID) or `id` (global id): give exactly one. "
            "Null when no such person exists and you may read persons; citizens and agencies "
            "acting for a citizen may read only that citizen. The id of a person merged into "
            "another resolves to the survivor (`wasMerged: true`). With `asOf` (a time with "
            "offset), the record as the hub knew it then (its record time); null if the hub "
            "did not know the person yet."
        ),
        extensions=person_lookup(*LOOKUP_SCOPES),
    )
    async def person(
        self,
        info: Info,
        pin: str | None = None,
        id: strawberry.ID | None = None,
        as_of: datetime | None = None,
    ) -> Person | None:
        """Find a person; see ``hub.graphql.permissions`` for the order of checks."""
        if as_of is not None and as_of.tzinfo is None:
            raise Invalid("Argument 'asOf' needs a time zone offset", argument="asOf")
        record = await _find(info, pin, id)
        requested: str | None = None
        if record is not None and record.merged_into_id is not None:
            requested = record.id
            record = await records.resolve(info.context.session, record.id)
        check_subject(info.context.principal, None if record is None else record.id)
        if record is None:
            return None
        if as_of is None:
            return Person(record=record, requested_id=requested)
        snapshot = await person_as_of(info.context.session, record.id, as_of)
        if snapshot is None:
            return None
        return Person(
            record=_past(snapshot),
            as_of=as_of,
            snapshot_provenance=snapshot.provenance,
            requested_id=requested,
        )

    @strawberry.field(
        description=(
            "Persons matching a filter, ordered by registry id (agency clients with "
            "person.identity:read and a purpose). Every person returned is in the access log "
            "for the fields read."
        ),
        extensions=person_lookup(Scope.PERSON_IDENTITY_READ),
    )
    async def persons(
        self,
        info: Info,
        filter: PersonFilter,
        first: int | None = 20,
        after: str | None = None,
    ) -> Connection[Person]:
        """Search persons."""
        if info.context.principal.kind is not PrincipalKind.CLIENT:
            raise Forbidden("Only agency clients acting on their own may search persons.")
        request = page_of(info, first, after)
        criteria = _criteria(filter)
        page = await browse.search_persons(info.context.session, criteria, request)
        return connection_from_page(
            page, lambda r: Person(record=r), lambda r: encode_cursor(r.id), info=info, after=after
        )


def _criteria(given: PersonFilter) -> browse.PersonFilter:
    citizen_id = clean_optional(given.citizen_id, "citizenId")
    if citizen_id is not None:
        citizen_id = _digits(citizen_id, 12, "citizenId")
    commune = clean_optional(given.commune_code, "communeCode")
    if commune is not None:
        commune = _digits(commune, 5, "communeCode")
    name = clean_optional(given.name, "name")
    if name is not None and not name.strip():
        raise Invalid("Argument 'name' must not be blank", argument="name")
    criteria = browse.PersonFilter(
        citizen_id=citizen_id, name=name, birth_date=given.birth_date, commune_code=commune
    )
    if criteria == browse.PersonFilter():
        raise Invalid("Give at least one filter", argument="filter")
    return criteria


def _digits(value: str, length: int, argument: str) -> str:
    value = value.strip()
    if not (len(value) == length and value.isascii() and value.isdigit()):
        raise Invalid(f"Argument '{argument}' must be {length} digits", argument=argument)
    return value


def _past(snapshot: PersonSnapshot) -> PersonRecord:
    # Never added to the session: a detached copy that only carries the past values.
    return PersonRecord(
        id=snapshot.person_id,
        citizen_id=snapshot.citizen_id,
        social_insurance_number=snapshot.social_insurance_number,
        full_name=snapshot.full_name or "",
        birth_date=snapshot.birth_date,
        sex=snapshot.sex,
        phone=snapshot.phone,
        email=snapshot.email,
        address_commune_code=snapshot.address_commune_code,
        address_street=snapshot.address_street,
        ethnic_group=snapshot.ethnic_group,
        version=snapshot.version,
        merged_into_id=snapshot.merged_into_id,
    )


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
