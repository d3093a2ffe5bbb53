"""A small real crosswalk and a record builder shared by the matching tests."""

from __future__ import annotations

from datetime import date
from typing import Any

from hub.registry.matching import CrosswalkEquivalence, Matcher, MatchRecord, person_config

# Real pairs of the 2025 reform (from the hub's admin-unit import): Trúc Bạch 00004 and Quán
# Thánh 00013 became Phường Ba Đình, which kept the code 00004; Bến Nghé 26740 and Đa Kao 26737
# became Phường Sài Gòn, which kept 26740.
CROSSWALK = (
    ("00004", "00004"),
    ("00013", "00004"),
    ("26740", "26740"),
    ("26737", "26740"),
    ("26746", "26740"),
)
EQUIVALENCE = CrosswalkEquivalence(CROSSWALK)


def person_matcher() -> Matcher:
    """Return the hub's person matcher with the small crosswalk."""
    return Matcher(person_config(EQUIVALENCE))


def record(record_id: str, **changes: Any) -> MatchRecord:
    """Return a record of Nguyễn Văn An living in Đa Kao, with ``changes`` applied."""
    values: dict[str, Any] = {
        "citizen_id": None,
        "social_insurance_number": None,
        "full_name": "Nguyễn Văn An",
        "birth_date": date(1990, 5, 12),
        "sex": "MALE",
        "commune_code": "26740",
        "street": "Số 12 đường Lê Lợi",
    }
    values.update(changes)
    return MatchRecord(id=record_id, **values)
