"""Everything the hub holds about the signed-in citizen, read under their principal and written
to the access log as the citizen's own read (as ``me`` in GraphQL is)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from hub.audit.reads import Read, Reader
from hub.audit.service import append_reads
from hub.principals.principal import Principal
from hub.principals.scopes import Scope
from hub.registry.kinds.civil_servant_appointment.models import CivilServantAppointment
from hub.registry.kinds.civil_servant_appointment.reads import appointments_of_persons
from hub.registry.kinds.health_enrollment.models import HealthInsuranceEnrollment
from hub.registry.kinds.health_enrollment.reads import enrollments_of_persons
from hub.registry.kinds.land_parcel.models import LandParcel
from hub.registry.kinds.land_parcel.reads import parcels_of_persons
from hub.registry.kinds.person import service as persons
from hub.registry.kinds.person.models import Person
from hub.registry.kinds.person.provenance import person_provenance
from hub.web.principals import usable_scopes

PERSON_GROUPS: dict[str, Scope] = {
    "citizen_id": Scope.PERSON_IDENTITY_READ,
    "full_name": Scope.PERSON_IDENTITY_READ,
    "birth_date": Scope.PERSON_IDENTITY_READ,
    "sex": Scope.PERSON_IDENTITY_READ,
    "social_insurance_number": Scope.PERSON_IDENTITY_READ,
    "phone": Scope.PERSON_CONTACT_READ,
    "email": Scope.PERSON_CONTACT_READ,
    "address_commune_code": Scope.PERSON_ADDRESS_READ,
    "address_street": Scope.PERSON_ADDRESS_READ,
    "ethnic_group": Scope.PERSON_SENSITIVE_READ,
}
"""The person attributes shown, in page order, with the attribute group that reads them."""


@dataclass(frozen=True)
class Value:
    """One golden value with where it came from."""

    attribute: str
    value: Any
    system: str | None
    source_record_id: str | None
    source_updated_at: datetime | None


@dataclass
class MyData:
    """The citizen's record and holdings, as far as their sign-in lets them see."""

    person: Person | None
    values: list[Value] = field(default_factory=list)
    parcels: list[LandParcel] | None = None
    enrollments: list[HealthInsuranceEnrollment] | None = None
    appointments: list[CivilServantAppointment] | None = None


async def read_my_data(
    session: AsyncSession, principal: Principal, *, request_id: str | None, shards: int
) -> MyData:
    """Read the citizen's data and log the read (groups their sign-in may read only)."""
    assert principal.person_id is not None
    person = await persons.resolve(session, principal.person_id)
    if person is None:
        return MyData(person=None)
    scopes = usable_scopes(principal)
    provenance = await person_provenance(session, person.id)
    reads: dict[str, list[str]] = {}
    data = MyData(person=person)
    for attribute, scope in PERSON_GROUPS.items():
        if scope not in scopes:
            continue
        source = provenance.get(attribute)
        data.values.append(
            Value(
                attribute,
                getattr(person, attribute),
                source.system if source else None,
                source.source_record_id if source else None,
                source.source_updated_at if source else None,
            )
        )
        reads.setdefault(scope.value, []).append(attribute)
    if Scope.LAND_READ in scopes:
        data.parcels = (await parcels_of_persons(session, [person.id]))[person.id]
        reads[Scope.LAND_READ.value] = ["landParcels"]
    if Scope.HEALTH_READ in scopes:
        data.enrollments = (await enrollments_of_persons(session, [person.id]))[person.id]
        reads[Scope.HEALTH_READ.value] = ["healthInsurance"]
    if Scope.CADRE_READ in scopes:
        data.appointments = (await appointments_of_persons(session, [person.id]))[person.id]
        reads[Scope.CADRE_READ.value] = ["appointments"]
    await append_reads(
        session,
        Reader(kind=principal.kind.value, end_user=person.id),
        [Read(person.id, group, tuple(sorted(names))) for group, names in sorted(reads.items())],
        operation_name="web:my-data",
        request_id=request_id,
        shards=shards,
    )
    return data


def as_json(data: MyData) -> dict[str, Any]:
    """The download of "my data": every value with its provenance, and the holdings."""

    def plain(row: Any) -> dict[str, Any]:
        return {
            k: (v.isoformat() if hasattr(v, "isoformat") else v)
            for k, v in row.model_dump().items()
            if not k.endswith("_folded")
        }

    return {
        "person": None
        if data.person is None
        else {
            "id": data.person.id,
            "values": [
                {
                    "attribute": v.attribute,
                    "value": v.value.isoformat() if hasattr(v.value, "isoformat") else v.value,
                    "system": v.system,
                    "sourceRecordId": v.source_record_id,
                    "sourceUpdatedAt": v.source_updated_at.isoformat()
                    if v.source_updated_at
                    else None,
                }
                for v in data.values
            ],
        },
        "landParcels": None if data.parcels is None else [plain(p) for p in data.parcels],
        "healthInsurance": None
        if data.enrollments is None
        else [plain(e) for e in data.enrollments],
        "appointments": None
        if data.appointments is None
        else [plain(a) for a in data.appointments],
    }
