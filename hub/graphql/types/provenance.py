"""Where a golden value came from, and the rule that shows a person's provenance and history
attribute by attribute: each entry only to callers who may read that attribute's group.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

import strawberry

from hub.graphql.access_logging import current_reads
from hub.graphql.context import Info
from hub.graphql.permissions import PERSON_ATTRIBUTES, current_principal, usable_scopes
from hub.registry.pipeline.golden_models import GoldenProvenance

ORGANIZATION_ATTRIBUTES: dict[str, str] = {
    "agency_code": "agencyCode",
    "tax_code": "taxCode",
    "name": "name",
    "parent_code": "parentCode",
    "commune_code": "communeCode",
}
"""Golden organization attributes and their name in provenance and history."""


@strawberry.type(description="Where the current value of one attribute came from.")
class ProvenanceEntry:
    """The provenance of one golden attribute."""

    attribute: str = strawberry.field(
        description="The golden attribute, e.g. `fullName`, `addressCommuneCode`, `taxCode`."
    )
    system: str = strawberry.field(
        description="Source system that supplied the value; `steward` for a steward override."
    )
    source_record_id: str | None = strawberry.field(
        description="Hub id of the source record behind the value (null for an override)."
    )
    source_updated_at: datetime = strawberry.field(
        description="When the source system last changed that record (its own time, UTC)."
    )

    @classmethod
    def of(cls, attribute: str, row: GoldenProvenance) -> ProvenanceEntry:
        """The entry of a current provenance row."""
        return cls(
            attribute=attribute,
            system=row.system,
            source_record_id=row.source_record_id,
            source_updated_at=row.source_updated_at,
        )

    @classmethod
    def of_snapshot(cls, attribute: str, entry: Mapping[str, Any]) -> ProvenanceEntry:
        """The entry stored in a version (``system``, ``sourceRecordId``, ``sourceUpdatedAt``)."""
        return cls(
            attribute=attribute,
            system=str(entry["system"]),
            source_record_id=entry.get("sourceRecordId"),
            source_updated_at=datetime.fromisoformat(str(entry["sourceUpdatedAt"])),
        )


def readable_attributes(
    info: Info, person_id: str, attributes: Iterable[str], field_name: str
) -> dict[str, str]:
    """Return the person attributes the caller may read, by GraphQL name, and log their reads
    as ``<field_name>.<GraphQL name>`` in their attribute group. A citizen or delegated agency
    below assurance level 2 sees no entry of a high-assurance group (the ethnic group).
    """
    held = usable_scopes(current_principal(info))
    shown: dict[str, str] = {}
    for attribute in attributes:
        known = PERSON_ATTRIBUTES.get(attribute)
        if known is None or known[1] not in held:
            continue
        name, scope = known
        shown[attribute] = name
        current_reads().record(person_id, scope.value, f"{field_name}.{name}")
    return shown


def camel(attribute: str) -> str:
    """The name of a golden attribute in provenance and history: ``land_use_purpose`` is
    ``landUsePurpose``.
    """
    head, *rest = attribute.split("_")
    return head + "".join(part.capitalize() for part in rest)


def provenance_entries(rows: Mapping[str, GoldenProvenance]) -> list[ProvenanceEntry]:
    """The provenance of every attribute of a master that is not a person, by name."""
    return [ProvenanceEntry.of(camel(a), rows[a]) for a in sorted(rows)]
