"""Organisation names: folding, canonical abbreviations, and the name comparator."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hub.registry.matching import Level
from hub.registry.matching.organization_names import (
    KIND_WORDS,
    LEGAL_FORM_WORDS,
    OrganizationName,
    blocking_words,
    fold_organization_name,
    organization_name_parts,
)

COMPARE = OrganizationName().compare
# Vietnamese letters with every tone mark, upper and lower case, and the punctuation sources
# put in names.
_VOWELS = "aăâeêioôơuưy"
_TONES = "\u0300\u0301\u0303\u0309\u0323"
VIETNAMESE_LETTERS = "".join(
    sorted(
        {unicodedata.normalize("NFC", base + tone) for base in _VOWELS for tone in ("", *_TONES)}
        | set("bcdđghklmnpqrstvx")
    )
)
WORDS = st.text(alphabet=VIETNAMESE_LETTERS, min_size=1, max_size=8)
NAMES = st.lists(WORDS, min_size=1, max_size=6).map(" ".join)
# Long forms and abbreviations that must fold alike, and words to put after them.
SPELLINGS = [
    ("Công ty", "CTY"),
    ("Công ty", "C.ty"),
    ("Trách nhiệm hữu hạn", "TNHH"),
    ("Công ty Cổ phần", "CTCP"),
    ("Cổ phần", "CP"),
    ("Một thành viên", "MTV"),
    ("Tổng công ty", "TCT"),
    ("Doanh nghiệp tư nhân", "DNTN"),
    ("Hộ kinh doanh", "HKD"),
    ("Hợp tác xã", "HTX"),
    ("Thương mại và Dịch vụ", "TM-DV"),
    ("Xuất nhập khẩu", "XNK"),
    ("Sản xuất", "SX"),
    ("Xây dựng", "XD"),
    ("Việt Nam", "VN"),
    ("Ủy ban nhân dân", "UBND"),
    ("Hội đồng nhân dân", "HĐND"),
    ("Trường Trung học phổ thông", "THPT"),
    ("Trường Trung học cơ sở", "Trường THCS"),
    ("Trường Tiểu học", "Trường TH"),
    ("Trường Mầm non", "Trường MN"),
    ("Trường Đại học", "ĐH"),
    ("Trường Cao đẳng", "CĐ"),
    ("Bệnh viện", "BV"),
    ("Trạm y tế", "TYT"),
]
TAILS = st.lists(
    st.sampled_from(["Minh", "Phát", "Tân", "Phú", "Sài", "Gòn", "An", "Khang", "số", "1"]),
    min_size=1,
    max_size=4,
).map(" ".join)


def strip_diacritics(text: str) -> str:
    """Return ``text`` with its tone and vowel marks removed, case kept (as many sources do)."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@pytest.mark.parametrize(
    ("written", "folded"),
    [
        ("Công ty TNHH Thương mại và Dịch vụ Minh Phát", "cty tnhh tm dv minh phat"),
        ("CTY TNHH TM-DV MINH PHAT", "cty tnhh tm dv minh phat"),
        ("  C.ty  TNHH TM & DV Minh   Phát ", "cty tnhh tm dv minh phat"),
        ("Tổng Công ty Bưu điện Việt Nam", "tct buu dien vn"),
        ("CTCP Sữa Việt Nam", "cty cp sua vn"),
        ("Công ty TNHH Một thành viên Hoàng Long", "cty tnhh mtv hoang long"),
        ("Ủy ban nhân dân xã Tân Phú", "ubnd xa tan phu"),
        ("Trường Trung học cơ sở Tân Phú", "thcs tan phu"),
        ("Trường TH số 1", "tieuhoc so 1"),
        ("Hộ kinh doanh Trần Văn Bình", "hkd tran van binh"),
        # "Trường" is only dropped before a school level: here it is part of the name.
        ("Công ty TNHH Trường Thành", "cty tnhh truong thanh"),
        ("...", ""),
    ],
)
def test_names_fold_to_one_canonical_spelling(written: str, folded: str) -> None:
    # Given a name as a source wrote it
    # When it is folded
    found = fold_organization_name(written)
    # Then case, diacritics, punctuation, spacing and organisational words are canonical
    assert found == folded


@given(st.text(max_size=60))
def test_folding_is_idempotent(text: str) -> None:
    # Given any text, folded once
    once = fold_organization_name(text)
    # When folded again
    twice = fold_organization_name(once)
    # Then nothing changes
    assert twice == once


