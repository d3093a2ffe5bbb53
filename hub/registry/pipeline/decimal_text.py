"""Exact decimals that travel as text: golden values live in JSON (history, provenance,
source attributes), where a float would lose digits and a ``Decimal`` does not serialise.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import Numeric
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator


def decimal_text(value: Any, places: int) -> str | None:
    """Return ``value`` rounded to ``places`` decimals as canonical text, or ``None`` when it
    is not a finite number (a decimal comma is accepted: Vietnamese sources write ``120,5``).
    """
    if value is None or isinstance(value, bool):
        return None
    text = str(value).strip().replace(" ", "")
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    if not number.is_finite():
        return None
    return str(number.quantize(Decimal(1).scaleb(-places)))


class DecimalText(TypeDecorator[str]):
    """A ``NUMERIC(precision, scale)`` column whose Python value is the canonical text."""

    impl = Numeric
    cache_ok = True

    def __init__(self, precision: int, scale: int) -> None:
        super().__init__(precision=precision, scale=scale, asdecimal=True)
        self.scale = scale

    def process_bind_param(self, value: str | None, dialect: Dialect) -> Decimal | None:
        """Store the text as an exact decimal."""
        return None if value is None else Decimal(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> str | None:
        """Read the decimal back as the same canonical text ingestion produced."""
        return decimal_text(value, self.scale)
