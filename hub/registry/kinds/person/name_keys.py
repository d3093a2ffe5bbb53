"""Folded search keys of a person's name, stored beside the golden full name so that a name
search is an index range scan on SQLite and PostgreSQL alike.

A name is folded as the matcher folds it (``fold_name``: case, diacritics, đ, punctuation and
spacing ignored) and kept in two orders: as written, family name first (``nguyen van an``), and
given name first (``an van nguyen``, the order foreign-facing systems use), so that a search
typed from the start of either order finds the person.
"""

from __future__ import annotations

from hub.registry.matching.names import fold_name

MAX_KEY_LENGTH = 200
"""Keys (and the searches compared with them) keep this many folded characters."""


def name_key(full_name: str) -> str:
    """Return the name folded, in the order written: ``"Nguyễn  Văn An"`` → ``"nguyen van an"``."""
    return fold_name(full_name)[:MAX_KEY_LENGTH].rstrip()


def given_first_key(full_name: str) -> str:
    """Return the name folded with its last word (the given name) moved first:
    ``"Nguyễn Văn An"`` → ``"an van nguyen"``; a name of one word stays as it is.
    """
    words = fold_name(full_name).split()
    reordered = [*words[-1:], *words[1:-1], *words[:1]] if len(words) > 1 else words
    return " ".join(reordered)[:MAX_KEY_LENGTH].rstrip()


def prefix_bounds(prefix: str) -> tuple[str, str]:
    """Return ``(low, high)`` such that a key starts with ``prefix`` exactly when
    ``low <= key < high`` in byte order (the order of the keys' index).

    ``prefix`` must be a non-empty key (``name_key`` of something): its characters are ASCII
    letters, digits and single inner spaces, so the character after its last one is plain ASCII.
    """
    if not prefix:
        raise ValueError("an empty prefix bounds nothing")
    return prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)
