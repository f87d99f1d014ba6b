"""Vietnamese typed in the legacy 8-bit encodings, read back as Unicode.

Before Unicode, Vietnamese was typed with fonts whose glyphs sat on Latin-1 code
points: TCVN3 (ABC, fonts ".VnTime", ".VnArial") puts each accented letter on one
code point, VNI (fonts "VNI-Times") writes a base letter then a mark. Opened
today, "Câu hỏi" shows as "C©u hái" (TCVN3) or "Caâu hoûi" (VNI). No maintained
Python library converts them; these tables are written from the published code
charts (TCVN 5712:1993 VN3, lower-case font; VNI for Windows).

Pure: no Django. `detect` judges a whole file's text, `convert` maps it and
returns NFC.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

TCVN3 = "tcvn3"
VNI = "vni"
NAMES = {TCVN3: "TCVN3 (ABC)", VNI: "VNI"}

# TCVN3: one code point per letter. Upper-case accented letters came from a
# second font (".VnTimeH") on the same code points: they read back lower case.
_TCVN3_CHART = {
    "a": "\xb5\xb8\xb6\xb7\xb9",  # à á ả ã ạ
    "ă": "\xbb\xbe\xbc\xbd\xc6",
    "â": "\xc7\xca\xc8\xc9\xcb",
    "e": "\xcc\xd0\xce\xcf\xd1",
    "ê": "\xd2\xd5\xd3\xd4\xd6",
    "i": "\xd7\xdd\xd8\xdc\xde",
    "o": "\xdf\xe3\xe1\xe2\xe4",
    "ô": "\xe5\xe8\xe6\xe7\xe9",
    "ơ": "\xea\xed\xeb\xec\xee",
    "u": "\xef\xf3\xf1\xf2\xf4",
    "ư": "\xf5\xf8\xf6\xf7\xf9",
    "y": "\xfa\xfd\xfb\xfc\xfe",
}
_TONES = "\u0300\u0301\u0309\u0303\u0323"  # grave, acute, hook, tilde, dot below
_TCVN3_BASE = {
    "\xa8": "ă",
    "\xa9": "â",
    "\xaa": "ê",
    "\xab": "ô",
    "\xac": "ơ",
    "\xad": "ư",
    "\xae": "đ",
    "\xa1": "Ă",
    "\xa2": "Â",
    "\xa3": "Ê",
    "\xa4": "Ô",
    "\xa5": "Ơ",
    "\xa6": "Ư",
    "\xa7": "Đ",
}
TCVN3_TABLE: dict[str, str] = dict(_TCVN3_BASE)
for _base, _codes in _TCVN3_CHART.items():
    for _code, _tone in zip(_codes, _TONES, strict=True):
        TCVN3_TABLE[_code] = unicodedata.normalize("NFC", _base + _tone)

# VNI: a base letter, then mark code points; a few letters have their own.
_VNI_MARKS = {
    # lower-case mark: (tone or shape added)
    "\xf9": "\u0301",  # ù acute
    "\xf8": "\u0300",  # ø grave
    "\xfb": "\u0309",  # û hook
    "\xf5": "\u0303",  # õ tilde
    "\xef": "\u0323",  # ï dot below
}
_VNI_HAT = {  # after a, e, o: circumflex with a tone
    "\xe2": "",  # â circumflex alone
    "\xe1": "\u0301",
    "\xe0": "\u0300",
    "\xe5": "\u0309",
    "\xe3": "\u0303",
    "\xe4": "\u0323",
}
_VNI_BREVE = {  # after a: breve with a tone
    "\xea": "",  # ê breve alone
    "\xe9": "\u0301",
    "\xe8": "\u0300",
    "\xfa": "\u0309",
    "\xfc": "\u0303",
    "\xeb": "\u0323",
}
_VNI_SINGLE = {
    "\xed": "í",
    "\xec": "ì",
    "\xe6": "ỉ",
    "\xf3": "ĩ",
    "\xf2": "ị",
    "\xf4": "ơ",
    "\xf6": "ư",
    "\xee": "ỵ",
    "\xf1": "đ",
    "\xcd": "Í",
    "\xcc": "Ì",
    "\xc6": "Ỉ",
    "\xd3": "Ĩ",
    "\xd2": "Ị",
    "\xd4": "Ơ",
    "\xd6": "Ư",
    "\xce": "Ỵ",
    "\xd1": "Đ",
}


def _build_vni() -> dict[str, str]:
    table: dict[str, str] = {}
    for upper in (False, True):

        def case(text: str, upper: bool = upper) -> str:
            return text.upper() if upper else text

        for base in "aeouy" + "\xf4\xf6":  # ô/ö: ơ and ư take tones too
            letter = _VNI_SINGLE.get(base, base)
            for mark, tone in _VNI_MARKS.items():
                table[case(base) + case(mark)] = unicodedata.normalize(
                    "NFC", case(letter) + tone
                )
        for base in "aeo":
            for mark, tone in _VNI_HAT.items():
                table[case(base) + case(mark)] = unicodedata.normalize(
                    "NFC", case(base) + "\u0302" + tone
                )
        for mark, tone in _VNI_BREVE.items():
            table[case("a") + case(mark)] = unicodedata.normalize(
                "NFC", case("a") + "\u0306" + tone
            )
    table.update(_VNI_SINGLE)
    return table


VNI_TABLE = _build_vni()
_VNI_PATTERN = re.compile(
    "|".join(re.escape(key) for key in sorted(VNI_TABLE, key=len, reverse=True))
)
_TCVN3_PATTERN = re.compile("[" + re.escape("".join(TCVN3_TABLE)) + "]")

# Letters of Vietnamese in Unicode beyond Latin-1 (ạ, ả, ư, ơ, đ…): text that has
# them is Unicode already.
_UNICODE_VIETNAMESE = re.compile(
    "[\u0102\u0103\u0110\u0111\u0128\u0129\u0168\u0169\u01a0\u01a1\u01af\u01b0"
    "\u1ea0-\u1ef9]"
)
# Evidence, in code points that never occur in Vietnamese Unicode: VNI's marks
# (\xf8 \xfb \xef \xe5 …), which TCVN3 also uses, and the rest of TCVN3's letters
# (copyright, registered, ordinal signs, micro …), which only TCVN3 uses. Counted
# only inside a word: "© 2024" or "½ giờ" is no evidence.
_VIETNAMESE_LATIN1 = set("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")
_VNI_SPECIFIC = set("\xf8\xfb\xef\xe5\xe4\xeb\xfc\xf6\xf1\xe6\xee")
_VNI_SPECIFIC |= {c.upper() for c in _VNI_SPECIFIC}
_IN_WORD = "A-Za-z\x80-\xff"


def _in_word(chars: str) -> re.Pattern:
    group = "[" + re.escape(chars) + "]"
    return re.compile(rf"(?<=[{_IN_WORD}]){group}|{group}(?=[{_IN_WORD}])")


_TCVN3_ONLY = _in_word(
    "".join(c for c in TCVN3_TABLE if c not in _VIETNAMESE_LATIN1 | _VNI_SPECIFIC)
)
_VNI_MARKS_SEEN = _in_word("".join(sorted(_VNI_SPECIFIC)))
_ANY_EVIDENCE = re.compile(
    "["
    + re.escape("".join(sorted(set(TCVN3_TABLE) - _VIETNAMESE_LATIN1 | _VNI_SPECIFIC)))
    + "]"
)

MIN_EVIDENCE = 3


def detect(texts: Iterable[str], fonts: Iterable[str] = ()) -> str | None:
    """TCVN3, VNI or None (Unicode, or not Vietnamese), judged over every text
    (cell, paragraph, line) of a file. Fonts named ".Vn…" or "VNI-…" decide;
    otherwise the letters do. A text holding Unicode Vietnamese is Unicode; one
    that also holds legacy letters raises MixedEncoding."""
    fonts = [font.casefold() for font in fonts if font]
    if any(font.startswith(".vn") for font in fonts):
        return TCVN3
    if any(font.startswith("vni") for font in fonts):
        return VNI
    texts = [text for text in texts if text and not text.isascii()]
    # One pass over everything first: most files hold no legacy letter at all.
    if not _ANY_EVIDENCE.search("\n".join(texts)):
        return None
    tcvn3 = vni = 0
    for text in texts:
        if not text or text.isascii():
            continue
        here = len(_TCVN3_ONLY.findall(text)), len(_VNI_MARKS_SEEN.findall(text))
        if _UNICODE_VIETNAMESE.search(text):
            if sum(here) >= MIN_EVIDENCE:
                raise MixedEncoding(TCVN3 if here[0] else VNI)
            continue
        tcvn3 += here[0]
        vni += here[1]
    if tcvn3 + vni < MIN_EVIDENCE:
        return None
    # VNI never writes TCVN3's own letters; TCVN3 writes VNI's marks too.
    return TCVN3 if tcvn3 else VNI


class MixedEncoding(Exception):
    """Unicode Vietnamese and a legacy encoding in one file: not converted."""

    def __init__(self, encoding: str):
        super().__init__(encoding)
        self.encoding = encoding


def convert(text: str, encoding: str) -> str:
    """`text` typed in `encoding`, as Unicode NFC."""
    if not text or text.isascii() or _UNICODE_VIETNAMESE.search(text):
        return text  # already Unicode (a template's headers, say)
    if encoding == TCVN3:
        text = _TCVN3_PATTERN.sub(lambda match: TCVN3_TABLE[match.group()], text)
    elif encoding == VNI:
        text = _VNI_PATTERN.sub(lambda match: VNI_TABLE[match.group()], text)
    return unicodedata.normalize("NFC", text)
