"""The data set the health-insurance simulator serves: the generated population's records in
the social-insurance system (``hub.registry.population``), written the way that system
writes them, deterministic from a seed, with a share of malformed items."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

from hub.registry.population.generator import Geography, SourceRecord, generate_population

EPOCH = datetime(2025, 1, 1, tzinfo=UTC)
GROUPS = ("DN", "HC", "HT", "HS", "TE", "GD", "CN")
CLINICS = ("01001", "01013", "79024", "48001", "26740")


def items(
    geography: Geography, persons: int, *, seed: int, bad_share: float = 0.0
) -> list[dict[str, Any]]:
    """Return the API's items for ``persons`` generated persons (those the system holds),
    ordered by ``cap_nhat_luc`` then ``ma_so_bhxh`` as the API serves them."""
    rng = random.Random(f"health-insurance:{seed}")
    made = list(
        _items(rng, random.Random(f"malformed:{seed}"), geography, persons, seed, bad_share)
    )
    made.sort(key=lambda item: (str(item.get("cap_nhat_luc")), str(item.get("ma_so_bhxh"))))
    return made


def _items(
    rng: random.Random,
    breaking: random.Random,
    geography: Geography,
    persons: int,
    seed: int,
    bad_share: float,
) -> Iterator[dict[str, Any]]:
    # Breaking draws from a generator of its own: the items left whole are the same whatever
    # the share of broken ones.
    for view in generate_population(geography, persons, seed=seed):
        for record in view.records:
            if record.system != "health_insurance":
                continue
            item = _item(rng, record, view.person.social_insurance_number)
            if breaking.random() < bad_share:
                item = _malformed(breaking, item)
            yield item


def _item(rng: random.Random, seen: SourceRecord, true_number: str) -> dict[str, Any]:
    record = seen.record
    # The agency keys everyone by the number, so it always has one (maybe mistyped).
    number = record.social_insurance_number or true_number
    name = record.full_name or ""
    # Hours, not seconds: several items share one update time, across page boundaries too.
    updated = EPOCH + timedelta(hours=rng.randrange(24 * 200))
    start = f"{rng.choice((2024, 2025))}-01-01"
    group, level = rng.choice(GROUPS), rng.randint(1, 5)
    # Cards issued since 2021-04-01 carry the bare number; older ones the 15-character code.
    code = number if rng.random() < 0.5 else f"{group}{level}{number[:2]}{number}"
    return {
        "ma_so_bhxh": number,
        "ho_ten": name.upper() if rng.random() < 0.7 else name,
        "ngay_sinh": seen.written_birth_date,
        "gioi_tinh": {"MALE": 1, "FEMALE": 2}.get(record.sex or ""),
        "so_cccd": record.citizen_id,
        "dia_chi": {"ma_xa": record.commune_code, "chi_tiet": record.street},
        "the": {
            "ma_the": code,
            "ma_doi_tuong": group,
            "muc_huong": level,
            "ma_tinh": number[:2],
            "tu_ngay": start,
            "den_ngay": start[:4] + "-12-31",
            "noi_dkkcb": rng.choice(CLINICS),
        },
        "cap_nhat_luc": updated.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "da_xoa": False,
    }


def _malformed(rng: random.Random, item: dict[str, Any]) -> dict[str, Any]:
    """Break the item the ways a legacy export breaks: a lost key, a date in the wrong form,
    a name that is a number, a card that is a string."""
    broken = dict(item)
    way = rng.randrange(4)
    if way == 0:
        broken["ma_so_bhxh"] = None
    elif way == 1:
        broken["cap_nhat_luc"] = "01/08/2025 02:15"
    elif way == 2:
        broken["ho_ten"] = 12345
    else:
        broken["the"] = str(item["the"]["ma_the"])
    return broken
