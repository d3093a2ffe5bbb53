"""Enterprise / tax code (mã số doanh nghiệp, mã số thuế): 10 digits, or 13 written
``NNNNNNNNNN-NNN`` for a branch or dependent unit.

The 10th digit is a check digit over the first nine: weights 31, 29, 23, 19, 17, 13, 7, 5, 3;
check = 10 - (sum mod 11). When that gives 10 no check digit exists, so no valid code has that
base. The branch suffix runs from 001 to 999.
"""

from __future__ import annotations

from hub.registry.identifiers.models import IdentifierError, IdentifierScheme, IdentifierValidation
from hub.registry.identifiers.results import outcome, part, rejected
from hub.registry.identifiers.screening import compact, digit_errors, screen

SCHEME = IdentifierScheme.TAX_CODE
BASE_LENGTH = 10
BRANCH_LENGTH = 3
WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)
CITIZEN_ID_LENGTH = 12


def tax_check_digit(first_nine: str) -> int | None:
    """Return the check digit for the first nine digits of a tax code, or ``None`` when the
    formula gives 10 and no check digit exists.

    Raises ``ValueError`` unless ``first_nine`` is nine ASCII digits.
    """
    if len(first_nine) != len(WEIGHTS) or not first_nine.isascii() or not first_nine.isdigit():
        raise ValueError(f"expected nine digits, found {first_nine!r}")
    total = sum(weight * int(digit) for weight, digit in zip(WEIGHTS, first_nine, strict=True))
    check = 10 - total % 11
    return None if check == 10 else check


def validate_tax_code(value: str) -> IdentifierValidation:
    """Validate a tax code: 10 digits with a correct check digit, optionally followed by a
    branch number 001-999 (with or without the dash; normalised to ``NNNNNNNNNN-NNN``).

    Spaces and dots are removed; a dash is accepted only between the 10th and 11th digit.
    Parts: ``base``, ``checkDigit``, ``branch`` (branches only), ``kind`` (``ENTERPRISE`` or
    ``BRANCH``).
    """
    stop = screen(value)
    if stop is not None:
        return rejected(SCHEME, value, [stop])
    text = compact(value, remove=".")
    digits = text.replace("-", "")
    errors = _separator_errors(text)
    errors += _length_errors(digits)
    if errors:
        return rejected(SCHEME, value, errors)
    base, branch = digits[:BASE_LENGTH], digits[BASE_LENGTH:]
    errors += _check_digit_errors(base)
    parts = [part("base", base), part("checkDigit", base[-1])]
    if branch:
        parts.append(part("branch", branch))
        if branch == "0" * BRANCH_LENGTH:
            errors.append(
                IdentifierError(
                    "INVALID_BRANCH_NUMBER",
                    f"expected a branch number from 001 to 999, found {branch}",
                )
            )
    parts.append(part("kind", "BRANCH" if branch else "ENTERPRISE"))
    normalized = f"{base}-{branch}" if branch else base
    return outcome(SCHEME, value, normalized, parts, errors)


def _separator_errors(text: str) -> list[IdentifierError]:
    if "-" not in text:
        return []
    base, _, branch = text.partition("-")
    if len(base) == BASE_LENGTH and "-" not in branch:
        return []
    return [
        IdentifierError(
            "MISPLACED_SEPARATOR",
            "expected at most one dash, between the 10-digit base and the 3-digit branch"
            f" number, found '{text}'",
        )
    ]


def _length_errors(digits: str) -> list[IdentifierError]:
    errors = digit_errors(digits, (BASE_LENGTH, BASE_LENGTH + BRANCH_LENGTH), "a tax code")
    if len(digits) == CITIZEN_ID_LENGTH and any(e.code == "WRONG_LENGTH" for e in errors):
        # Since 1 July 2025 individuals use their 12-digit citizen ID as tax number (Circular
        # 86/2024/TT-BTC; not in DOMAIN.md), so such a value is likely not a mistyped code.
        errors = [
            IdentifierError(
                e.code,
                f"{e.message}; a 12-digit value may be a citizen ID used as a personal tax"
                " number: validate it as CITIZEN_ID",
            )
            if e.code == "WRONG_LENGTH"
            else e
            for e in errors
        ]
    return errors


def _check_digit_errors(base: str) -> list[IdentifierError]:
    expected = tax_check_digit(base[:9])
    if expected is None:
        return [
            IdentifierError(
                "INVALID_CHECK_DIGIT_BASE",
                f"no valid check digit exists for the first nine digits {base[:9]}"
                " (10 - sum mod 11 gives 10), so no tax code starts with them",
            )
        ]
    if int(base[9]) != expected:
        return [
            IdentifierError(
                "INVALID_CHECK_DIGIT",
                f"expected check digit {expected} for the first nine digits {base[:9]},"
                f" found {base[9]}",
            )
        ]
    return []
