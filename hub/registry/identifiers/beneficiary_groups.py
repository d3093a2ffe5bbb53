"""The beneficiary-group codes of the health insurance card (Decision 1351/QĐ-BHXH, 2015).

The list is the bundled code list ``health_insurance_beneficiary_groups.csv``; it is read once
per process, without the database, so that card validation works before any import has run.
"""

from __future__ import annotations

import csv
import functools
import io
from collections.abc import Mapping
from dataclasses import dataclass
from importlib.resources import files
from types import MappingProxyType

CODE_LIST_PACKAGE = "hub.registry.codelists"
CODE_LIST_FILE = "health_insurance_beneficiary_groups.csv"


@dataclass(frozen=True)
class BeneficiaryGroup:
    """A beneficiary group: its two-letter code, Vietnamese name and English gloss."""

    code: str
    name: str
    name_en: str


@functools.cache
def beneficiary_groups() -> Mapping[str, BeneficiaryGroup]:
    """Return the beneficiary groups by code, read from the bundled CSV on first use."""
    resource = files(CODE_LIST_PACKAGE) / "data" / CODE_LIST_FILE
    reader = csv.DictReader(io.StringIO(resource.read_text(encoding="utf-8-sig")))
    groups = {
        row["code"].strip(): BeneficiaryGroup(
            code=row["code"].strip(), name=row["name"].strip(), name_en=row["name_en"].strip()
        )
        for row in reader
    }
    return MappingProxyType(groups)


def find_beneficiary_group(code: str) -> BeneficiaryGroup | None:
    """Return the group with ``code`` (two upper-case letters), or ``None`` if there is none."""
    return beneficiary_groups().get(code)
