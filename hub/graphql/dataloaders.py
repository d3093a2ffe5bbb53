"""Per-request dataloaders, named ``<Target>By<Key>Loader``; one set is built per request."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from functools import cached_property
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.dataloader import DataLoader

from hub.registry.browse import service as browse
from hub.registry.browse.service import VersionChange
from hub.registry.codelists import service as codelists
from hub.registry.codelists.models import ADMIN_UNITS_LIST_ID, Code, CodeListVersion, Crosswalk
from hub.registry.kinds import KINDS
from hub.registry.kinds.civil_servant_appointment import reads as appointments
from hub.registry.kinds.civil_servant_appointment.models import CivilServantAppointment
from hub.registry.kinds.health_enrollment import reads as health
from hub.registry.kinds.health_enrollment.models import HealthInsuranceEnrollment
from hub.registry.kinds.land_parcel import lineage as land_lineage
from hub.registry.kinds.land_parcel import reads as land
from hub.registry.kinds.land_parcel.models import LandParcel
from hub.registry.kinds.organization.models import Organization
from hub.registry.kinds.person import PERSON
from hub.registry.kinds.person import service as records
from hub.registry.kinds.person.models import Person
from hub.registry.pipeline import golden_repository, source_repository
from hub.registry.pipeline.golden_models import GoldenProvenance
from hub.registry.pipeline.source_models import SourceRecord


class AdministrativeUnitByCodeAndDateLoader(DataLoader[tuple[str, date], Code | None]):
    """Loads the unit that had a code on a date."""

    def __init__(self, session: AsyncSession) -> None:
        async def load(keys: Sequence[tuple[str, date]]) -> list[Code | None]:
            return await codelists.find_many(session, ADMIN_UNITS_LIST_ID, keys)

        super().__init__(load_fn=load)


class CodeByListAndCodeLoader(DataLoader[tuple[str, str, date], Code | None]):
    """Loads the entry of a code list that had a code on a date: ``(list id, code, date)``."""

    def __init__(self, session: AsyncSession) -> None:
        async def load(keys: Sequence[tuple[str, str, date]]) -> list[Code | None]:
            by_list: dict[str, list[tuple[str, date]]] = defaultdict(list)
            for list_id, code, day in keys:
                by_list[list_id].append((code, day))
            found: dict[tuple[str, str, date], Code | None] = {}
            for list_id, wanted in by_list.items():
                codes = await codelists.find_many(session, list_id, wanted)
                for (code, day), entry in zip(wanted, codes, strict=True):
                    found[(list_id, code, day)] = entry
            return [found[key] for key in keys]

        super().__init__(load_fn=load)


class SuccessorLinksByUnitLoader(DataLoader[Code, list[Crosswalk]]):
    """Loads the crosswalk links from an ended unit to its successors."""

    def __init__(self, session: AsyncSession) -> None:
        async def load(units: Sequence[Code]) -> list[list[Crosswalk]]:
            grouped = await codelists.successor_links(session, units)
            return [grouped.get((u.code, u.valid_to), []) if u.valid_to else [] for u in units]

        super().__init__(load_fn=load, cache_key_fn=lambda unit: unit.id)


class PredecessorLinksByUnitLoader(DataLoader[Code, list[Crosswalk]]):
    """Loads the crosswalk links from a unit's predecessors to it."""

    def __init__(self, session: AsyncSession) -> None:
        async def load(units: Sequence[Code]) -> list[list[Crosswalk]]:
            grouped = await codelists.predecessor_links(session, units)
            return [grouped.get((u.code, u.valid_from), []) if u.valid_from else [] for u in units]

        super().__init__(load_fn=load, cache_key_fn=lambda unit: unit.id)


class CodeListVersionsByListIdLoader(DataLoader[str, list[CodeListVersion]]):
    """Loads the versions of code lists."""

    def __init__(self, session: AsyncSession) -> None:
        async def load(list_ids: Sequence[str]) -> list[list[CodeListVersion]]:
            found = await codelists.versions(session, list_ids)
            return [found.get(list_id, []) for list_id in list_ids]

        super().__init__(load_fn=load)


