"""Steward mutations: decide match tasks, merge and unmerge persons, override attributes.

Each needs the ``registry:steward`` scope and a reason, names the version the steward saw
(CONFLICT when the record changed meanwhile), and is written to the steward action log by the
domain services.
"""

from __future__ import annotations

import strawberry

from hub.errors import Invalid
from hub.graphql.arguments import clean, clean_optional
from hub.graphql.context import Info
from hub.graphql.types.global_ids import decode_global_id
from hub.graphql.types.persons import PERSON_TYPE
from hub.graphql.types.provenance import PERSON_ATTRIBUTES
from hub.graphql.types.stewardship import (
    MATCH_TASK_TYPE,
    MatchDecision,
    MatchTask,
    StewardPerson,
    steward_only,
)
from hub.registry.stewardship import merge, overrides, tasks

_ATTRIBUTES = {name: attribute for attribute, (name, _) in PERSON_ATTRIBUTES.items()}


@strawberry.type
class StewardshipMutations:
    """Mutations of data stewards."""

    @strawberry.mutation(
        description=(
            "Decide a match task: LINK the record to the candidate person (its own master then "
            "redirects there), or NOT_A_MATCH (never proposed again)."
        ),
        extensions=steward_only(),
    )
    async def decide_match_task(
        self,
        info: Info,
        id: strawberry.ID,
        decision: MatchDecision,
        expected_version: int,
        reason: str,
    ) -> MatchTask:
        """Decide one task."""
        task_id = decode_global_id(clean(id, "id"), MATCH_TASK_TYPE, argument="id")
        row = await tasks.decide_match_task(
            info.context.session,
            info.context.principal,
            task_id,
            tasks.TaskDecision[decision.name],
            expected_version=expected_version,
            reason=clean(reason, "reason"),
        )
        return MatchTask(row=row)

    @strawberry.mutation(
        description=(
            "Merge the loser into the survivor: every source record moves over, the loser's id "
            "redirects to the survivor. Returns the survivor."
        ),
        extensions=steward_only(),
    )
    async def merge_persons(
        self,
        info: Info,
        survivor_id: strawberry.ID,
        loser_id: strawberry.ID,
        survivor_version: int,
        loser_version: int,
        reason: str,
    ) -> StewardPerson:
        """Merge two persons."""
        survivor = await merge.merge_persons(
            info.context.session,
            info.context.principal,
            _person_id(survivor_id, "survivorId"),
            _person_id(loser_id, "loserId"),
            survivor_version=survivor_version,
            loser_version=loser_version,
            reason=clean(reason, "reason"),
        )
        return StewardPerson.of(survivor)

    @strawberry.mutation(
        description=(
            "Split these source records off the person and recompute both from their sources. "
            "If they came from a person merged into this one, that person (and its id) is "
            "restored. Returns the split-off person."
        ),
        extensions=steward_only(),
    )
    async def unmerge_person(
        self,
        info: Info,
        person_id: strawberry.ID,
        source_record_ids: list[strawberry.ID],
        expected_version: int,
        reason: str,
    ) -> StewardPerson:
        """Split a person."""
        split = await merge.unmerge_person(
            info.context.session,
            info.context.principal,
            _person_id(person_id, "personId"),
            [clean(s, "sourceRecordIds") for s in source_record_ids],
            expected_version=expected_version,
            reason=clean(reason, "reason"),
        )
        return StewardPerson.of(split)

    @strawberry.mutation(
        description=(
            "Set an attribute (named as in provenance: fullName, birthDate (ISO date), sex "
            "(MALE/FEMALE), addressStreet, ...) to a value that wins survivorship until cleared; "
            "a null or missing value forces it empty. Returns the person."
        ),
        extensions=steward_only(),
    )
    async def override_attribute(
        self,
        info: Info,
        person_id: strawberry.ID,
        attribute: str,
        expected_version: int,
        reason: str,
        value: str | None = None,
    ) -> StewardPerson:
        """Override one attribute."""
        person = await overrides.override_attribute(
            info.context.session,
            info.context.principal,
            _person_id(person_id, "personId"),
            _attribute(attribute),
            clean_optional(value, "value"),
            expected_version=expected_version,
            reason=clean(reason, "reason"),
        )
        return StewardPerson.of(person)

    @strawberry.mutation(
        description="Clear an override: survivorship decides the attribute again.",
        extensions=steward_only(),
    )
    async def clear_override(
        self,
        info: Info,
        person_id: strawberry.ID,
        attribute: str,
        expected_version: int,
        reason: str,
    ) -> StewardPerson:
        """Clear one override."""
        person = await overrides.clear_override(
            info.context.session,
            info.context.principal,
            _person_id(person_id, "personId"),
            _attribute(attribute),
            expected_version=expected_version,
            reason=clean(reason, "reason"),
        )
        return StewardPerson.of(person)


def _person_id(value: str, argument: str) -> str:
    return decode_global_id(clean(value, argument), PERSON_TYPE, argument=argument)


def _attribute(name: str) -> str:
    attribute = _ATTRIBUTES.get(clean(name, "attribute"))
    if attribute is None:
        known = ", ".join(sorted(_ATTRIBUTES))
        raise Invalid(f"Argument 'attribute' must be one of {known}", argument="attribute")
    return attribute
