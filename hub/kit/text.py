"""Text folding for search and matching: case, diacritics and spacing ignored."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SURROGATE = re.compile("[\ud800-\udfff]")
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
    """Tell whether ``text`` holds a control character: C0 but tab and newlines, DEL, or C1.

    PostgreSQL rejects NUL in text while SQLite stores it, so such input is refused before it
    reaches either database; the other control characters (U+0001-U+001F, U+007F-U+009F) are
    never text a person means, and C1 ones pass unseen through most tools.
    """
    return _CONTROL.search(text) is not None


def first_lone_surrogate(text: str) -> str | None:
    """Return the first lone surrogate in ``text`` (a half of a UTF-16 pair), or None.

    Python strings may hold them (JSON's ``\\ud800`` escape), but they are not Unicode text:
    no UTF-8 encoder, and so neither database, accepts them.
    """
    found = _SURROGATE.search(text)
    return None if found is None else found.group()