class ProvenanceByMasterIdLoader(DataLoader[str, dict[str, GoldenProvenance]]):
    """Loads the provenance of masters of one entity type, by attribute."""

    def __init__(self, session: AsyncSession, entity_type: str) -> None:
        async def load(ids: Sequence[str]) -> list[dict[str, GoldenProvenance]]:
            found = await golden_repository.provenance(session, entity_type, ids)
            return [dict(found.get(master_id, {})) for master_id in ids]

        super().__init__(load_fn=load)


class HistoryByMasterIdLoader(DataLoader[str, list[VersionChange]]):
    """Loads the versions of masters of one entity type, newest first."""

    def __init__(self, session: AsyncSession, entity_type: str) -> None:
        async def load(ids: Sequence[str]) -> list[list[VersionChange]]:
            found = await browse.histories(session, entity_type, ids)
            return [found[master_id] for master_id in ids]

        super().__init__(load_fn=load)


class MergedIdsBySurvivorIdLoader(DataLoader[str, list[str]]):
    """Loads the ids of the masters merged into each survivor."""

    def __init__(self, session: AsyncSession, model: type[Person] | type[Organization]) -> None:
        async def load(ids: Sequence[str]) -> list[list[str]]:
            found = await browse.merged_ids(session, model, ids)
            return [found[survivor] for survivor in ids]

        super().__init__(load_fn=load)


class OrganizationByAgencyCodeLoader(DataLoader[str, Organization | None]):
    """Loads organizations by agency code (Decision 20 form), e.g. an organization's parent."""

    def __init__(self, session: AsyncSession) -> None:
        async def load(codes: Sequence[str]) -> list[Organization | None]:
            owners = await golden_repository.owners(session, Organization, "agency_code", codes)
            found = await golden_repository.masters(session, Organization, list(owners.values()))
            return [found.get(owners.get(code, "")) for code in codes]

        super().__init__(load_fn=load)


class PersonByIdLoader(DataLoader[str, Person | None]):
    """Loads person masters by registry id (merged ones included)."""

    def __init__(self, session: AsyncSession) -> None:
        async def load(ids: Sequence[str]) -> list[Person | None]:
            found = await records.get_many(session, ids)
            return [found.get(person_id) for person_id in ids]

        super().__init__(load_fn=load)


class SourceRecordsByPersonIdLoader(DataLoader[str, list[SourceRecord]]):
    """Loads the source records linked to person masters."""

    def __init__(self, session: AsyncSession) -> None:
        async def load(ids: Sequence[str]) -> list[list[SourceRecord]]:
            found = await source_repository.contributions(session, PERSON, ids)
            return [list(found.get(person_id, ())) for person_id in ids]

        super().__init__(load_fn=load)


class MasterByIdLoader(DataLoader[str, Any | None]):
    """Loads masters of one kind (its table ``model``) by registry id, merged ones included."""

    def __init__(self, session: AsyncSession, model: type[Any]) -> None:
        async def load(ids: Sequence[str]) -> list[Any | None]:
            found = await golden_repository.masters(session, model, ids)
            return [found.get(master_id) for master_id in ids]

        super().__init__(load_fn=load)


class SourceRecordsByMasterIdLoader(DataLoader[str, list[SourceRecord]]):
    """Loads the source records linked to masters of one entity type."""

    def __init__(self, session: AsyncSession, entity_type: str) -> None:
        async def load(ids: Sequence[str]) -> list[list[SourceRecord]]:
            found = await source_repository.contributions(session, entity_type, ids)
            return [list(found.get(master_id, ())) for master_id in ids]

        super().__init__(load_fn=load)


