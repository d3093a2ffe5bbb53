"""The steward's view of a master of any kind: id, version, redirect and source records, no
values (personal values stay behind ``Person`` and its access log; the other kinds are read
through their own queries). One ``StewardMaster`` interface, one type per kind of master.
"""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Any, ClassVar, Self

import strawberry

from hub.graphql.context import Info
from hub.graphql.types.global_ids import decode_typed_global_id, encode_global_id
from hub.registry.kinds import KINDS
from hub.registry.kinds.person import PERSON
from hub.registry.pipeline.kind import EntityKind


def type_name(entity_type: str) -> str:
    """The GraphQL type of masters of ``entity_type``, which names them in global ids
    (``land_parcel`` → ``LandParcel``)."""
    return "".join(part.capitalize() for part in entity_type.split("_"))


def _entity(member: Enum) -> str:
    # strawberry.enum_value declares the member; at run time its value is the string.
    return str(member.value)


def _entity_type_enum() -> type[Enum]:
    members = {
        entity.upper(): strawberry.enum_value(entity, description=kind.description)
        for entity, kind in KINDS.items()
    }
    # The functional Enum API takes the members as built here, one per registered kind.
    built = Enum("EntityType", members)  # type: ignore[misc]
    built.entity = property(_entity)  # type: ignore[attr-defined]
    return strawberry.enum(
        built, description="A kind of master record the registry keeps and stewards curate."
    )


if TYPE_CHECKING:

    class EntityType(Enum):
        """A kind of master; the value is the registry's entity type (one member per kind in
        ``KINDS``, named as its entity type in upper case; only those the code names are
        declared here)."""

        PERSON = PERSON

        @property
        def entity(self) -> str:
            """The registry's entity type (``land_parcel``)."""
            return str(self.value)

else:
    EntityType = _entity_type_enum()


TYPE_NAMES: dict[str, str] = {entity: type_name(entity) for entity in KINDS}
"""The GraphQL type whose global ids name masters of each entity type."""

_ENTITY_TYPES = {type_name: entity for entity, type_name in TYPE_NAMES.items()}


def decode_master_id(value: str, argument: str) -> tuple[str, str]:
    """Return ``(entity type, registry id)`` of a master's global id (`Person.id`,
    `Organization.id`, `LandParcel.id`, ...), or raise ``Invalid`` naming ``argument``.
    """
    type_name, key = decode_typed_global_id(value, list(_ENTITY_TYPES), argument=argument)
    return _ENTITY_TYPES[type_name], key


@strawberry.type(description="A source record behind a master, without its values.")
class SourceRecordRef:
    """A source record as stewards see it in the queue."""

    id: strawberry.ID = strawberry.field(
        description="Hub id of the source record (as in provenance; give it to unmerge)."
    )
    system: str = strawberry.field(description="The source system.")
    source_id: str = strawberry.field(description="The record's id in its system.")
    source_updated_at: datetime = strawberry.field(description="The source's own update time.")
    validation_status: str = strawberry.field(description="VALID or FLAGGED.")


@strawberry.interface(
    description=(
        "A master record as stewards handle it, whatever its kind: id, version and source "
        "records. Read its values through the query of its kind (`person(id:)`, which needs "
        "person scopes and is access-logged; `organization(code:)`; `landParcel(...)`)."
    )
)
class StewardMaster:
    """The steward's handle on a master."""

    ENTITY: ClassVar[str] = ""

    master_id: strawberry.Private[str]
    current_version: strawberry.Private[int]
    merged_into: strawberry.Private[str | None]

    @classmethod
    def of(cls, record: Any) -> Self:
        """The handle of a master of this type's kind."""
        return cls(
            master_id=record.id, current_version=record.version, merged_into=record.merged_into_id
        )

    @strawberry.field(
        description="Global id of the master, as its own type gives it (`Person.id`, ...)."
    )
    def id(self) -> strawberry.ID:
        """The global id."""
        return strawberry.ID(encode_global_id(TYPE_NAMES[self.ENTITY], self.master_id))

    @strawberry.field(description="The kind of master.")
    def entity_type(self) -> EntityType:
        """The kind."""
        return EntityType(self.ENTITY)

    @strawberry.field(
        description="Current version: name it as expectedVersion in steward mutations."
    )
    def version(self) -> int:
        """The version."""
        return self.current_version

    @strawberry.field(description="Global id of the survivor, when this master was merged.")
    def merged_into_id(self) -> strawberry.ID | None:
        """The survivor's global id."""
        target = self.merged_into
        if target is None:
            return None
        return strawberry.ID(encode_global_id(TYPE_NAMES[self.ENTITY], target))

    @strawberry.field(description="The source records now linked to this master.")
    async def source_records(self, info: Info) -> list[SourceRecordRef]:
        """The source records, through a dataloader."""
        loader = info.context.loaders.source_records_by_master_id(self.ENTITY)
        return [
            SourceRecordRef(
                id=strawberry.ID(r.id),
                system=r.system,
                source_id=r.source_id,
                source_updated_at=r.source_updated_at,
                validation_status=r.validation_status,
            )
            for r in await loader.load(self.master_id)
        ]


@strawberry.type(
    description=(
        "A person master as stewards handle it. Read its values through `person(id:)`, which "
        "needs person scopes and is access-logged."
    )
)
class StewardPerson(StewardMaster):
    """The steward's handle on a person master (person mutations return it by name)."""

    ENTITY: ClassVar[str] = PERSON


def _steward_type(kind: EntityKind) -> type[StewardMaster]:
    """Return the ``StewardMaster`` type of a kind: ``StewardLandParcel`` for land parcels."""
    if kind.entity_type == PERSON:
        return StewardPerson
    article = "An" if kind.noun[0] in "aeiou" else "A"
    declared = type(
        f"Steward{type_name(kind.entity_type)}",
        (StewardMaster,),
        {"__doc__": f"The steward's handle on a {kind.noun} master.", "ENTITY": kind.entity_type},
    )
    return strawberry.type(
        declared, description=f"{article} {kind.noun} master as stewards handle it."
    )


STEWARD_MASTER_TYPES: tuple[type[StewardMaster], ...] = tuple(
    _steward_type(kind) for kind in KINDS.values()
)
"""The types implementing ``StewardMaster``, one per registered kind (the schema must be told
about them)."""

_VIEWS = {view.ENTITY: view for view in STEWARD_MASTER_TYPES}


def steward_view(entity_type: str, record: Any) -> StewardMaster:
    """The steward's handle on a master record of ``entity_type``."""
    return _VIEWS[entity_type].of(record)


async def load_steward_master(info: Info, entity_type: str, master_id: str) -> StewardMaster | None:
    """The handle of a master by entity type and registry id, through a dataloader; ``None``
    if there is no such master.
    """
    found = await info.context.loaders.master_by_id(entity_type).load(master_id)
    return None if found is None else steward_view(entity_type, found)
