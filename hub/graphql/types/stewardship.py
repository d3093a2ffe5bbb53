"""GraphQL types of stewardship: match tasks and quality issues of every kind of master (the
steward's views of masters are in ``steward_masters``: ids, versions, source records, no
personal values, which stay behind ``Person`` and its access log). All need the
``registry:steward`` scope.
"""

from __future__ import annotations

from datetime import datetime
from enum import Enum

import strawberry

from hub.graphql.context import Info
from hub.graphql.types.global_ids import encode_global_id
from hub.graphql.types.steward_masters import (
    EntityType,
    StewardMaster,
    StewardPerson,
    load_steward_master,
)
from hub.registry.kinds.person import PERSON
from hub.registry.pipeline.golden_models import QualityIssue as QualityIssueRow
from hub.registry.pipeline.match_task_models import MatchTask as MatchTaskRow

MATCH_TASK_TYPE = "MatchTask"


@strawberry.enum(description="What a steward decides about a near match.")
class MatchDecision(Enum):
    """A match-task decision."""

    LINK = strawberry.enum_value(
        "link", description="The record is this master (person, organization, ...): link it."
    )
    NOT_A_MATCH = strawberry.enum_value(
        "not_a_match", description="Not this master: never propose the pair again."
    )


@strawberry.enum(description="Where a match task stands.")
class MatchTaskStatus(Enum):
    """A match-task status."""

    OPEN = strawberry.enum_value("OPEN", description="Waiting for a steward.")
    LINKED = strawberry.enum_value("LINKED", description="Linked by a steward.")
    REJECTED = strawberry.enum_value("REJECTED", description="Declared not a match.")
    OBSOLETE = strawberry.enum_value(
        "OBSOLETE", description="Nothing left to decide (the two masters were merged)."
    )


async def steward_person(info: Info, person_id: str) -> StewardPerson | None:
    """The handle of a person master by registry id, through the person dataloader."""
    found = await info.context.loaders.person_by_id.load(person_id)
    return None if found is None else StewardPerson.of(found)


async def _person_side(info: Info, entity_type: str, master_id: str) -> StewardPerson | None:
    # The person fields predate the other kinds: for those they answer null.
    return await steward_person(info, master_id) if entity_type == PERSON else None


@strawberry.type(description="How one field of a near match compared.")
class FieldComparison:
    """One field comparison of a match (the values compared are not shown)."""

    field: str = strawberry.field(description="Compared field, e.g. `given_name`.")
    level: str = strawberry.field(
        description="Agreement level: exact, close, partial, different or missing."
    )
    weight: float | None = strawberry.field(
        description="Weight the field added to the score (log2 odds)."
    )


