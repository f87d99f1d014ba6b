"""Aiken and GIFT read as Moodle's own importers read them (question/format/aiken
and question/format/gift, and their tests): the cases of Moodle's fixtures, written
again in Vietnamese."""

import pytest

from quizzes.importing import messages as m
from quizzes.importing import parse_file
from quizzes.importing.checks import say
from quizzes.models import QuestionBank
from quizzes.services import import_questions

pytestmark = pytest.mark.django_db

# The cases of Moodle's aiken_errors fixture: too few answers, a choice and an
# ANSWER before any question, a good question, one never finished, and choices
# written without a space after "A)".
AIKEN_CASES = """\
Câu hỏi chỉ có một đáp án
A) Đáp án duy nhất
ANSWER: A

A) Câu hỏi chưa bắt đầu

ANSWER: Câu hỏi chưa bắt đầu

Câu hỏi tốt
A) Đúng
B) Sai
ANSWER: A

Câu hỏi bắt đầu mà chưa xong
A) Gần đúng
B) Gần sai

Câu hỏi tốt thứ hai
A)Sai (không có dấu cách)
B)Đúng (không có dấu cách)
ANSWER: B

Câu hỏi có ký tự HTML như > < &
A) Đúng (< > &)
B) Sai (< > &)
ANSWER: A
"""


def test_aiken_finds_what_moodle_finds_and_names_each_line():
    result = parse_file(AIKEN_CASES.encode(), "aiken")
    assert [(q.text, q.choices, q.correct) for q in result.rows] == [
        ("Câu hỏi tốt", ["Đúng", "Sai"], 0),
        (
            "Câu hỏi tốt thứ hai",
            ["Sai (không có dấu cách)", "Đúng (không có dấu cách)"],
            1,
        ),
        ("Câu hỏi có ký tự HTML như > < &", ["Đúng (< > &)", "Sai (< > &)"], 0),
    ]
    assert [(e.row, e.message) for e in result.errors] == [
        (1, say(m.TOO_FEW_CHOICES, count=1, min=2)),
        (5, str(m.AIKEN_NOT_STARTED)),
        (7, str(m.AIKEN_NOT_STARTED)),
        (14, str(m.AIKEN_NO_ANSWER)),
    ]


def test_the_aiken_file_with_errors_imports_nothing():
    outcome = import_questions(
        data=AIKEN_CASES.encode(), bank_name="Moodle", fmt="aiken"
    )
    assert not outcome.ok
    assert not QuestionBank.objects.exists()


def test_aiken_answer_with_two_letters_counts_the_first_as_moodle_does():
    text = "Chọn hai?\nA. Một\nB. Hai\nC. Ba\nANSWER: B, C\n"
    result = parse_file(text.encode(), "aiken")
    assert [(q.text, q.correct) for q in result.rows] == [("Chọn hai?", 1)]
    assert [str(n) for n in result.notices] == [
        "Dòng 5: " + say(m.AIKEN_FIRST_LETTER, value="B, C", letter="B")
    ]


GIFT_FORMATS = r"""
[plain]Thẻ <b>này</b> là chữ thường? {=Đúng ~Sai}

[markdown]Câu hỏi *markdown*? {=Một ~Hai}

[moodle]Câu hỏi định dạng Moodle? {=Một ~Hai}

[html]<p>Đoạn một &amp; hai,</p><p>dòng <b>hai</b><br>dòng ba</p>{
  =[html]<i>Đáp&nbsp;án</i> đúng
  ~[plain]<i>giữ</i> nguyên
}

::Tên câu::[html]Tên câu hỏi có định dạng sau tên? {=X ~Y}
"""


def test_gift_format_markers_are_formats_not_text():
    result = parse_file(GIFT_FORMATS.encode(), "gift")
    assert not result.errors, [str(e) for e in result.errors]
    assert [(q.text, q.choices) for q in result.rows] == [
        ("Thẻ <b>này</b> là chữ thường?", ["Đúng", "Sai"]),
        ("Câu hỏi *markdown*?", ["Một", "Hai"]),
        ("Câu hỏi định dạng Moodle?", ["Một", "Hai"]),
        (
            "Đoạn một & hai,\ndòng hai\ndòng ba",
            ["Đáp án đúng", "<i>giữ</i> nguyên"],
        ),
        ("Tên câu hỏi có định dạng sau tên?", ["X", "Y"]),
    ]


def test_an_image_in_gift_html_is_an_error_naming_the_line():
    text = (
        "Câu một? {=A ~B}\n\n"
        '[html]<p>Nhìn hình <img src="@@PLUGINFILE@@/a.png"></p> {=Có ~Không}\n'
    )
    result = parse_file(text.encode(), "gift")
    assert [(e.row, e.message) for e in result.errors] == [(3, str(m.GIFT_IMAGE))]
