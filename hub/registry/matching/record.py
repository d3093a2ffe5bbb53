"""The record shape the matcher compares: a person as one source system described them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True, slots=True)
class MatchRecord:
    """One person record to match, with every attribute as the source sent it.

    ``id`` is the caller's key (a source record id, a master id, a spreadsheet row); the matcher
    only echoes it. Values are raw: the matcher normalises them itself, so a record can be built
    straight from a source payload. ``extra`` holds any other attribute a field set may compare
    (the FEBRL benchmark puts its English columns there).
    """

    id: str
    citizen_id: str | None = None
    social_insurance_number: str | None = None
    full_name: str | None = None
    birth_date: date | None = None
    sex: str | None = None
    commune_code: str | None = None
    street: str | None = None
    extra: Mapping[str, str] = field(default_factory=dict, hash=False)