class ParcelByIdLoader(DataLoader[str, LandParcel | None]):
    """Loads parcels by registry id, a merged-away one as its survivor (lineage links)."""

    def __init__(self, session: AsyncSession) -> None:
        async def load(ids: Sequence[str]) -> list[LandParcel | None]:
            found = await land_lineage.current_parcels(session, ids)
            return [found.get(parcel_id) for parcel_id in ids]

        super().__init__(load_fn=load)


class LineageByParcelIdLoader(DataLoader[str, land_lineage.Lineage]):
    """Loads each parcel's splits and merges, both sides at once (one statement)."""

    def __init__(self, session: AsyncSession) -> None:
        async def load(ids: Sequence[str]) -> list[land_lineage.Lineage]:
            found = await land_lineage.lineages(session, ids)
            return [found[parcel_id] for parcel_id in ids]

        super().__init__(load_fn=load)


class ParcelsByPersonIdLoader(DataLoader[str, list[LandParcel]]):
    """Loads the land parcels each person holds rights in."""

    def __init__(self, session: AsyncSession) -> None:
        async def load(ids: Sequence[str]) -> list[list[LandParcel]]:
            found = await land.parcels_of_persons(session, ids)
            return [found.get(person_id, []) for person_id in ids]

        super().__init__(load_fn=load)


class EnrollmentsByPersonIdLoader(DataLoader[str, list[HealthInsuranceEnrollment]]):
    """Loads each person's health-insurance enrolments, latest first."""

    def __init__(self, session: AsyncSession) -> None:
        async def load(ids: Sequence[str]) -> list[list[HealthInsuranceEnrollment]]:
            found = await health.enrollments_of_persons(session, ids)
            return [found.get(person_id, []) for person_id in ids]

        super().__init__(load_fn=load)


class AppointmentsByPersonIdLoader(DataLoader[str, list[CivilServantAppointment]]):
    """Loads each person's civil-servant appointments, latest first."""

    def __init__(self, session: AsyncSession) -> None:
        async def load(ids: Sequence[str]) -> list[list[CivilServantAppointment]]:
            found = await appointments.appointments_of_persons(session, ids)
            return [found.get(person_id, []) for person_id in ids]

        super().__init__(load_fn=load)


class OrganizationByIdLoader(DataLoader[str, Organization | None]):
    """Loads organizations by registry id."""

    def __init__(self, session: AsyncSession) -> None:
        async def load(ids: Sequence[str]) -> list[Organization | None]:
            found = await golden_repository.masters(session, Organization, ids)
            return [found.get(organization_id) for organization_id in ids]

        super().__init__(load_fn=load)


