"""Agency codes (mã định danh cơ quan) in either written form, normalised to Decision 20/2020.

Both forms are live: QCVN 102:2016 codes (``000.00.00.G22``) name X-Road members on the national
platform, Decision-20 codes (``G09.20``) appear in newer systems. See ``agency_code_forms`` for
the two grammars.
"""

from __future__ import annotations

from hub.registry.identifiers.agency_code_forms import (
    AgencyCode,
    format_decision20,
    format_qcvn102,
    looks_like_qcvn102,
    parse_decision20,
    parse_qcvn102,
    qcvn102_obstacle,
)
from hub.registry.identifiers.models import IdentifierError, IdentifierScheme, IdentifierValidation
from hub.registry.identifiers.results import outcome, part, rejected
from hub.registry.identifiers.screening import ascii_upper, compact, screen

SCHEME = IdentifierScheme.AGENCY_CODE
DECISION_20 = "DECISION_20"
QCVN_102 = "QCVN_102"


def read_agency_code(value: str) -> tuple[AgencyCode | None, str, list[IdentifierError]]:
    """Parse ``value`` in whichever form it is written.

    Returns the code (or ``None``), the input form (``DECISION_20`` or ``QCVN_102``) and every
    error found. Surrounding and inner whitespace is removed and letters are upper-cased; dots
    are kept because both forms use them.
    """
    stop = screen(value)
    if stop is not None:
        return None, DECISION_20, [stop]
    text = ascii_upper(compact(value, remove=""))
    if not text:
        return (
            None,
            DECISION_20,
            [IdentifierError("EMPTY", "expected an agency code, found nothing")],
        )
    if looks_like_qcvn102(text):
        code, errors = parse_qcvn102(text)
        return code, QCVN_102, errors
    code, errors = parse_decision20(text)
    return code, DECISION_20, errors


def validate_agency_code(value: str) -> IdentifierValidation:
    """Validate an agency code in the Decision-20 or QCVN 102 form.

    ``normalized`` is the Decision-20 form. Parts: ``inputForm``, ``decision20Form``,
    ``qcvn102Form`` when the code can be written in QCVN 102, otherwise ``qcvn102Note`` saying
    why not (that is no error: the code is a valid Decision-20 code), ``level``, ``level1Code``.
    """
    code, input_form, errors = read_agency_code(value)
    if code is None:
        return rejected(SCHEME, value, errors)
    decision20 = format_decision20(code)
    parts = [part("inputForm", input_form), part("decision20Form", decision20)]
    qcvn102 = format_qcvn102(code)
    if qcvn102 is not None:
        parts.append(part("qcvn102Form", qcvn102))
    else:
        parts.append(part("qcvn102Note", f"no QCVN 102 form: {qcvn102_obstacle(code)}"))
    parts += [part("level", code.level), part("level1Code", code.groups[0])]
    return outcome(SCHEME, value, decision20, parts, ())


def to_qcvn102(code: str) -> str | None:
    """Return ``code`` (either form) in the QCVN 102 form, or ``None`` when it is invalid or has
    no QCVN 102 form: ``to_qcvn102("G12.18") == "000.00.18.G12"``.
    """
    parsed, _, _ = read_agency_code(code)
    return None if parsed is None else format_qcvn102(parsed)


def to_decision20(code: str) -> str | None:
    """Return ``code`` (either form) in the Decision-20 form, or ``None`` when it is invalid:
    ``to_decision20("000.01.18.G12") == "G12.18.01"``.
    """
    parsed, _, _ = read_agency_code(code)
    return None if parsed is None else format_decision20(parsed)
