"""One row of an HR export as the person's and the appointment's inputs.

The raw record is the row's cells by header, with the file name and row number and the file's
export time. The person's source id is ``Mã nhân sự``; the appointment's is ``Mã nhân sự`` +
the agency code in its Decision 20/2020 form + ``Ngày bổ nhiệm``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from hub.adapters.protocol import RecordError
from hub.kit.text import fold
from hub.registry.identifiers.agency_code import to_decision20, validate_agency_code
from hub.registry.identifiers.agency_code_forms import looks_like_qcvn102
from hub.registry.kinds.civil_servant_appointment import CIVIL_SERVANT_APPOINTMENT
from hub.registry.kinds.person import PERSON
from hub.registry.pipeline.inputs import SourceRecordInput

SYSTEM = "cadre_management"
_DAY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_SEXES = {"nam": "MALE", "nu": "FEMALE"}


def parse_row(raw: Mapping[str, Any]) -> list[SourceRecordInput]:
    """Return the person and appointment inputs of one row."""
    cells = raw.get("cells")
    if not isinstance(cells, Mapping):
        raise RecordError(str(raw.get("error") or "cells: expected the row's cells by header"))
    where = f"{raw.get('file')} row {cells.get('_row')}"
    staff = cells.get("Mã nhân sự") or ""
    if not staff:
        raise RecordError(f"{where}: Mã nhân sự is empty; expected the HR system's person id")
    exported = datetime.fromisoformat(str(raw.get("exported_at")))
    born = cells.get("Ngày sinh") or ""
    birth = (
        None
        if not born
        else (born if born.isdigit() and len(born) == 4 else _day(where, "Ngày sinh", born))
    )
    sex = cells.get("Giới tính") or None
    person = {
        "full_name": cells.get("Họ và tên") or None,
        "birth_date": birth,
        "sex": _SEXES.get(fold(sex), sex) if sex else None,
        "citizen_id": cells.get("Số CCCD") or None,
        "social_insurance_number": cells.get("Số sổ BHXH") or None,
    }
    inputs = [SourceRecordInput(SYSTEM, staff, _present(person), exported, PERSON)]
    agency = _agency(where, cells.get("Mã cơ quan") or "")
    start = _day(where, "Ngày bổ nhiệm", cells.get("Ngày bổ nhiệm") or "")
    end = cells.get("Ngày kết thúc") or ""
    appointment = {
        "citizen_id": cells.get("Số CCCD") or None,
        "staff_number": staff,
        "agency_code": agency,
        "agency_name": cells.get("Tên cơ quan") or None,
        "position": cells.get("Chức vụ") or None,
        "rank_code": cells.get("Mã ngạch") or None,
        "valid_from": start,
        "valid_to": _day(where, "Ngày kết thúc", end) if end else None,
    }
    inputs.append(
        SourceRecordInput(
            SYSTEM,
            f"{staff}:{agency}:{start}",
            _present(appointment),
            exported,
            CIVIL_SERVANT_APPOINTMENT,
        )
    )
    return inputs


def _day(where: str, column: str, value: str) -> str:
    match = _DAY.fullmatch(value.strip())
    if match is None:
        raise RecordError(f"{where}: {column} is {value!r}; expected a date as dd/mm/yyyy")
    day, month, year = (int(g) for g in match.groups())
    try:
        return datetime(year, month, day).date().isoformat()
    except ValueError:
        raise RecordError(f"{where}: {column} is {value!r}, not a real day (dd/mm/yyyy)") from None


def _agency(where: str, value: str) -> str:
    """The agency code in its Decision 20/2020 form, converted from QCVN 102 when needed."""
    code = value.strip().upper()
    converted = to_decision20(code) if looks_like_qcvn102(code) else code
    if not converted or not validate_agency_code(converted).valid:
        raise RecordError(
            f"{where}: Mã cơ quan is {value!r}; expected a QCVN 102 code like 000.00.18.G12 or "
            "a Decision 20/2020 code like G12.18"
        )
    return converted


def _present(payload: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in payload.items() if value is not None}