class Loaders:
    """The dataloaders of one request, each built the first time a resolver asks for it (most
    requests need two or three of them). Loaders of masters of any kind are keyed by entity
    type, for every kind in ``KINDS``.
    """

    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        self._provenance: dict[str, ProvenanceByMasterIdLoader] = {}
        self._history: dict[str, HistoryByMasterIdLoader] = {}
        self._merged_ids: dict[str, MergedIdsBySurvivorIdLoader] = {}
        self._masters: dict[str, MasterByIdLoader] = {}
        self._sources: dict[str, SourceRecordsByMasterIdLoader] = {}

    def provenance_by_master_id(self, entity_type: str) -> ProvenanceByMasterIdLoader:
        """The provenance loader of masters of ``entity_type``."""
        if entity_type not in self._provenance:
            KINDS.require(entity_type)
            self._provenance[entity_type] = ProvenanceByMasterIdLoader(self._session, entity_type)
        return self._provenance[entity_type]

    def history_by_master_id(self, entity_type: str) -> HistoryByMasterIdLoader:
        """The version-history loader of masters of ``entity_type``."""
        if entity_type not in self._history:
            KINDS.require(entity_type)
            self._history[entity_type] = HistoryByMasterIdLoader(self._session, entity_type)
        return self._history[entity_type]

    def merged_ids_by_survivor_id(self, entity_type: str) -> MergedIdsBySurvivorIdLoader:
        """The loader of the ids merged into masters of ``entity_type``."""
        if entity_type not in self._merged_ids:
            model = KINDS.require(entity_type).model
            self._merged_ids[entity_type] = MergedIdsBySurvivorIdLoader(self._session, model)
        return self._merged_ids[entity_type]

    def master_by_id(self, entity_type: str) -> MasterByIdLoader:
        """The loader of masters of ``entity_type`` by id (stewards handle every kind)."""
        if entity_type not in self._masters:
            model = KINDS.require(entity_type).model
            self._masters[entity_type] = MasterByIdLoader(self._session, model)
        return self._masters[entity_type]

    def source_records_by_master_id(self, entity_type: str) -> SourceRecordsByMasterIdLoader:
        """The loader of the source records behind masters of ``entity_type``."""
        if entity_type not in self._sources:
            KINDS.require(entity_type)
            self._sources[entity_type] = SourceRecordsByMasterIdLoader(self._session, entity_type)
        return self._sources[entity_type]

    @cached_property
    def administrative_unit_by_code_and_date(self) -> AdministrativeUnitByCodeAndDateLoader:
        """The request's ``AdministrativeUnitByCodeAndDateLoader``."""
        return AdministrativeUnitByCodeAndDateLoader(self._session)

    @cached_property
    def code_by_list_and_code(self) -> CodeByListAndCodeLoader:
        """The request's ``CodeByListAndCodeLoader``."""
        return CodeByListAndCodeLoader(self._session)

    @cached_property
    def successor_links_by_unit(self) -> SuccessorLinksByUnitLoader:
        """The request's ``SuccessorLinksByUnitLoader``."""
        return SuccessorLinksByUnitLoader(self._session)

    @cached_property
    def predecessor_links_by_unit(self) -> PredecessorLinksByUnitLoader:
        """The request's ``PredecessorLinksByUnitLoader``."""
        return PredecessorLinksByUnitLoader(self._session)

    @cached_property
    def code_list_versions_by_list_id(self) -> CodeListVersionsByListIdLoader:
        """The request's ``CodeListVersionsByListIdLoader``."""
        return CodeListVersionsByListIdLoader(self._session)

    @cached_property
    def organization_by_agency_code(self) -> OrganizationByAgencyCodeLoader:
        """The request's ``OrganizationByAgencyCodeLoader``."""
        return OrganizationByAgencyCodeLoader(self._session)

    @cached_property
    def person_by_id(self) -> PersonByIdLoader:
        """The request's ``PersonByIdLoader``."""
        return PersonByIdLoader(self._session)

    @cached_property
    def source_records_by_person_id(self) -> SourceRecordsByPersonIdLoader:
        """The request's ``SourceRecordsByPersonIdLoader``."""
        return SourceRecordsByPersonIdLoader(self._session)

    @cached_property
    def parcels_by_person_id(self) -> ParcelsByPersonIdLoader:
        """The request's ``ParcelsByPersonIdLoader``."""
        return ParcelsByPersonIdLoader(self._session)

    @cached_property
    def enrollments_by_person_id(self) -> EnrollmentsByPersonIdLoader:
        """The request's ``EnrollmentsByPersonIdLoader``."""
        return EnrollmentsByPersonIdLoader(self._session)

    @cached_property
    def appointments_by_person_id(self) -> AppointmentsByPersonIdLoader:
        """The request's ``AppointmentsByPersonIdLoader``."""
        return AppointmentsByPersonIdLoader(self._session)

    @cached_property
    def organization_by_id(self) -> OrganizationByIdLoader:
        """The request's ``OrganizationByIdLoader``."""
        return OrganizationByIdLoader(self._session)

    @cached_property
    def parcel_by_id(self) -> ParcelByIdLoader:
        """The request's ``ParcelByIdLoader``."""
        return ParcelByIdLoader(self._session)

    @cached_property
    def lineage_by_parcel_id(self) -> LineageByParcelIdLoader:
        """The request's ``LineageByParcelIdLoader``."""
        return LineageByParcelIdLoader(self._session)
