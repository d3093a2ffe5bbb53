"""Person names folded for comparison and split into Vietnamese parts (family, middle, given).

Vietnamese names are written surname first: ``Nguyễn Văn An`` is family ``Nguyễn``, middle
``Văn``, given ``An``. Foreign-facing systems sometimes store them given name first
(``An Văn Nguyễn``); a name whose last word is a known family name and whose first word is not
is read in that order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from hub.kit.text import fold

# Folded family names that cover about 95 % of the population (General Statistics Office
# figures as quoted in public sources), plus common smaller ones; only used to recognise the
# given-name-first order, so a missing rare surname just leaves a name in the order written.
# "Văn" is left out: a rare surname, but one of the commonest middle names.
FAMILY_NAMES = frozenset((
    "nguyen", "tran", "le", "pham", "hoang", "huynh", "phan", "vu", "vo",
    "dang", "bui", "do", "ho", "ngo", "duong", "ly", "dinh", "truong",
    "mai", "lam", "trinh", "dao", "cao", "ha", "luong", "luu", "quach",
    "ta", "chu", "thai", "la", "kieu", "tang", "doan", "giang", "tong",
    "lai", "khuc", "tieu", "thach", "au", "ong", "quan", "vuong",
))  # fmt: skip
_NOT_NAME = re.compile(r"[^0-9a-z ]+")
# Initial consonant clusters that sound alike or that Vietnamese spelling varies on, longest
# first: the phonetic key keeps one class per cluster.
_INITIALS: tuple[tuple[str, str], ...] = (
    ("ngh", "N"),
    ("ng", "N"),
    ("gh", "G"),
    ("gi", "Z"),
    ("ph", "F"),
    ("th", "T"),
    ("tr", "C"),
    ("ch", "C"),
    ("kh", "K"),
    ("qu", "K"),
    ("nh", "J"),
    ("c", "K"),
    ("k", "K"),
    ("q", "K"),
    ("d", "Z"),
    ("r", "Z"),
    ("z", "Z"),
    ("s", "S"),
    ("x", "S"),
    ("f", "F"),
)
_VOWELS = frozenset("aeiouy")


@dataclass(frozen=True, slots=True)
class NameParts:
    """A folded name split surname first; ``middle`` may be empty."""

    family: str
    middle: str
    given: str

    @property
    def full(self) -> str:
        """Return the parts joined surname first."""
        return " ".join(part for part in (self.family, self.middle, self.given) if part)


@lru_cache(maxsize=65536)
def fold_name(text: str) -> str:
    """Fold a name for comparison: lower case, no diacritics, no punctuation, single spaces."""
    return " ".join(_NOT_NAME.sub(" ", fold(text)).split())


def split_name(text: str | None) -> NameParts | None:
    """Split a full name into family, middle and given parts; ``None`` when it has no letters.

    A single word is taken as the given name. ``split_name("An Văn Nguyễn")`` reads the
    given-name-first order and returns family ``nguyen``, middle ``van``, given ``an``.
    """
    if text is None:
        return None
    words = fold_name(text).split()
    if not words:
        return None
    if len(words) == 1:
        return NameParts("", "", words[0])
    if words[-1] in FAMILY_NAMES and words[0] not in FAMILY_NAMES:
        words = [words[-1], *words[1:-1], words[0]]
    return NameParts(words[0], " ".join(words[1:-1]), words[-1])


@lru_cache(maxsize=65536)
def phonetic_word(word: str) -> str:
    """Return a coarse sound key of one folded word: its initial consonant class and the
    consonants after the first vowel group (``nguyen`` and ``nguen`` give ``Nn``).
    """
    head = ""
    rest = word
    for cluster, sound in _INITIALS:
        if word.startswith(cluster):
            head, rest = sound, word[len(cluster) :]
            break
    else:
        if word and word[0] not in _VOWELS:
            head, rest = word[0].upper(), word[1:]
    consonants = "".join(ch for ch in rest if ch not in _VOWELS and ch != "h")
    # Repeated letters are a common typo and never change the sound.
    squeezed = "".join(ch for i, ch in enumerate(consonants) if i == 0 or consonants[i - 1] != ch)
    return (head or "_") + squeezed


def phonetic_key(*words: str) -> str | None:
    """Return an order-free sound key of some words (folded first), or ``None`` when none has
    letters. Sorting makes the key the same whichever order the name was written in.
    """
    keys = sorted(phonetic_word(w) for word in words for w in fold_name(word).split())
    return "-".join(keys) or None
