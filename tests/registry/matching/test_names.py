"""Names: folding, Vietnamese name parts and the phonetic key."""

from __future__ import annotations

import pytest

from hub.registry.matching import NameParts, fold_name, phonetic_key, split_name


def test_fold_name_ignores_case_diacritics_spacing_and_punctuation() -> None:
    # Given the same name typed four ways
    spellings = [
        "Đặng Thị Ngọc Ánh",
        "  dang   THI ngoc anh ",
        "Dang Thi Ngoc-Anh",
        "ĐẶNG THỊ NGỌC ÁNH",
    ]
    # When each is folded
    folded = {fold_name(spelling) for spelling in spellings}
    # Then all give one form
    assert folded == {"dang thi ngoc anh"}


@pytest.mark.parametrize(
    ("written", "parts"),
    [
        ("Nguyễn Văn An", NameParts("nguyen", "van", "an")),
        ("Trần Thị Ngọc Hân", NameParts("tran", "thi ngoc", "han")),
        ("Lê Hoa", NameParts("le", "", "hoa")),
        ("An Văn Nguyễn", NameParts("nguyen", "van", "an")),
        ("Hoa", NameParts("", "", "hoa")),
    ],
)
def test_split_name_reads_surname_first_and_recognises_given_name_first(
    written: str, parts: NameParts
) -> None:
    # Given a written name
    # When it is split
    found = split_name(written)
    # Then family, middle and given parts come out, whatever the written order
    assert found == parts


def test_split_name_keeps_the_order_when_both_ends_are_family_names() -> None:
    # Given a name whose given name is also a surname (Hoàng)
    # When it is split
    found = split_name("Nguyễn Văn Hoàng")
    # Then it is read surname first, as Vietnamese names are written
    assert found == NameParts("nguyen", "van", "hoang")


@pytest.mark.parametrize("empty", [None, "", "  ", "--"])
def test_split_name_of_nothing_is_none(empty: str | None) -> None:
    # Given no letters at all
    # When split
    # Then there is no name
    assert split_name(empty) is None


def test_phonetic_key_ignores_order_diacritics_and_vowel_slips() -> None:
    # Given a name and variants with a vowel slip, another order and no diacritics
    key = phonetic_key("Nguyễn", "Hương")
    # When their keys are computed
    variants = [phonetic_key("nguen", "huong"), phonetic_key("Hương", "Nguyễn")]
    # Then they agree, while another name does not
    assert variants == [key, key]
    assert phonetic_key("Trần", "Hương") != key
    assert phonetic_key("", " ") is None
