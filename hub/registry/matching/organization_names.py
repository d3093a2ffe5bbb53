"""Organisation names folded for comparison, and the comparator of the organisation model.

Sources write the same body in many ways: "Công ty TNHH Thương mại Minh Phát", "CTY TNHH TM
MINH PHAT", "C.ty TNHH TM Minh Phát". ``fold_organization_name`` folds case, diacritics,
punctuation and spacing, then rewrites the common organisational words and their abbreviations
to one canonical token each ("cong ty" and "cty" both become ``cty``), so that these spellings
give one string.

The canonical words fall in three groups that weigh differently:

- *kind words* say what sort of body it is (people's committee, a school level, a hospital,
  a cooperative): two names with different kind words are different bodies, however alike the
  rest ("THCS Tân Phú" is not "THPT Tân Phú");
- *legal-form words* (company, limited, joint-stock, trade, services...) are added, dropped and
  changed freely by sources, so names that differ only in them are close, not exact;
- every other word is *distinctive*: it carries the identity and feeds blocking.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import OSA

from hub.registry.matching.levels import Level
from hub.registry.matching.names import fold_name

# Folded spellings and their canonical token. Each entry is (spellings, canonical words); a
# spelling is matched as whole words, longest first, and rewriting repeats until nothing
# changes, so "tong cong ty" becomes "tong cty" and then "tct".
_ALIASES: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("cong ty", "c ty", "congty"), ("cty",)),
    (("tong cty",), ("tct",)),
    (("ctcp",), ("cty", "cp")),
    (("trach nhiem huu han",), ("tnhh",)),
    (("co phan",), ("cp",)),
    (("mot thanh vien", "1 thanh vien"), ("mtv",)),
    (("doanh nghiep tu nhan",), ("dntn",)),
    (("ho kinh doanh",), ("hkd",)),
    (("hop tac xa",), ("htx",)),
    (("thuong mai",), ("tm",)),
    (("dich vu",), ("dv",)),
    (("xuat nhap khau",), ("xnk",)),
    (("san xuat",), ("sx",)),
    (("xay dung",), ("xd",)),
    (("viet nam", "vietnam"), ("vn",)),
    (("uy ban nhan dan",), ("ubnd",)),
    (("hoi dong nhan dan",), ("hdnd",)),
    (("trung hoc pho thong", "truong thpt"), ("thpt",)),
    (("trung hoc co so", "truong thcs"), ("thcs",)),
    (("tieu hoc", "truong tieuhoc", "truong th"), ("tieuhoc",)),
    (("mam non", "truong mamnon", "truong mn"), ("mamnon",)),
    (("dai hoc", "truong dh"), ("dh",)),
    (("cao dang", "truong cd"), ("cd",)),
    (("benh vien",), ("bv",)),
    (("tram y te",), ("tyt",)),
    # "và" joins words ("Thương mại và Dịch vụ") that other sources write with a dash.
    (("va",), ()),
)
_PHRASES: dict[tuple[str, ...], tuple[str, ...]] = {
    tuple(spelling.split()): canonical
    for spellings, canonical in _ALIASES
    for spelling in spellings
}
_LONGEST = max(len(phrase) for phrase in _PHRASES)

KIND_WORDS = frozenset(
    {"ubnd", "hdnd", "thpt", "thcs", "tieuhoc", "mamnon", "dh", "cd", "bv", "tyt", "htx"}
)
"""Canonical words naming the kind of body; names with different ones never match."""
LEGAL_FORM_WORDS = frozenset(
    {"cty", "tct", "tnhh", "cp", "mtv", "dntn", "hkd", "tm", "dv", "xnk", "sx", "xd", "vn"}
)
"""Canonical words of legal form and trade that sources add or drop: they make a name close,
not different.
"""


def _rewrite(words: tuple[str, ...]) -> tuple[str, ...]:
    out: list[str] = []
    i = 0
    while i < len(words):
        for size in range(min(_LONGEST, len(words) - i), 0, -1):
            canonical = _PHRASES.get(words[i : i + size])
            if canonical is not None:
                out.extend(canonical)
                i += size
                break
        else:
            out.append(words[i])
            i += 1
    return tuple(out)


@lru_cache(maxsize=65536)
def fold_organization_name(text: str) -> str:
    """Fold an organisation name for comparison: lower case, no diacritics, no punctuation,
    single spaces, and organisational words in canonical form; ``""`` when nothing is left.

    ``fold_organization_name("CÔNG TY Trách nhiệm hữu hạn Minh Phát")`` and
    ``fold_organization_name("Cty TNHH Minh Phat")`` both give ``"cty tnhh minh phat"``.
    """
    words = tuple(fold_name(text).split())
    # Each pass only shortens the words or replaces a spelling by canonical words that no
    # single-word spelling rewrites again, so the loop ends.
    while (rewritten := _rewrite(words)) != words:
        words = rewritten
    return " ".join(words)


@dataclass(frozen=True, slots=True)
class OrganizationNameParts:
    """A folded name split into its kind words (sorted), its distinctive words (in order)
    and the numbers among them; legal-form words are left out.
    """

    kinds: tuple[str, ...]
    words: tuple[str, ...]
    numbers: tuple[str, ...]


@lru_cache(maxsize=65536)
def organization_name_parts(folded: str) -> OrganizationNameParts:
    """Split a name folded by ``fold_organization_name`` into kind and distinctive words."""
    tokens = folded.split()
    words = tuple(t for t in tokens if t not in KIND_WORDS and t not in LEGAL_FORM_WORDS)
    return OrganizationNameParts(
        kinds=tuple(sorted(t for t in tokens if t in KIND_WORDS)),
        words=words,
        numbers=tuple(w for w in words if w.isdigit()),
    )


def blocking_words(folded: str) -> tuple[str, ...]:
    """Return the distinct distinctive words of a folded name that are long enough to block
    on (single letters such as the "A" of "Tân Phú A" would make huge blocks), sorted.
    """
    return tuple(sorted({w for w in organization_name_parts(folded).words if len(w) > 1}))


class OrganizationName:
    """Compares two names folded by ``fold_organization_name``.

    ``EXACT``: the folded names are equal. ``DIFFERENT`` whenever the kind words or the
    numbers differ ("THCS" against "THPT", "Số 1" against "Số 2"). Otherwise, on the
    distinctive words: ``CLOSE`` when they are equal (only legal-form words differ), the same
    words in another order or with other spacing, or the same words but one with a single
    typo (one edit: a letter changed, added or dropped, or two neighbours swapped; one-letter
    words excepted, "Tân Phú A" is not "Tân Phú B"); ``PARTIAL`` when one name's words are all
    in the other and cover at least half of them ("Minh Phát" and "Minh Phát Sài Gòn");
    else ``DIFFERENT``. Vietnamese syllables are short, so two typos, or any change in a word
    of a short name, already make another name ("Tân Phú" and "Tân Lập").
    """

    levels = (Level.EXACT, Level.CLOSE, Level.PARTIAL, Level.DIFFERENT)

    def compare(self, left: str, right: str) -> Level:
        """Return the level at which two folded names agree."""
        if left == right:
            return Level.EXACT
        a, b = organization_name_parts(left), organization_name_parts(right)
        if a.kinds != b.kinds or a.numbers != b.numbers:
            return Level.DIFFERENT
        if sorted(a.words) == sorted(b.words) or "".join(a.words) == "".join(b.words):
            return Level.CLOSE
        if _one_typo(a.words, b.words):
            return Level.CLOSE
        left_set, right_set = set(a.words), set(b.words)
        contained = left_set <= right_set or right_set <= left_set
        if contained and len(left_set & right_set) * 2 >= len(left_set | right_set):
            return Level.PARTIAL
        return Level.DIFFERENT


def _one_typo(left: tuple[str, ...], right: tuple[str, ...]) -> bool:
    """Tell whether the words are the same but for one pair one edit apart."""
    if len(left) != len(right):
        return False
    differing = [(a, b) for a, b in zip(left, right, strict=True) if a != b]
    if len(differing) != 1:
        return False
    a, b = differing[0]
    return min(len(a), len(b)) > 1 and OSA.distance(a, b, score_cutoff=1) <= 1
