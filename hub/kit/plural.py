"""Counts in words: "1 entry", "2 entries"."""

from __future__ import annotations


def counted(count: int, singular: str, plural: str | None = None) -> str:
    """Return ``count`` followed by the noun in the number it takes (``plural`` if irregular).

    ``counted(1, "entry", "entries") == "1 entry"``; ``counted(0, "code") == "0 codes"``.
    """
    noun = singular if count == 1 else (plural or f"{singular}s")
    return f"{count} {noun}"
