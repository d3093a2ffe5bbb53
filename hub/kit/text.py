"""Text folding for search and matching: case, diacritics and spacing ignored."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
# Đ/đ is a distinct letter, not D with a combining mark, so NFD does not strip it.
_LETTER_FOLDS = str.maketrans({"đ": "d", "Đ": "d"})


def fold(text: str) -> str:
    """Return ``text`` lower-cased, without diacritics and with single spaces.

    ``fold("  Bắc   Ninh ") == "bac ninh"``; used for search keys so that a query typed without
    Vietnamese diacritics finds the accented name.
    """
    decomposed = unicodedata.normalize("NFD", text.translate(_LETTER_FOLDS))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped).strip().lower()


def compact_key(text: str) -> str:
    """Return ``text`` folded with everything but letters and digits removed (``"xabinhgiang"``)."""
    return "".join(ch for ch in fold(text) if ch.isalnum())


def has_control_characters(text: str) -> bool:
    """Tell whether ``text`` holds NUL or other C0 control characters (tab and newlines allowed).

    PostgreSQL rejects NUL in text while SQLite stores it, so such input is refused before it
    reaches either database.
    """
    return any(ord(ch) < 32 and ch not in "\t\n\r" for ch in text)
