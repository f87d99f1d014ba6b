"""Banks typed in TCVN3 (ABC) or VNI: converted to Unicode NFC, said in the
preview; a file mixing them with Unicode is refused, naming the encoding."""

import unicodedata

import docx
import pytest

from quizzes.importing import legacy, parse_file
from quizzes.importing import messages as m
from quizzes.importing.checks import say

from . import wordbanks as wb
from .workbooks import row, workbook

# "Câu hỏi…" as the TCVN3 and VNI fonts stored it, read as Unicode today.
TCVN3_QUESTION = "LuËt C«ng ®oµn n¨m 2012 cã hiÖu lùc tõ ngµy nµo?"
TCVN3_CHOICES = ("Ngµy 01/01/2013", "Ngµy 01/07/2013", "Tr­íc ®ã")
VNI_QUESTION = "Luaät Coâng ñoaøn naêm 2012 coù hieäu löïc töø ngaøy naøo?"
VNI_CHOICES = ("Ngaøy 01/01/2013", "Ngaøy 01/07/2013", "Tröôùc ñoù")
UNICODE_QUESTION = "Luật Công đoàn năm 2012 có hiệu lực từ ngày nào?"
UNICODE_CHOICES = ["Ngày 01/01/2013", "Ngày 01/07/2013", "Trước đó"]


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("C©u hái vÒ chuyÓn ®æi sè", legacy.TCVN3),
        ("Caâu hoûi veà chuyeån ñoåi soá", legacy.VNI),
    ],
)
def test_each_encoding_is_detected_and_converted_to_nfc(text, encoding):
    assert legacy.detect([text]) == encoding
    converted = legacy.convert(text, encoding)
    assert converted == "Câu hỏi về chuyển đổi số"
    assert unicodedata.is_normalized("NFC", converted)


def test_unicode_vietnamese_is_left_alone():
    assert legacy.detect([UNICODE_QUESTION, "© 2024 · ½ giờ", "Nhiệt độ 25 °C"]) is None


@pytest.mark.parametrize(
    ("question", "choices", "name"),
    [
        (TCVN3_QUESTION, TCVN3_CHOICES, "TCVN3 (ABC)"),
        (VNI_QUESTION, VNI_CHOICES, "VNI"),
    ],
)
def test_a_legacy_workbook_imports_as_unicode_and_says_so(question, choices, name):
    result = parse_file(workbook([row(text=question, choices=choices)]), "xlsx")
    assert not result.errors, [str(e) for e in result.errors]
    (converted,) = result.rows
    assert (converted.text, converted.choices) == (UNICODE_QUESTION, UNICODE_CHOICES)
    assert say(m.LEGACY_CONVERTED, encoding=name) in map(str, result.notices)


def test_a_tcvn3_word_bank_in_a_vntime_font_imports_as_unicode():
    document = docx.Document()
    for text in (
        f"C©u 1: {TCVN3_QUESTION}",
        *(
            f"{letter}. {choice}"
            for letter, choice in zip("ABC", TCVN3_CHOICES, strict=True)
        ),
        "\xa7\xb8p \xb8n: A",  # "Đáp án: A"
    ):
        run = document.add_paragraph().add_run(text)
        run.font.name = ".VnTime"
    result = parse_file(wb.save(document), "docx")
    assert not result.errors, [str(e) for e in result.errors]
    (question,) = result.rows
    assert (question.text, question.choices, question.correct) == (
        UNICODE_QUESTION,
        UNICODE_CHOICES,
        0,
    )


def test_a_tcvn3_aiken_file_imports_as_unicode():
    text = (
        f"{TCVN3_QUESTION}\nA. {TCVN3_CHOICES[0]}\nB. {TCVN3_CHOICES[1]}\nANSWER: A\n"
    )
    result = parse_file(text.encode(), "aiken")
    assert [q.text for q in result.rows] == [UNICODE_QUESTION]


def test_a_cell_mixing_unicode_and_tcvn3_is_refused_naming_the_encoding():
    data = workbook(
        [
            row(text=TCVN3_QUESTION + " (Luật Công đoàn)", choices=TCVN3_CHOICES),
            row(text="Chuyển đổi số gồm mấy trụ cột?", choices=("Hai", "Ba", "Bốn")),
        ]
    )
    result = parse_file(data, "xlsx")
    assert [str(e) for e in result.errors] == [
        say(m.LEGACY_MIXED, encoding="TCVN3 (ABC)")
    ]


def test_legacy_rows_beside_unicode_rows_are_converted_row_by_row():
    data = workbook(
        [
            row(text=TCVN3_QUESTION, choices=TCVN3_CHOICES),
            row(text="Chuyển đổi số gồm mấy trụ cột?", choices=("Hai", "Ba", "Bốn")),
        ]
    )
    result = parse_file(data, "xlsx")
    assert [q.text for q in result.rows] == [
        UNICODE_QUESTION,
        "Chuyển đổi số gồm mấy trụ cột?",
    ]
