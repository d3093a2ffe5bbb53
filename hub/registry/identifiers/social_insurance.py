"""Social insurance number (mã số BHXH): 10 digits, the lifetime key of a person in social and
health insurance and the health identifier of Decision 2153/QĐ-BYT.

No internal structure or check digit is published, so none is decoded or verified here.
"""

from __future__ import annotations

from hub.registry.identifiers.models import IdentifierScheme, IdentifierValidation
from hub.registry.identifiers.results import outcome, rejected
from hub.registry.identifiers.screening import compact, digit_errors, screen

SCHEME = IdentifierScheme.SOCIAL_INSURANCE_NUMBER
LENGTH = 10


def validate_social_insurance_number(value: str) -> IdentifierValidation:
    """Validate a social insurance number: exactly 10 digits once spaces, dots and dashes are
    removed. It has no parts.
    """
    stop = screen(value)
    if stop is not None:
        return rejected(SCHEME, value, [stop])
    text = compact(value)
    shape = digit_errors(text, (LENGTH,), "a social insurance number")
    if shape:
        return rejected(SCHEME, value, shape)
    return outcome(SCHEME, value, text, (), ())