@strawberry.type(description="A near match waiting for (or decided by) a steward.")
class MatchTask:
    """A match task."""

    row: strawberry.Private[MatchTaskRow]

    @strawberry.field(description="Global id of the task.")
    def id(self) -> strawberry.ID:
        """The global id."""
        return strawberry.ID(encode_global_id(MATCH_TASK_TYPE, self.row.id))

    @strawberry.field(description="The kind of master the record and the candidate are.")
    def entity_type(self) -> EntityType:
        """The kind."""
        return EntityType(self.row.entity_type)

    @strawberry.field(
        description=(
            "Match score: for persons the probability between the thresholds (0.5 to 0.95); "
            "0.5 for records whose identifiers agree in part (rule `identifier_mixed`)."
        )
    )
    def score(self) -> float:
        """The score."""
        return self.row.score

    @strawberry.field(
        description="Rule that produced the score: `probabilistic` or `identifier_mixed`."
    )
    def rule(self) -> str:
        """The rule."""
        return self.row.rule

    @strawberry.field(description="The task's status.")
    def status(self) -> MatchTaskStatus:
        """The status."""
        return MatchTaskStatus[self.row.status]

    @strawberry.field(description="Version of the task: name it as expectedVersion to decide.")
    def version(self) -> int:
        """The version."""
        return self.row.version

    @strawberry.field(description="Hub id of the source record the task is about.")
    def source_record_id(self) -> strawberry.ID:
        """The source record."""
        return strawberry.ID(self.row.source_record_id)

    @strawberry.field(description="The master the record sits in meanwhile, of any kind.")
    async def record_master(self, info: Info) -> StewardMaster | None:
        """The record's own master."""
        return await load_steward_master(info, self.row.entity_type, self.row.record_master_id)

    @strawberry.field(description="The master the record probably belongs to, of any kind.")
    async def candidate_master(self, info: Info) -> StewardMaster | None:
        """The candidate master."""
        return await load_steward_master(info, self.row.entity_type, self.row.candidate_master_id)

    @strawberry.field(
        description="The person master the record sits in meanwhile (null for other kinds)."
    )
    async def record_person(self, info: Info) -> StewardPerson | None:
        """The record's own master, when a person."""
        return await _person_side(info, self.row.entity_type, self.row.record_master_id)

    @strawberry.field(
        description="The person the record probably is (null for other kinds of master)."
    )
    async def candidate_person(self, info: Info) -> StewardPerson | None:
        """The candidate master, when a person."""
        return await _person_side(info, self.row.entity_type, self.row.candidate_master_id)

    @strawberry.field(description="Per-field comparisons behind the score.")
    def comparisons(self) -> list[FieldComparison]:
        """The comparisons, without the values compared."""
        return [
            FieldComparison(field=str(c["field"]), level=str(c["level"]), weight=c.get("weight"))
            for c in self.row.comparisons
        ]

    @strawberry.field(description="When the task was opened.")
    def created_at(self) -> datetime:
        """The creation time."""
        return self.row.created_at

    @strawberry.field(description="When a steward decided it.")
    def decided_at(self) -> datetime | None:
        """The decision time."""
        return self.row.decided_at

    @strawberry.field(description="Who decided it.")
    def decided_by(self) -> str | None:
        """The deciding steward."""
        return self.row.decided_by


@strawberry.type(description="A data-quality finding.")
class QualityIssue:
    """A quality issue (the values concerned are not shown: read them through `person`)."""

    row: strawberry.Private[QualityIssueRow]

    @strawberry.field(description="The kind of master concerned.")
    def entity_type(self) -> EntityType:
        """The kind."""
        return EntityType(self.row.entity_type)

    @strawberry.field(description="Id of the issue.")
    def id(self) -> strawberry.ID:
        """The id."""
        return strawberry.ID(str(self.row.id))

    @strawberry.field(
        description="CONFLICT, INVALID_IDENTIFIER, UNKNOWN_CODE, DUPLICATE_IDENTIFIER, ..."
    )
    def kind(self) -> str:
        """The kind."""
        return self.row.kind

    @strawberry.field(description="The attribute concerned (source attribute name).")
    def attribute(self) -> str:
        """The attribute."""
        return self.row.attribute

    @strawberry.field(description="Source systems whose values take part.")
    def systems(self) -> list[str]:
        """The systems named by the issue."""
        values = self.row.detail.get("values", ())
        named = {str(v["system"]) for v in values if isinstance(v, dict) and "system" in v}
        if self.row.system is not None:
            named.add(self.row.system)
        return sorted(named)

    @strawberry.field(description="Hub id of the source record concerned, if one.")
    def source_record_id(self) -> strawberry.ID | None:
        """The source record."""
        found = self.row.source_record_id
        return None if found is None else strawberry.ID(found)

    @strawberry.field(description="The master concerned, of any kind, if one.")
    async def master(self, info: Info) -> StewardMaster | None:
        """The master."""
        found = self.row.master_id
        return (
            None if found is None else await load_steward_master(info, self.row.entity_type, found)
        )

    @strawberry.field(description="The person master concerned, if one (null for other kinds).")
    async def person(self, info: Info) -> StewardPerson | None:
        """The master, when a person."""
        found = self.row.master_id
        return None if found is None else await _person_side(info, self.row.entity_type, found)

    @strawberry.field(description="When the issue was found.")
    def opened_at(self) -> datetime:
        """The opening time."""
        return self.row.opened_at

    @strawberry.field(description="When it was resolved (sources agree again), if it was.")
    def resolved_at(self) -> datetime | None:
        """The resolution time."""
        return self.row.resolved_at
