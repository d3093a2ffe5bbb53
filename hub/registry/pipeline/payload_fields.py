"""Reading the fields of a dependent record's payload: each attribute under its own name or the
names source systems use for it, checked and flagged on the way into ``Validated``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from hub.kit.clock import today
from hub.registry.identifiers import validate_citizen_id
from hub.registry.matching import parse_birth_date
from hub.registry.pipeline.lookups import DatedLookups
from hub.registry.pipeline.validated import Validated, text_value


def raw(payload: Mapping[str, Any], names: Sequence[str]) -> Any:
    """Return the first of ``names`` the payload carries a non-blank value for."""
    for name in names:
        value = payload.get(name)
        if value is not None and text_value(value) is not None:
            return value
    return None


def text_field(payload: Mapping[str, Any], names: Sequence[str]) -> str | None:
    """Return the first present field among ``names`` as single-spaced text."""
    return text_value(raw(payload, names))


def date_field(
    out: Validated, payload: Mapping[str, Any], attribute: str, names: Sequence[str]
) -> str | None:
    """Return the field as an ISO date, flagging ``INVALID_DATE`` when it does not parse."""
    text = text_field(payload, names)
    if text is None:
        return None
    parsed = parse_birth_date(text)
    if parsed is None:
        out.flag(attribute, "INVALID_DATE", f"expected a date, found {text!r}")
        return None
    out.attributes[attribute] = parsed.isoformat()
    return parsed.isoformat()


def int_field(
    out: Validated, payload: Mapping[str, Any], attribute: str, names: Sequence[str]
) -> int | None:
    """Return the field as a positive whole number, flagging ``INVALID_NUMBER`` otherwise."""
    text = text_field(payload, names)
    if text is None:
        return None
    if not text.isascii() or not text.isdigit() or int(text) <= 0:
        out.flag(attribute, "INVALID_NUMBER", f"expected a positive whole number, found {text!r}")
        return None
    out.attributes[attribute] = int(text)
    return int(text)


async def code_field(
    out: Validated,
    payload: Mapping[str, Any],
    attribute: str,
    names: Sequence[str],
    lookups: DatedLookups,
    list_id: str,
) -> None:
    """Keep a coded value as sent (upper-cased): an unknown code is still what the source said.

    Flags ``NOT_VALID_ON_DATE`` when ``list_id`` had the code at other dates only (a code the
    2024 land-use list merged, on a record dated after the change: the message names what the
    code became), ``UNKNOWN_CODE`` when it never had it.
    """
    text = text_field(payload, names)
    if text is None:
        return
    code = text.upper()
    out.attributes[attribute] = code
    if await lookups.known_code(list_id, code):
        return
    day = lookups.day.isoformat()
    periods = await lookups.code_periods(list_id, code)
    if not periods:
        out.flag(attribute, "UNKNOWN_CODE", f"{code!r} is not in the code list {list_id} on {day}")
        return
    message = (
        f"{code!r} of the code list {list_id} was valid {describe_periods(periods)}, not on {day}"
    )
    ended = [end for _, end in periods if end is not None and end <= lookups.day]
    successors = await lookups.successors(list_id, code, max(ended)) if ended else []
    if successors:
        message += f"; from {max(ended).isoformat()} it is {' or '.join(map(repr, successors))}"
    out.flag(attribute, "NOT_VALID_ON_DATE", message)


def describe_periods(periods: Sequence[tuple[date | None, date | None]]) -> str:
    """Describe validity periods with inclusive dates: ``from 2014-07-01 to 2024-07-31``."""
    described = []
    for start, end in periods:
        # The end is exclusive; people read "to B" as including B.
        last = None if end is None else (end - timedelta(days=1)).isoformat()
        since = None if start is None else f"from {start.isoformat()}"
        described.append(" ".join(filter(None, [since, last and f"to {last}"])) or "always")
    return " and ".join(described)


async def citizen_field(
    out: Validated, value: Any, attribute: str, lookups: DatedLookups
) -> tuple[str | None, str | None]:
    """Validate a citizen ID and resolve its person master; return ``(citizen ID, person id)``.

    An invalid ID is flagged and resolves nothing; a valid one the registry does not know yet
    is a warning, since the person may arrive in a later ingestion.
    """
    text = text_value(value)
    if text is None:
        return None, None
    checked = await validate_citizen_id(text, as_of=today(), directory=lookups)
    if not checked.valid or checked.normalized is None:
        out.flag(attribute, "INVALID_IDENTIFIER", "; ".join(e.message for e in checked.errors))
        return None, None
    person_id = await lookups.lookups.master("citizen_id", checked.normalized)
    if person_id is None:
        out.flag(attribute, "UNKNOWN_PERSON", "no person holds this citizen ID", "warning")
    return checked.normalized, person_id
