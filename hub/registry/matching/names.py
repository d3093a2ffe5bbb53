"""Person names folded for comparison and split into Vietnamese parts (family, middle, given).

Vietnamese names are written surname first: ``Nguyễn Văn An`` is family ``Nguyễn``, middle
``Văn``, given ``An``. Foreign-facing systems sometimes store them given name first
(``An Văn Nguyễn``, ``Thảo Bùi Thị``); a name whose first word is not a known family name but
a later word is, is read with that family name first, and ``name_readings`` gives the other
orders a name may have been written in.
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
    "lai", "khuc", "tieu", "thach", "au", "ong", "quan", "vuong", "to",
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

    A single word is taken as the given name. A name that does not start with a known family
    name but has one further on was written in another order: ``split_name("An Văn Nguyễn")``
    returns family ``nguyen``, middle ``van``, given ``an``, and ``split_name("Thảo Bùi Thị")``
    family ``bui``, middle ``thi``, given ``thao``.
    """
    if text is None:
        return None
    words = fold_name(text).split()
    if not words:
        return None
    if len(words) == 1:
        return NameParts("", "", words[0])
    if words[0] not in FAMILY_NAMES:
        if words[-1] in FAMILY_NAMES:
            words = [words[-1], *words[1:-1], words[0]]
        else:
            # Given name first, then family and middle names ("Thảo Bùi Thị").
            k = next((k for k, word in enumerate(words) if word in FAMILY_NAMES), 0)
            words = words[k:] + words[:k]
    return NameParts(words[0], " ".join(words[1:-1]), words[-1])


@lru_cache(maxsize=65536)
def name_readings(text: str) -> tuple[NameParts, ...]:
    """Return every plausible reading of a written name, ``split_name``'s first.

    Forms in English order and some exports write a Vietnamese name given name first (``Thảo
    Bùi Thị``: first name Thảo, last name Bùi Thị), family name last (``Thị Thảo Bùi``), or
    first, middle, last (``Thảo Thị Bùi``), in capitals without diacritics as often as not. So
    each known family name after the first word gives the reading that rotates it to the front,
    and one at the end also the reading that swaps the first and last words. Names whose given
    name is also a family name (``Trần Văn Hoàng``) get readings too, and a name ``split_name``
    reorders is also read as written. The matcher re-reads at most one record of a pair, and
    only where the re-read parts then agree, which keeps ``Lê Hà Mai`` and ``Lê Mai Hà`` apart.
    """
    first = split_name(text)
    if first is None:
        return ()
    words = fold_name(text).split()
    if len(words) == 1:
        return (first,)
    # As written too: a typo in the family name ("Huong Nguen Thi") hides the order.
    orders = [words]
    orders.extend(words[k:] + words[:k] for k in range(1, len(words)) if words[k] in FAMILY_NAMES)
    if words[-1] in FAMILY_NAMES:
        orders.append([words[-1], *words[1:-1], words[0]])
    readings = [first]
    for order in orders:
        parts = NameParts(order[0], " ".join(order[1:-1]), order[-1])
        if parts not in readings:
            readings.append(parts)
    return tuple(readings)


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
