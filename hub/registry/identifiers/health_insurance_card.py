"""Health insurance card code (mã thẻ BHYT), Decision 1351/QĐ-BHXH (2015).

15 characters in four boxes ``LL D DD NNNNNNNNNN``: beneficiary group (two letters), benefit
level (1-5), issuing province (two digits) and the 10-digit social insurance number, which is
the person's key; the first three boxes are entitlement attributes that change over time.
Whether the card printed since 2025 carries the social insurance number alone is unverified, so
a bare 10-digit value is accepted too and reported with the part ``format`` = ``"10"``.
"""

from __future__ import annotations

from hub.registry.identifiers.beneficiary_groups import find_beneficiary_group
from hub.registry.identifiers.models import (
    IdentifierError,
    IdentifierPart,
    IdentifierScheme,
    IdentifierValidation,
)
from hub.registry.identifiers.results import outcome, part, rejected
from hub.registry.identifiers.screening import (
    ASCII_LETTERS,
    DIGITS,
    ascii_upper,
    compact,
    foreign_chars,
    screen,
    show_chars,
)

SCHEME = IdentifierScheme.HEALTH_INSURANCE_CARD
CARD_LENGTH = 15
NUMBER_LENGTH = 10
BENEFIT_LEVELS = "12345"


def validate_health_insurance_card(value: str) -> IdentifierValidation:
    """Validate a card code of 15 characters, or a bare 10-digit social insurance number.

    Spaces, dots and dashes are removed and letters upper-cased. Every box is checked and every
    error reported. Parts: ``beneficiaryGroup``, ``beneficiaryGroupName``, ``benefitLevel``,
    ``issuingProvinceCode`` (range-checked only: its list is the social-security agency's),
    ``socialInsuranceNumber``, ``format`` (``"15"`` or ``"10"``).
    """
    stop = screen(value)
    if stop is not None:
        return rejected(SCHEME, value, [stop])
    text = ascii_upper(compact(value))
    shape = _shape_errors(text)
    if shape:
        return rejected(SCHEME, value, shape)
    if len(text) == NUMBER_LENGTH:
        parts = [part("socialInsuranceNumber", text), part("format", NUMBER_LENGTH)]
        return outcome(SCHEME, value, text, parts, ())
    return _validate_card(value, text)


def _shape_errors(text: str) -> list[IdentifierError]:
    expected = "a 15-character card code or a 10-digit social insurance number"
    if not text:
        return [IdentifierError("EMPTY", f"expected {expected}, found nothing")]
    errors = []
    foreign = foreign_chars(text, ASCII_LETTERS | DIGITS)
    if foreign:
        errors.append(
            IdentifierError(
                "INVALID_CHARACTER",
                f"expected letters A-Z and digits only, found {show_chars(foreign)}",
            )
        )
    if len(text) not in (CARD_LENGTH, NUMBER_LENGTH):
        errors.append(
            IdentifierError("WRONG_LENGTH", f"expected {expected}, found {len(text)} characters")
        )
    elif len(text) == NUMBER_LENGTH and not foreign and foreign_chars(text, DIGITS):
        errors.append(
            IdentifierError(
                "INVALID_SOCIAL_INSURANCE_NUMBER",
                f"expected a 10-character value to be a social insurance number of digits only,"
                f" found '{text}'",
            )
        )
    return errors


def _validate_card(value: str, card: str) -> IdentifierValidation:
    group, level, province, number = card[:2], card[2], card[3:5], card[5:]
    errors: list[IdentifierError] = []
    parts: list[IdentifierPart] = []
    if foreign_chars(group, ASCII_LETTERS):
        errors.append(
            IdentifierError(
                "INVALID_BENEFICIARY_GROUP",
                f"expected two letters for the beneficiary group, found '{group}'",
            )
        )
    elif (found := find_beneficiary_group(group)) is None:
        errors.append(
            IdentifierError(
                "UNKNOWN_BENEFICIARY_GROUP",
                f"expected a beneficiary group of Decision 1351/QĐ-BHXH, found '{group}'",
            )
        )
    else:
        parts += [part("beneficiaryGroup", group), part("beneficiaryGroupName", found.name)]
    if level in BENEFIT_LEVELS:
        parts.append(part("benefitLevel", level))
    else:
        errors.append(
            IdentifierError(
                "INVALID_BENEFIT_LEVEL",
                f"expected a benefit level 1-5 as the third character, found '{level}'",
            )
        )
    if foreign_chars(province, DIGITS) or province == "00":
        errors.append(
            IdentifierError(
                "INVALID_ISSUING_PROVINCE",
                f"expected an issuing province code 01-99 as characters 4-5, found '{province}'",
            )
        )
    else:
        parts.append(part("issuingProvinceCode", province))
    if foreign_chars(number, DIGITS):
        errors.append(
            IdentifierError(
                "INVALID_SOCIAL_INSURANCE_NUMBER",
                f"expected the last 10 characters to be the social insurance number in digits,"
                f" found '{number}'",
            )
        )
    else:
        parts.append(part("socialInsuranceNumber", number))
    parts.append(part("format", CARD_LENGTH))
    # A card whose boxes hold the wrong kind of character has no canonical form; an unknown
    # group or an out-of-range level still leaves a well-shaped code that can be stored.
    shaped = not (
        foreign_chars(group, ASCII_LETTERS) or foreign_chars(level + province + number, DIGITS)
    )
    return outcome(SCHEME, value, card if shaped else None, parts, errors)
