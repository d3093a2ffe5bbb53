"""The legacy Vietnamese encodings of old HR exports: TCVN3 (ABC) and VNI-Windows, which
Python has no codec for, both ways (the simulator writes them), and the choice of an encoding
for a file: the one whose text holds the header row's words exactly.

TCVN3 gives each lower-case letter with its marks one byte; upper-case letters with tone
marks do not exist in it (names typed in capitals were written with the lower-case bytes in a
"VnTimeH" font), so a word whose other letters are capitals is put in capitals after decoding.
VNI-Windows writes a base letter followed by one byte for its vowel mark and tone combined, or
two bytes (a Windows-1252 letter standing for each mark).
"""

from __future__ import annotations

import unicodedata

# TCVN3 bytes (as Latin-1 characters) of the lower-case letters, in the order of _LETTERS.
_LETTERS = (
    "àáảãạ" "ăằắẳẵặ" "âầấẩẫậ" "đ" "èéẻẽẹ" "êềếểễệ" "ìíỉĩị" "òóỏõọ" "ôồốổỗộ" "ơờớởỡợ"
    "ùúủũụ" "ưừứửữự" "ỳýỷỹỵ" "ĂÂĐÊÔƠƯ"
)  # fmt: skip
_TCVN3 = (
    "µ¸¶·¹" "¨»¾¼½Æ" "©ÇÊÈÉË" "®" "ÌÐÎÏÑ" "ªÒÕÓÔÖ" "×ÝØÜÞ" "ßãáâä" "«åèæçé" "¬êíëìî"
    "ïóñòô" "\xadõøö÷ù" "úýûüþ" "¡¢§£¤¥¦"
)  # fmt: skip
_TCVN3_DECODE = dict(zip(_TCVN3, _LETTERS, strict=True))
_TCVN3_ENCODE = {letter: byte for byte, letter in _TCVN3_DECODE.items()}

_TONES = {"\u0300": 0, "\u0301": 1, "\u0309": 2, "\u0303": 3, "\u0323": 4}
_PLAIN_TONE = "øùûõï"  # grave, acute, hook, tilde, dot below
_CIRCUMFLEX = ("â", "àáåãä")
_BREVE = ("ê", "èéúüë")
_I_TONE = "ìíæóò"


def _vni_of(letter: str) -> str:
    """The VNI-Windows spelling (Windows-1252 characters) of one lower-case letter."""
    if letter == "đ":
        return "ñ"
    parts = unicodedata.normalize("NFD", letter)
    base, marks = parts[0], parts[1:]
    tone = next((_TONES[m] for m in marks if m in _TONES), None)
    if "\u031b" in marks:  # horn: ơ ư are one byte each, the tone follows
        return ("ô" if base == "o" else "ö") + ("" if tone is None else _PLAIN_TONE[tone])
    if "\u0302" in marks:
        return base + (_CIRCUMFLEX[0] if tone is None else _CIRCUMFLEX[1][tone])
    if "\u0306" in marks:
        return base + (_BREVE[0] if tone is None else _BREVE[1][tone])
    if tone is None:
        return base
    if base == "i":
        return _I_TONE[tone]
    if base == "y" and tone == 4:
        return "î"
    return base + _PLAIN_TONE[tone]


_VNI_ENCODE: dict[str, str] = {}
for _lower in set(_LETTERS[:-7]) | set("ăâêôơưđ"):
    _VNI_ENCODE[_lower] = _vni_of(_lower)
    _VNI_ENCODE[_lower.upper()] = _vni_of(_lower).upper()
_VNI_DECODE = {spelling: letter for letter, spelling in _VNI_ENCODE.items() if spelling != letter}


def decode_tcvn3(data: bytes) -> str:
    """Decode TCVN3 bytes to NFC text (words in capitals made capitals throughout)."""
    text = "".join(_TCVN3_DECODE.get(ch, ch) for ch in data.decode("latin-1"))
    return unicodedata.normalize("NFC", "\n".join(_capitalised(line) for line in text.split("\n")))


def encode_tcvn3(text: str) -> bytes:
    """Encode text as TCVN3 (capitals with tone marks as their lower-case bytes)."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        byte = _TCVN3_ENCODE.get(ch) or _TCVN3_ENCODE.get(ch.lower())
        out.append(byte if byte is not None else ch)
    return "".join(out).encode("latin-1")


def decode_vni(data: bytes) -> str:
    """Decode VNI-Windows bytes to NFC text, reading the longest spelling at each place."""
    text = data.decode("cp1252", errors="strict")
    out, i = [], 0
    while i < len(text):
        pair = text[i : i + 2]
        if len(pair) == 2 and pair in _VNI_DECODE:
            out.append(_VNI_DECODE[pair])
            i += 2
        else:
            out.append(_VNI_DECODE.get(text[i], text[i]))
            i += 1
    return unicodedata.normalize("NFC", "".join(out))


def encode_vni(text: str) -> bytes:
    """Encode text as VNI-Windows."""
    normal = unicodedata.normalize("NFC", text)
    return "".join(_VNI_ENCODE.get(ch, ch) for ch in normal).encode("cp1252")


def _capitalised(line: str) -> str:
    """Put in capitals the words typed in capitals: two capitals and no small letter besides
    the marked ones, or no unmarked letter at all after such a word (``QUỲNH Ỷ``)."""
    words, previous = [], False
    for word in line.split(" "):
        rest = [ch for ch in word if ch.isalpha() and ch not in _LETTERS]
        capital = all(ch.isupper() for ch in rest) and (len(rest) >= 2 or (not rest and previous))
        words.append(word.upper() if capital else word)
        previous = capital
    return " ".join(words)


DECODERS = {
    "utf-8": lambda data: unicodedata.normalize("NFC", data.decode("utf-8-sig")),
    "windows-1258": lambda data: unicodedata.normalize("NFC", data.decode("cp1258")),
    "vni": decode_vni,
    "tcvn3": decode_tcvn3,
}
"""Every encoding the adapter reads, in the order detection tries them."""


def encode_windows_1258(text: str) -> bytes:
    """Encode text as Windows-1258 the way Windows writes Vietnamese in it: letters with
    their vowel marks precomposed, tone marks as combining characters after them."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", ch)
        tones = "".join(m for m in parts[1:] if m in _TONES)
        kept = unicodedata.normalize("NFC", "".join(m for m in parts if m not in _TONES))
        try:
            kept.encode("cp1258")
        except UnicodeEncodeError:
            kept = unicodedata.normalize("NFD", kept)  # e.g. ỹ's y with no precomposed form
        out.append(kept + tones)
    return "".join(out).encode("cp1258")
