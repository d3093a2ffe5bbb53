"""Ethnic-group codes: two official lists in use, one golden code.

Vietnam codes its 54 ethnic groups in two lists that agree on 17 codes and disagree on the
rest: the 1979 list (``ethnic-groups``; 04 Hoa, 05 Khơ-me, 06 Mường), used by the health sector,
and the statistics office's 2008 list (``ethnic-groups-2008``; 04 Mường, 05 Khmer, 06 Hoa),
which QCVN 109:2017 cites for citizen data exchanged with the national population database. A
code alone cannot say which list it is from, so a source names its list in
``ethnic_group_list``; codes on which both lists agree are accepted without it. The golden
record keeps the 2008 code, the list QCVN 109:2017 cites for exchanges with the population
database (whether that database still uses it is unverified: codelists/data/README.md).

The translation is by group name, from the two bundled lists (fixed history: both decisions
are closed), with the two names the decisions spell differently.

``validate_person_record`` is the validator of person source records: ``validate_person`` plus
the ethnic group, which needs the dated code lists and so lives here rather than in
``person_validation`` (which this module imports).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

from hub.kit.text import compact_key
from hub.registry.codelists.importers.csv_lists import read_csv_list
from hub.registry.identifiers import AdminUnitDirectory
from hub.registry.kinds.person.validation import validate_person
from hub.registry.pipeline.lookups import DatedLookups, dated
from hub.registry.pipeline.reference import Communes
from hub.registry.pipeline.validated import Validated, text_value

LIST_1979 = "ethnic-groups"
LIST_2008 = "ethnic-groups-2008"
ATTRIBUTE = "ethnic_group"
LIST_FIELD = "ethnic_group_list"
"""The payload key naming the list an ethnic-group code is from."""
# Folded 1979 spelling → folded 2008 spelling, where the decisions spell a group differently.
_SPELLINGS = {"khome": "khmer", "hmong": "mong"}


def _key(name: str) -> str:
    # "Kinh (Việt)" and "Kinh" name the same group; hyphens and spaces vary between lists.
    return compact_key(name.split("(")[0])


@cache
def to_2008() -> Mapping[str, str]:
    """Return the 2008 code of each 1979 code."""
    by_name = {_key(c.name): c.code for c in read_csv_list("ethnic_groups_2008").codes}
    found: dict[str, str] = {}
    for code in read_csv_list("ethnic_groups").codes:
        key = _key(code.name)
        found[code.code] = by_name[_SPELLINGS.get(key, key)]
    return found


@cache
def shared_codes() -> frozenset[str]:
    """Return the codes that name the same group in both lists."""
    return frozenset(old for old, new in to_2008().items() if old == new)


async def validate_ethnic_group(
    out: Validated, payload: Mapping[str, Any], lookups: DatedLookups
) -> None:
    """Put the 2008 code of the payload's ethnic group in ``out``, or flag why not."""
    code = text_value(payload.get(ATTRIBUTE))
    if code is None:
        return
    code = code.zfill(2) if code.isdigit() else code
    named = text_value(payload.get(LIST_FIELD))
    if named is None:
        if code in shared_codes():
            out.attributes[ATTRIBUTE] = code
            return
        out.flag(
            ATTRIBUTE,
            "CODE_LIST_REQUIRED",
            f"ethnic group {code!r} means different groups in {LIST_1979} and {LIST_2008};"
            f" say which list in {LIST_FIELD}",
        )
        return
    if named not in (LIST_1979, LIST_2008):
        out.flag(
            ATTRIBUTE,
            "UNKNOWN_CODE_LIST",
            f"{LIST_FIELD} must be {LIST_1979} or {LIST_2008}, found {named!r}",
        )
        return
    if not await lookups.known_code(named, code):
        out.flag(
            ATTRIBUTE,
            "UNKNOWN_CODE",
            f"{code!r} is not in the code list {named} on {lookups.day.isoformat()}",
        )
        return
    translated = to_2008().get(code) if named == LIST_1979 else code
    if translated is None:
        # The stored list knows a code the bundled 1979 file does not: nothing to translate by.
        out.flag(ATTRIBUTE, "UNKNOWN_CODE", f"{code!r} of {LIST_1979} has no {LIST_2008} code")
        return
    out.attributes[ATTRIBUTE] = translated


async def validate_person_record(
    payload: Mapping[str, Any], communes: Communes, directory: AdminUnitDirectory
) -> Validated:
    """Validate a person source record: ``validate_person``, then its ethnic group against the
    code lists as valid on the record's date (``directory`` is the ``DatedLookups`` ingestion
    passes).
    """
    out = await validate_person(payload, communes, directory)
    await validate_ethnic_group(out, payload, dated(directory))
    return out
