"""Every table of the master-records work, imported together so that metadata knows them."""

from __future__ import annotations

from hub.registry.records.appointment_models import CivilServantAppointment
from hub.registry.records.golden_models import (
    GoldenOverride,
    GoldenProvenance,
    GoldenVersion,
    QualityIssue,
)
from hub.registry.records.health_models import HealthInsuranceEnrollment
from hub.registry.records.land_models import LandParcel, ParcelLineage, ParcelRightHolder
from hub.registry.records.organization_models import Organization
from hub.registry.records.outbox_models import OutboxEvent
from hub.registry.records.source_models import MatchKey, SourceRecord, Xref
from hub.registry.stewardship.models import MatchTask, NotAMatch, StewardAction

__all__ = [
    "CivilServantAppointment",
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
