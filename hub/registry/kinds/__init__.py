"""The kinds of master record the hub keeps, one folder each, and ``KINDS``, the one ordered
list that registers them with the pipeline (``docs/adding-a-kind.md``).
"""

from __future__ import annotations

from hub.registry.kinds.civil_servant_appointment.kind import APPOINTMENT_KIND
from hub.registry.kinds.health_enrollment.kind import HEALTH_ENROLLMENT_KIND
from hub.registry.kinds.land_parcel.kind import LAND_PARCEL_KIND
from hub.registry.kinds.organization.kind import ORGANIZATION_KIND
from hub.registry.kinds.person.kind import PERSON_KIND
from hub.registry.pipeline.kind import KindRegistry

KINDS = KindRegistry(
    # Dependent kinds come after persons and organizations, whose masters they link to when
    # one ``ingest`` call carries both.
    [
        PERSON_KIND,
        ORGANIZATION_KIND,
        LAND_PARCEL_KIND,
        HEALTH_ENROLLMENT_KIND,
        APPOINTMENT_KIND,
    ]
)
"""The kinds ``ingest`` accepts, by entity type, in ingestion order."""
