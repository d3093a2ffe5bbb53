"""Steward mutations for every kind of master: decide match tasks, merge and unmerge, override
attributes (and the person-only forms clients already use).

Each needs the ``registry:steward`` scope and a reason, names the version the steward saw
(CONFLICT when the record changed meanwhile), and is written to the steward action log by the
domain services. Masters are named by their global ids, whose type says their kind.
"""

from __future__ import annotations

from typing import Annotated

import strawberry

from hub.errors import Invalid
from hub.graphql.arguments import clean, clean_optional
from hub.graphql.context import Info
from hub.graphql.permissions import steward_only
from hub.graphql.types.global_ids import decode_global_id
from hub.graphql.types.persons import PERSON_TYPE
from hub.graphql.types.provenance import camel
from hub.graphql.types.steward_masters import (
    StewardMaster,
    StewardPerson,
    decode_master_id,
    steward_view,
)
from hub.graphql.types.stewardship import (
    MATCH_TASK_TYPE,
    MatchDecision,
    MatchTask,
)
from hub.registry.kinds import KINDS
from hub.registry.kinds.person import PERSON
from hub.registry.stewardship import merge, overrides, tasks

_ID = "Global id of the master (`Person.id`, `Organization.id`, `LandParcel.id`, ...)."
_VERSION = "The version of the master the steward saw (CONFLICT when it moved since)."
_REASON = "Why: kept with the action in the steward log (not blank)."
_ATTRIBUTE = (
    "The attribute, named as in provenance (camelCase): `fullName`, `birthDate`, `name`, "
    "`taxCode`, `area`, `landUsePurpose`, `clinicName`, `position`, ..."
)
_PERSON_ID = "Use `id`, which takes the id of a master of any kind."


