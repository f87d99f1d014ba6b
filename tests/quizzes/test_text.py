"""Pure text helpers: the duplicate key and the ASCII search copy."""

import unicodedata

import pytest
from unidecode import unidecode

from core.formatting import ascii_fold
from quizzes.text import clean_text, text_key


@pytest.mark.parametrize(
    "variant",
    [
        "ngày chuyển đổi số",
        "  NGÀY   CHUYỂN ĐỔI SỐ ",
        "Ngày\u00a0chuyển\tđổi\nsố",
        unicodedata.normalize("NFD", "Ngày chuyển đổi số"),
    ],
)
def test_text_key_ignores_case_spaces_and_unicode_form(variant):
    assert text_key(variant) == text_key("Ngày chuyển đổi số")


def test_text_key_keeps_accents_apart():
    assert text_key("Ngày chuyển đổi số") != text_key("Ngay chuyen doi so")
    assert len(text_key("x")) == 64


@pytest.mark.parametrize(
    "text",
    ["Đề án 06 \u2013 “Chuyển đổi số”", "Tỉnh Đắk Lắk", "ƯỚC LƯỢNG", "café 中文 ﬁ"],
)
def test_ascii_fold_matches_unidecode(text):
    assert ascii_fold(text) == unidecode(text).lower()


def test_clean_text_is_nfc_with_unix_lines_and_no_control_characters():
    raw = unicodedata.normalize("NFD", " Câu\r\nhỏi\x0b? ")
    assert clean_text(raw) == "Câu\nhỏi?"
    assert clean_text(None) == ""
