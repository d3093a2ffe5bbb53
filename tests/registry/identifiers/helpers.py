"""Small readers of validation results shared by the identifier tests."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any, TypeVar

from hypothesis import strategies as st

from hub.registry.identifiers.models import IdentifierValidation

T = TypeVar("T")

# Text that reaches the parsers more often than st.text() does: digits, the separators the
# schemes accept or refuse, letters of agency codes and GeoHashes, and a few troublemakers.
IDENTIFIER_ALPHABET = "0123456789 .-/:ABCGHSZabcghswxyz\t\n\x00ſ٣"
identifier_like_text = st.text(alphabet=IDENTIFIER_ALPHABET, max_size=24)
any_text = st.text() | identifier_like_text


def error_codes(result: IdentifierValidation) -> list[str]:
    """Return the error codes of ``result`` in order."""
    return [error.code for error in result.errors]


def parts_of(result: IdentifierValidation) -> dict[str, str]:
    """Return the parts of ``result`` as a dictionary."""
    return {p.name: p.value for p in result.parts}


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine to completion from a synchronous (Hypothesis) test.

    A private loop, never made the thread's current loop, so that the session loop the async
    tests share is left alone (``asyncio.run`` would reset it).
    """
    loop = asyncio.new_event_loop()
    try:
        return loop.run_until_complete(coroutine)
    finally:
        loop.close()