@given(NAMES, st.integers(min_value=1, max_value=3))
def test_folding_ignores_case_diacritics_and_spacing(name: str, spaces: int) -> None:
    # Given a Vietnamese name, and the same name upper-cased, without diacritics, and with
    # extra spaces around and between the words
    variants = [
        name.upper(),
        name.lower(),
        strip_diacritics(name),
        (" " * spaces).join(f" {word} " for word in name.split()),
    ]
    # When each is folded
    folded = {fold_organization_name(variant) for variant in variants}
    # Then they all give the folding of the name
    assert folded == {fold_organization_name(name)}


@given(st.sampled_from(SPELLINGS), TAILS)
def test_long_forms_and_abbreviations_fold_alike(spelling: tuple[str, str], tail: str) -> None:
    # Given a name written with an organisational word in full, and with its abbreviation
    long_form, abbreviation = spelling
    # When both are folded
    long_folded = fold_organization_name(f"{long_form} {tail}")
    short_folded = fold_organization_name(f"{abbreviation} {tail}")
    # Then they are equal and the name's own words are kept
    assert long_folded == short_folded
    assert long_folded.endswith(fold_organization_name(tail))


def test_every_canonical_word_is_a_fixed_point() -> None:
    # Given the canonical kind and legal-form words
    for word in KIND_WORDS | LEGAL_FORM_WORDS:
        # When one is folded on its own
        # Then it stays itself (so folded names fold to themselves)
        assert fold_organization_name(word) == word


@pytest.mark.parametrize(
    ("left", "right", "level"),
    [
        ("Công ty TNHH Minh Phát", "CTY TNHH MINH PHAT", Level.EXACT),
        ("Công ty TNHH Minh Phát", "Công ty Cổ phần Minh Phát", Level.CLOSE),
        ("Công ty TNHH Thương mại Minh Phát", "Minh Phát", Level.CLOSE),
        ("Công ty TNHH Minh Phát", "Công ty TNHH Mihn Phát", Level.CLOSE),
        ("Công ty TNHH Bình Minh", "Công ty TNHH Minh Bình", Level.CLOSE),
        ("Công ty TNHH An Khang", "Công ty TNHH An Khánh", Level.CLOSE),
        ("Công ty TNHH Minhphat", "Công ty TNHH Minh Phát", Level.CLOSE),
        ("Công ty TNHH Minh Phát", "Công ty TNHH Minh Phát Sài Gòn", Level.PARTIAL),
        ("Công ty TNHH Minh Phát", "Công ty TNHH Minh Phước", Level.DIFFERENT),
        ("Công ty TNHH Phát", "Công ty TNHH Minh Phát Long", Level.DIFFERENT),
        ("Trường THCS Tân Phú", "Trường THPT Tân Phú", Level.DIFFERENT),
        ("UBND xã Tân Phú", "Trường THCS Tân Phú", Level.DIFFERENT),
        ("UBND xã Tân Phú", "UBND xã Tân Lập", Level.DIFFERENT),
        ("Trường Tiểu học số 1", "Trường Tiểu học số 2", Level.DIFFERENT),
        ("Trường THCS Tân Phú A", "Trường THCS Tân Phú B", Level.DIFFERENT),
        ("Công ty TNHH Mihn Phát", "Công ty TNHH Minh Pháp", Level.DIFFERENT),
    ],
)
def test_the_name_comparator_grades_names(left: str, right: str, level: Level) -> None:
    # Given two folded names
    a, b = fold_organization_name(left), fold_organization_name(right)
    # When compared either way round
    # Then the level is the expected one, and the same both ways
    assert COMPARE(a, b) is level
    assert COMPARE(b, a) is level


@given(NAMES, NAMES)
def test_the_name_comparator_is_symmetric_and_exact_on_equal_names(left: str, right: str) -> None:
    # Given two folded names
    a, b = fold_organization_name(left), fold_organization_name(right)
    # When compared
    # Then the level does not depend on the order, and a name is exact with itself
    assert COMPARE(a, b) is COMPARE(b, a)
    assert COMPARE(a, a) is Level.EXACT


def test_blocking_words_are_the_distinctive_words_of_two_letters_or_more() -> None:
    # Given a school whose name has kind words, legal-form words and a one-letter word
    folded = fold_organization_name("Trường THCS Tân Phú A")
    # When its blocking words and parts are read
    words = blocking_words(folded)
    parts = organization_name_parts(folded)
    # Then only the distinctive words of two letters or more block, and the kind is kept apart
    assert words == ("phu", "tan")
    assert parts.kinds == ("thcs",) and parts.words == ("tan", "phu", "a")