@strawberry.type
class StewardshipMutations:
    """Mutations of data stewards."""

    @strawberry.mutation(
        description=(
            "Decide a match task of any kind of master: LINK the record to the candidate (its "
            "own master then redirects there when left empty), or NOT_A_MATCH (never proposed "
            "again)."
        ),
        extensions=steward_only(),
    )
    async def decide_match_task(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="Global id of the task.")],
        decision: Annotated[MatchDecision, strawberry.argument(description="The decision.")],
        expected_version: Annotated[
            int, strawberry.argument(description="The version of the task the steward saw.")
        ],
        reason: Annotated[str, strawberry.argument(description=_REASON)],
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
            "Merge the loser into the survivor, two masters of the same kind: every source "
            "record moves over, the loser's id redirects to the survivor, the survivor is "
            "recomputed (a parcel's holders and lineage too). Returns the survivor."
        ),
        extensions=steward_only(),
    )
    async def merge_masters(
        self,
        info: Info,
        survivor_id: Annotated[
            strawberry.ID, strawberry.argument(description="The master that stays. " + _ID)
        ],
        loser_id: Annotated[
            strawberry.ID,
            strawberry.argument(description="The master that becomes a redirect, same kind."),
        ],
        survivor_version: Annotated[int, strawberry.argument(description=_VERSION)],
        loser_version: Annotated[int, strawberry.argument(description=_VERSION)],
        reason: Annotated[str, strawberry.argument(description=_REASON)],
    ) -> StewardMaster:
        """Merge two masters."""
        entity_type, survivor = decode_master_id(clean(survivor_id, "survivorId"), "survivorId")
        loser_type, loser = decode_master_id(clean(loser_id, "loserId"), "loserId")
        if loser_type != entity_type:
            raise Invalid(
                "Argument 'loserId' must name a master of the same kind as 'survivorId'",
                argument="loserId",
            )
        merged = await merge.merge_masters(
            info.context.session,
            info.context.principal,
            survivor,
            loser,
            entity_type=entity_type,
            survivor_version=survivor_version,
            loser_version=loser_version,
            reason=clean(reason, "reason"),
        )
        return steward_view(entity_type, merged)

    @strawberry.mutation(
        description=(
            "Split these source records off a master of any kind and recompute both from their "
            "sources. If they came from a master merged into this one, that master (and its "
            "id) is restored. Returns the split-off master."
        ),
        extensions=steward_only(),
    )
    async def unmerge_master(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description=_ID)],
        source_record_ids: Annotated[
            list[strawberry.ID],
            strawberry.argument(description="Hub ids of the source records to split off."),
        ],
        expected_version: Annotated[int, strawberry.argument(description=_VERSION)],
        reason: Annotated[str, strawberry.argument(description=_REASON)],
    ) -> StewardMaster:
        """Split a master."""
        entity_type, master_id = decode_master_id(clean(id, "id"), "id")
        split = await merge.unmerge_master(
            info.context.session,
            info.context.principal,
            master_id,
            [clean(s, "sourceRecordIds") for s in source_record_ids],
            entity_type=entity_type,
            expected_version=expected_version,
            reason=clean(reason, "reason"),
        )
        return steward_view(entity_type, split)

    @strawberry.mutation(
        description=(
            "Merge two persons (as `mergeMasters` with person ids). Returns the survivor."
        ),
        extensions=steward_only(),
    )
    async def merge_persons(
        self,
        info: Info,
        survivor_id: Annotated[
            strawberry.ID, strawberry.argument(description="The person that stays.")
        ],
        loser_id: Annotated[
            strawberry.ID, strawberry.argument(description="The person that becomes a redirect.")
        ],
        survivor_version: Annotated[int, strawberry.argument(description=_VERSION)],
        loser_version: Annotated[int, strawberry.argument(description=_VERSION)],
        reason: Annotated[str, strawberry.argument(description=_REASON)],
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
            "Split these source records off the person (as `unmergeMaster` with a person id). "
            "Returns the split-off person."
        ),
        extensions=steward_only(),
    )
    async def unmerge_person(
        self,
        info: Info,
        person_id: Annotated[
            strawberry.ID, strawberry.argument(description="Global id of the person.")
        ],
        source_record_ids: Annotated[
            list[strawberry.ID],
            strawberry.argument(description="Hub ids of the source records to split off."),
        ],
        expected_version: Annotated[int, strawberry.argument(description=_VERSION)],
        reason: Annotated[str, strawberry.argument(description=_REASON)],
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
            "Set an attribute of a master of any kind to a value that wins survivorship until "
            "cleared; a null or missing value forces it empty. The value is checked as a source "
            "value of that kind is (dates, codes, identifiers); list attributes (rightHolders, "
            "splitFrom, mergedFrom) take JSON text. Returns the master."
        ),
        extensions=steward_only(),
    )
    async def override_attribute(
        self,
        info: Info,
        attribute: Annotated[str, strawberry.argument(description=_ATTRIBUTE)],
        expected_version: Annotated[int, strawberry.argument(description=_VERSION)],
        reason: Annotated[str, strawberry.argument(description=_REASON)],
        value: Annotated[
            str | None, strawberry.argument(description="The value; null forces it empty.")
        ] = None,
        id: Annotated[strawberry.ID | None, strawberry.argument(description=_ID)] = None,
        person_id: Annotated[
            strawberry.ID | None,
            strawberry.argument(
                description="Global id of a person.", deprecation_reason=_PERSON_ID
            ),
        ] = None,
    ) -> StewardMaster:
        """Override one attribute."""
        entity_type, master_id = _master(id, person_id)
        master = await overrides.override_attribute(
            info.context.session,
            info.context.principal,
            master_id,
            _attribute(entity_type, attribute),
            clean_optional(value, "value"),
            expected_version=expected_version,
            reason=clean(reason, "reason"),
            entity_type=entity_type,
        )
        return steward_view(entity_type, master)

    @strawberry.mutation(
        description=(
            "Clear an override on a master of any kind: survivorship decides the attribute "
            "again. Returns the master."
        ),
        extensions=steward_only(),
    )
    async def clear_override(
        self,
        info: Info,
        attribute: Annotated[str, strawberry.argument(description=_ATTRIBUTE)],
        expected_version: Annotated[int, strawberry.argument(description=_VERSION)],
        reason: Annotated[str, strawberry.argument(description=_REASON)],
        id: Annotated[strawberry.ID | None, strawberry.argument(description=_ID)] = None,
        person_id: Annotated[
            strawberry.ID | None,
            strawberry.argument(
                description="Global id of a person.", deprecation_reason=_PERSON_ID
            ),
        ] = None,
    ) -> StewardMaster:
        """Clear one override."""
        entity_type, master_id = _master(id, person_id)
        master = await overrides.clear_override(
            info.context.session,
            info.context.principal,
            master_id,
            _attribute(entity_type, attribute),
            expected_version=expected_version,
            reason=clean(reason, "reason"),
            entity_type=entity_type,
        )
        return steward_view(entity_type, master)


def _person_id(value: str, argument: str) -> str:
    return decode_global_id(clean(value, argument), PERSON_TYPE, argument=argument)


def _master(id: str | None, person_id: str | None) -> tuple[str, str]:
    if id is not None and person_id is None:
        return decode_master_id(clean(id, "id"), "id")
    if person_id is not None and id is None:
        return PERSON, _person_id(person_id, "personId")
    raise Invalid("Give exactly one of the arguments 'id' and 'personId'", argument="id")


def _attribute(entity_type: str, name: str) -> str:
    names = {camel(a): a for a in KINDS[entity_type].attributes}
    attribute = names.get(clean(name, "attribute"))
    if attribute is None:
        known = ", ".join(sorted(names))
        raise Invalid(f"Argument 'attribute' must be one of {known}", argument="attribute")
    return attribute
