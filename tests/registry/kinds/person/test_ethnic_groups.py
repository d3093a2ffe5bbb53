"""Ethnic groups: two official code lists in, the 2008 code out, and flags for what cannot be
read."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from hub.kit.text import compact_key
from hub.registry.codelists.importers.csv_lists import read_csv_list
from hub.registry.codelists.models import Code
from hub.registry.kinds import KINDS
from hub.registry.kinds.person.ethnic_groups import (
    LIST_1979,
    LIST_2008,
    shared_codes,
    to_2008,
    validate_person_record,
)
from hub.registry.pipeline import reference
from hub.registry.pipeline.lookups import Lookups
from hub.registry.pipeline.validated import ERROR, Validated

DAY = date(2026, 1, 10)


async def _validate(session: AsyncSession, payload: dict[str, Any], day: date = DAY) -> Validated:
    communes = await reference.communes(session)
    body = {"full_name": "Lý Văn Minh", **payload}
    return await validate_person_record(body, communes, Lookups(session, KINDS.resolvers).on(day))


def _flags(checked: Validated) -> list[tuple[str, str, str]]:
    return [(f["attribute"], f["code"], f["severity"]) for f in checked.flags]


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        # 04 is Hoa in the 1979 list, and Hoa is 06 in the 2008 list
        ({"ethnic_group": "04", "ethnic_group_list": LIST_1979}, "06"),
        # 04 is Mường in the 2008 list: kept
        ({"ethnic_group": "04", "ethnic_group_list": LIST_2008}, "04"),
        # Kinh is 01 in both lists: no list needed
        ({"ethnic_group": "01"}, "01"),
        # a shared code sent as a number, without its leading zero
        ({"ethnic_group": 3}, "03"),
        # Rơ-măm is 54 in the 1979 list and 52 in the 2008 list
        ({"ethnic_group": " 54 ", "ethnic_group_list": f" {LIST_1979} "}, "52"),
    ],
)
async def test_a_code_of_either_list_becomes_its_2008_code(
    session: AsyncSession, payload: dict[str, Any], expected: str
) -> None:
    # Given a person record with an ethnic group, with or without its list
    # When it is validated
    checked = await _validate(session, payload)
    # Then the golden value is the 2008 code, and nothing is flagged
    assert checked.attributes["ethnic_group"] == expected
    assert checked.flags == [] and checked.status == "VALID"


async def test_a_code_the_lists_disagree_on_needs_its_list(session: AsyncSession) -> None:
    # Given 06 without a list: Mường in 1979, Hoa in 2008
    # When it is validated
    checked = await _validate(session, {"ethnic_group": "06", "citizen_id": "079090001234"})
    # Then it is flagged as an error and kept out of the values, the rest still validated
    assert _flags(checked) == [("ethnic_group", "CODE_LIST_REQUIRED", ERROR)]
    assert "ethnic_group_list" in checked.flags[0]["message"]
    assert "ethnic_group" not in checked.attributes
    assert checked.attributes["citizen_id"] == "079090001234"
    assert checked.status == "FLAGGED"


@pytest.mark.parametrize(
    ("payload", "day", "code"),
    [
        ({"ethnic_group": "04", "ethnic_group_list": "dan-toc"}, DAY, "UNKNOWN_CODE_LIST"),
        ({"ethnic_group": "55", "ethnic_group_list": LIST_2008}, DAY, "UNKNOWN_CODE"),
        ({"ethnic_group": "Kinh", "ethnic_group_list": LIST_1979}, DAY, "UNKNOWN_CODE"),
        # The 2008 list took effect on 2008-11-12: a record dated before cannot use it
        ({"ethnic_group": "06", "ethnic_group_list": LIST_2008}, date(2005, 6, 1), "UNKNOWN_CODE"),
    ],
)
async def test_an_unknown_list_or_code_is_flagged(
    session: AsyncSession, payload: dict[str, Any], day: date, code: str
) -> None:
    # Given a record naming a list the hub does not know, or a code not in its list that day
    # When it is validated
    checked = await _validate(session, payload, day)
    # Then the flag says which, and no ethnic group is taken
    assert _flags(checked) == [("ethnic_group", code, ERROR)]
    assert "ethnic_group" not in checked.attributes


async def test_a_record_without_an_ethnic_group_is_not_flagged_for_it(
    session: AsyncSession,
) -> None:
    # Given a record with a list but no code, and one with a blank code
    for payload in ({"ethnic_group_list": LIST_1979}, {"ethnic_group": "  "}):
        # When validated
        checked = await _validate(session, payload)
        # Then there is nothing to flag and nothing to keep
        assert checked.flags == [] and "ethnic_group" not in checked.attributes


async def test_a_1979_code_the_bundled_file_cannot_translate_is_flagged(
    session: AsyncSession,
) -> None:
    # Given a code added to the stored 1979 list that the bundled file does not have
    kinh = (
        await session.execute(
            select(Code).where(col(Code.list_id) == LIST_1979, col(Code.code) == "01")
        )
    ).scalar_one()
    session.add(
        Code(
            list_id=LIST_1979,
            version_id=kinh.version_id,
            code="55",
            name="Nhóm mới",
            search_key="nhom moi",
            valid_from=kinh.valid_from,
        )
    )
    await session.flush()
    # When a record sends it
    checked = await _validate(session, {"ethnic_group": "55", "ethnic_group_list": LIST_1979})
    # Then it is flagged rather than guessed
    assert _flags(checked) == [("ethnic_group", "UNKNOWN_CODE", ERROR)]
    assert LIST_2008 in checked.flags[0]["message"]


def test_the_translation_pairs_the_54_codes_one_to_one_by_name() -> None:
    # Given the two bundled lists
    old = {c.code: c.name for c in read_csv_list("ethnic_groups").codes}
    new = {c.code: c.name for c in read_csv_list("ethnic_groups_2008").codes}
    # When the translation is built
    table = to_2008()
    # Then it is a bijection between the 54 codes of each list
    assert len(old) == len(new) == 54
    assert set(table) == set(old)
    assert sorted(table.values()) == sorted(new)
    # And it pairs the groups the census names, including the two spelt differently
    assert (table["04"], table["06"], table["53"], table["54"]) == ("06", "04", "54", "52")
    assert (old["05"], new[table["05"]]) == ("Khơ-me", "Khmer")
    assert (old["08"], new[table["08"]]) == ("HMông (Mèo)", "Mông")
    # And every other pair has the same name up to case, marks and hyphens
    differ = {a for a, b in table.items() if compact_key(old[a]) != compact_key(new[b])}
    assert differ == {"04", "05", "08"}  # "Hoa (Hán)" is "Hoa"
    # And the 17 codes the lists agree on are exactly those translated to themselves
    assert len(shared_codes()) == 17
    assert shared_codes() == {a for a, b in table.items() if a == b}
    assert {"01", "02", "03", "05", "07", "08", "09"} <= shared_codes()
    assert not {"04", "06"} & shared_codes()
