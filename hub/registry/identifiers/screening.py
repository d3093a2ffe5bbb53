"""Checks and clean-ups of raw input shared by every scheme, before any format is parsed."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from hub.registry.identifiers.models import IdentifierError

MAX_INPUT_LENGTH = 256
DIGITS = frozenset("0123456789")
ASCII_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
# Categories refused outright: control characters (NUL, ESC, ...) and lone surrogates, which
# some databases reject or silently store and which no identifier ever contains.
_REFUSED_CATEGORIES = frozenset({"Cc", "Cs"})
_ASCII_UPPER = str.maketrans("abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def screen(value: str) -> IdentifierError | None:
    """Return the error that stops validation before parsing, or ``None`` when parsing may go on.

    Values longer than ``MAX_INPUT_LENGTH`` get ``TOO_LONG``; control characters left after
    stripping the surrounding whitespace get ``CONTROL_CHARACTER`` (a trailing newline from a
    pasted value is therefore accepted, a NUL anywhere is not).
    """
    if len(value) > MAX_INPUT_LENGTH:
        return IdentifierError(
            "TOO_LONG",
            f"expected at most {MAX_INPUT_LENGTH} characters, found {len(value)}",
        )
    refused = [ch for ch in value.strip() if unicodedata.category(ch) in _REFUSED_CATEGORIES]
    if refused:
        return IdentifierError(
            "CONTROL_CHARACTER",
            f"expected printable text, found control character(s) {show_chars(refused)}",
        )
    return None


def compact(value: str, *, remove: str = ".-") -> str:
    """Strip ``value`` and drop every whitespace character and every character in ``remove``."""
    return "".join(ch for ch in value.strip() if not ch.isspace() and ch not in remove)


def ascii_upper(text: str) -> str:
    """Upper-case ASCII letters only.

    ``str.upper`` would turn the long s or the dotless i into ``S`` and ``I`` and so accept
    characters no identifier contains.
    """
    return text.translate(_ASCII_UPPER)


def foreign_chars(text: str, allowed: frozenset[str]) -> list[str]:
    """Return the distinct characters of ``text`` not in ``allowed``, in order of appearance."""
    return list(dict.fromkeys(ch for ch in text if ch not in allowed))


def show_chars(chars: Iterable[str]) -> str:
    """Render characters for a message: ``'A'`` when printable, ``U+0000`` otherwise."""
    shown = []
    for ch in dict.fromkeys(chars):
        printable = ch.isprintable() and not ch.isspace()
        shown.append(f"'{ch}'" if printable else f"U+{ord(ch):04X}")
    return ", ".join(shown)


def digit_errors(text: str, lengths: tuple[int, ...], what: str) -> list[IdentifierError]:
    """Check that ``text`` is made of ASCII digits only and has one of ``lengths``.

    ``what`` names the identifier in the messages (``"a citizen ID"``). Both problems are
    reported when both are present.
    """
    expected = " or ".join(str(n) for n in lengths)
    if not text:
        return [IdentifierError("EMPTY", f"expected {what} of {expected} digits, found nothing")]
    errors = []
    foreign = foreign_chars(text, DIGITS)
    if foreign:
        errors.append(
            IdentifierError(
                "INVALID_CHARACTER",
                f"expected digits 0-9 only, found {show_chars(foreign)}",
            )
        )
    if len(text) not in lengths:
        errors.append(
            IdentifierError(
                "WRONG_LENGTH",
                f"expected {what} of {expected} digits, found {len(text)} characters",
            )
        )
    return errors
