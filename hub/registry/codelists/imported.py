"""The in-memory shape of one code list ready to be stored."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from hub.registry.codelists.models import AdminLevel, CrosswalkRelation


@dataclass(frozen=True)
class ImportedCode:
    """One code as read from a source, with its validity interval."""

    code: str
    name: str
    version: str
    name_en: str | None = None
    level: AdminLevel | None = None
    kind: str | None = None
    parent_code: str | None = None
    valid_from: date | None = None
    valid_to: date | None = None


@dataclass(frozen=True)
class ImportedCrosswalk:
    """One old → new link between codes of the same list."""

    old_code: str
    new_code: str
    effective_date: date
    relation: CrosswalkRelation
    is_default: bool = True


@dataclass(frozen=True)
class ImportedVersion:
    """A version of a list: its label, when it took effect and where it came from."""

    version: str
    source: str
    valid_from: date | None = None


@dataclass
class ImportedList:
    """A whole code list: metadata, versions, codes and crosswalks."""

    id: str
    name: str
    name_en: str
    source: str
    source_url: str | None = None
    licence: str | None = None
    notes: str | None = None
    versions: list[ImportedVersion] = field(default_factory=list)
    codes: list[ImportedCode] = field(default_factory=list)
    crosswalks: list[ImportedCrosswalk] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
