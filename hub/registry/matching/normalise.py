"""Normalisers of single attributes (sex, commune code, street) for person matching."""

from __future__ import annotations

from functools import lru_cache

from hub.registry.matching.names import NameParts, fold_name, split_name

_SEXES = {
    "m": "M",
    "male": "M",
    "nam": "M",
    "f": "F",
    "female": "F",
    "nu": "F",
}
# Words that sources add or drop freely in a street address without changing the place.
_STREET_NOISE = frozenset({"so", "duong", "pho", "dg", "d", "p", "ngo", "hem", "kiet"})


def normalize_sex(value: str | None) -> str | None:
    """Return ``"M"`` or ``"F"`` for the usual spellings (``MALE``, ``Nam``, ``Nữ``, ...),
    else ``None``.
    """
    if value is None:
        return None
    return _folded_sex(value)


@lru_cache(maxsize=1024)
def _folded_sex(value: str) -> str | None:
    # Sources use a handful of spellings, so the folding is done once per spelling.
    return _SEXES.get(fold_name(value))


def normalize_commune_code(value: str | None) -> str | None:
    """Return a five-digit commune code with separators removed, else ``None``."""
    if value is None:
        return None
    text = "".join(ch for ch in value if not ch.isspace() and ch not in ".-")
    return text if len(text) == 5 and text.isascii() and text.isdigit() else None


def normalize_street(value: str | None) -> str | None:
    """Fold a street address and drop words sources add or omit at will ("số", "đường",
    "ngõ"...), keeping numbers and names; ``None`` when nothing is left.
    """
    if value is None:
        return None
    words = [word for word in fold_name(value).split() if word not in _STREET_NOISE]
    return " ".join(words) or None


@lru_cache(maxsize=65536)
def cached_name_parts(full_name: str) -> NameParts | None:
    """Return ``split_name(full_name)``, cached: a person preset reads three parts of the same
    name in a row, and common names recur across records.
    """
    return split_name(full_name)
