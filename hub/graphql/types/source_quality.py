"""Quality figures per source system, as stewards read them (``sourceQuality``)."""

from __future__ import annotations

import strawberry

from hub.registry.stewardship.quality import SourceQuality as SourceQualityFigures


@strawberry.type(description="Quality figures of one source system's person records.")
class SourceQuality:
    """Figures of one source system."""

    system: str = strawberry.field(description="The source system.")
    records: int = strawberry.field(description="Person records it sent.")
    flagged: int = strawberry.field(description="Records with a validation error.")
    completeness: float = strawberry.field(
        description="Share of person attributes with a valid value, over all its records."
    )
    validity: float = strawberry.field(description="Share of records without validation error.")
    conflicts: int = strawberry.field(description="Open conflicts its values take part in.")

    @classmethod
    def of(cls, figures: SourceQualityFigures) -> SourceQuality:
        """The figures of the domain."""
        return cls(
            system=figures.system,
            records=figures.records,
            flagged=figures.flagged,
            completeness=figures.completeness,
            validity=figures.validity,
            conflicts=figures.conflicts,
        )
