"""Every table of the master-records work, imported together so that metadata knows them."""

from __future__ import annotations

from hub.registry.kinds.civil_servant_appointment.models import CivilServantAppointment
from hub.registry.kinds.health_enrollment.models import HealthInsuranceEnrollment
from hub.registry.kinds.land_parcel.models import LandParcel, ParcelLineage, ParcelRightHolder
from hub.registry.kinds.organization.models import Organization
from hub.registry.pipeline.golden_models import (
    GoldenOverride,
    GoldenProvenance,
    GoldenVersion,
    QualityIssue,
)
from hub.registry.pipeline.match_task_models import MatchTask, NotAMatch
from hub.registry.pipeline.outbox_models import OutboxEvent
from hub.registry.pipeline.source_models import MatchKey, SourceRecord, Xref
from hub.registry.stewardship.models import CorrectionRequest, StewardAction

__all__ = [
    "CivilServantAppointment",
    "CorrectionRequest",
    "GoldenOverride",
    "GoldenProvenance",
    "GoldenVersion",
    "HealthInsuranceEnrollment",
    "LandParcel",
    "MatchKey",
    "MatchTask",
    "NotAMatch",
    "Organization",
    "OutboxEvent",
    "ParcelLineage",
    "ParcelRightHolder",
    "QualityIssue",
    "SourceRecord",
    "StewardAction",
    "Xref",
]
