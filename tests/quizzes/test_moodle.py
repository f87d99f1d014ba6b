"""Moodle Aiken and GIFT: single-answer multiple choice in, the rest skipped."""

import unicodedata

import pytest

from quizzes.importing import messages as m
from quizzes.importing import parse_file
from quizzes.importing.checks import say
from quizzes.importing.gift import category_topic, unescape
from quizzes.models import Question, Topic
from quizzes.services import import_questions

BANK = "Ngân hàng Moodle"

AIKEN = """\
Luật An ninh mạng có ngày nào?
A. 12/6/2018
B) 19/11/2015
C. 29/6/2006
ANSWER: A

Cuộc thi Bắc Kạn năm 2023 dành cho người từ bao nhiêu tuổi?
A. 12
B. 15
ANSWER: B
Giải cá nhân gồm những giải nào?
A. Nhất
B. Nhì
ANSWER: A, B

Hình thức thi phần một?
A. Trắc nghiệm trực tuyến
B. Tự luận
C. Video clip
ANSWER: A
"""


def parse(text: str, fmt: str):
    return parse_file(text.encode("utf-8"), fmt)


def messages_of(errors):
    return [(e.row, e.message) for e in errors]


def test_aiken_reads_the_first_letter_of_answer_as_moodle_does_and_says_so():
    result = parse(AIKEN, "aiken")
    assert result.errors == []
    assert [(q.row, q.text, q.correct) for q in result.rows] == [
        (1, "Luật An ninh mạng có ngày nào?", 0),
        (7, "Cuộc thi Bắc Kạn năm 2023 dành cho người từ bao nhiêu tuổi?", 1),
        (11, "Giải cá nhân gồm những giải nào?", 0),
        (16, "Hình thức thi phần một?", 0),
    ]
    assert result.rows[0].choices == ["12/6/2018", "19/11/2015", "29/6/2006"]
    assert [str(n) for n in result.notices] == [
        "Dòng 14: " + say(m.AIKEN_FIRST_LETTER, value="A, B", letter="A")
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Câu hỏi?\nA. Một\nB. Hai\n", [(1, str(m.AIKEN_NO_ANSWER))], id="no-answer"
        ),
        pytest.param(
            "Câu hỏi?\nA. Một\nC. Hai\nANSWER: A\n",
            [(3, say(m.AIKEN_LETTER_ORDER, letter="C"))],
            id="letters-out-of-order",
        ),
        pytest.param(
            "Câu hỏi?\nA. Một\nB. Hai\nANSWER: D\n",
            [(4, say(m.AIKEN_ANSWER_UNKNOWN, letter="D"))],
            id="answer-names-no-choice",
        ),
        pytest.param(
            "Câu hỏi?\nA. Một\nANSWER: A\n",
            [(1, say(m.TOO_FEW_CHOICES, count=1, min=2))],
            id="one-choice",
        ),
        pytest.param(
            "Câu hỏi?\n" + "".join(f"{c}. {c}{c}\n" for c in "ABCDEFG") + "ANSWER: A\n",
            [(1, say(m.TOO_MANY_CHOICES, count=7, max=6))],
            id="seven-choices",
        ),
        pytest.param(
            "Câu hỏi?\nA. Một\nB. Hai\nANSWER:\n",
            [(4, str(m.MISSING_CORRECT))],
            id="empty-answer",
        ),
        pytest.param(
            "Câu hỏi?\nA. Một\nB. Hai\nANSWER: A\n\n"
            "Câu hỏi?\nA. Hai\nB. Một\nANSWER: B\n",
            [(6, say(m.DUPLICATE_IN_FILE, other=1))],
            id="duplicate",
        ),
        pytest.param(
            "Câu một?\nA. X\nB. Y\n\nCâu hai?\nA. X\nB. Y\nANSWER: A\n",
            [(1, str(m.AIKEN_NO_ANSWER))],
            id="answer-line-forgotten-before-next-question",
        ),
    ],
)
def test_aiken_errors_name_their_line(text, expected):
    result = parse(text, "aiken")
    assert messages_of(result.errors) == expected


GIFT = r"""// Ngân hàng câu hỏi mẫu, định dạng GIFT
$CATEGORY: $course$/top/Luật An ninh mạng

::Câu 1:: Luật An ninh mạng có ngày nào? {
  =12/6/2018 # Đúng.
  ~19/11/2015 # Đó là Luật An toàn thông tin mạng.
  ~29/6/2006
  ####Danh mục tài liệu của cuộc thi năm 2024.
}

// hai câu cùng chủ đề
Tỷ lệ 1\:2 \= một nửa; ký tự \~ \# \{ \} giữ nguyên? {=Đúng ~Sai ~Không rõ}

$CATEGORY: Ngày Chuyển đổi số
Ngày Chuyển đổi số quốc gia là ngày {~01/10 =10/10 ~15/10} hằng năm.

[html]<p>Hội thảo có khoảng <b>bao nhiêu</b> người?</p>{=150 ~300}

Đúng hay sai: thi trực tuyến? {TRUE}

Ai được dự thi? {=Thí sinh =Người dân}

Ghép văn bản với ngày. {=Luật An ninh mạng -> 12/6/2018 =Luật Công nghệ -> 2006}

Năm ban hành Luật Công nghệ thông tin? {#2006}

Nêu cảm nghĩ về chuyển đổi số. {}

Chọn các luật. {~%50%Luật An ninh mạng ~%50%Luật Giao dịch điện tử ~%-100%Nghị định}

Chọn hai đáp án. {=Một =Hai ~Ba}

Đoạn giới thiệu không có đáp án.
"""


def test_gift_imports_multiple_choice_and_skips_every_other_type():
    result = parse(GIFT, "gift")
    assert result.errors == []
    rows = [(q.row, q.topic, q.text, q.choices, q.correct) for q in result.rows]
    assert rows == [
        (
            4,
            "Luật An ninh mạng",
            "Luật An ninh mạng có ngày nào?",
            ["12/6/2018", "19/11/2015", "29/6/2006"],
            0,
        ),
        (
            12,
            "Luật An ninh mạng",
            "Tỷ lệ 1:2 = một nửa; ký tự ~ # { } giữ nguyên?",
            ["Đúng", "Sai", "Không rõ"],
            0,
        ),
        (
            15,
            "Ngày Chuyển đổi số",
            "Ngày Chuyển đổi số quốc gia là ngày _____ hằng năm.",
            ["01/10", "10/10", "15/10"],
            1,
        ),
        (
            17,
            "Ngày Chuyển đổi số",
            "Hội thảo có khoảng bao nhiêu người?",
            ["150", "300"],
            0,
        ),
    ]
    assert result.rows[0].explanation == "Danh mục tài liệu của cuộc thi năm 2024."
    assert [(s.line, s.message) for s in result.skipped] == [
        (19, str(m.SKIP_TRUE_FALSE)),
        (21, str(m.SKIP_SHORT_ANSWER)),
        (23, str(m.SKIP_MATCHING)),
        (25, str(m.SKIP_NUMERICAL)),
        (27, str(m.SKIP_ESSAY)),
        (29, say(m.SKIP_WEIGHTED, weight="%50%")),
        (31, say(m.SKIP_MULTIPLE_CORRECT, count=2)),
        (33, str(m.SKIP_DESCRIPTION)),
    ]


@pytest.mark.django_db
def test_gift_import_creates_topics_from_categories():
    outcome = import_questions(data=GIFT.encode(), bank_name=BANK, fmt="gift")
    assert outcome.ok
    assert outcome.created == 4
    assert len(outcome.skipped) == 8
    assert sorted(Topic.objects.values_list("name", flat=True)) == [
        "Luật An ninh mạng",
        "Ngày Chuyển đổi số",
    ]
    question = Question.objects.get(text__startswith="Luật An ninh mạng")
    assert question.choices.get(is_correct=True).text == "12/6/2018"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Không có đáp án đúng? {~Một ~Hai}",
            [(1, str(m.MISSING_CORRECT))],
            id="no-right-answer",
        ),
        pytest.param(
            "Thiếu ngoặc đóng? {=Một ~Hai",
            [(1, say(m.GIFT_UNCLOSED, line=1))],
            id="unclosed",
        ),
        pytest.param(
            "Hai phần? {=Một ~Hai} và {=Ba ~Bốn}",
            [(1, str(m.GIFT_SECOND_BLOCK))],
            id="two-answer-blocks",
        ),
        pytest.param(
            "Cú pháp lạ? {Một ~Hai =Ba}",
            [(1, str(m.GIFT_NO_ANSWERS))],
            id="text-before-first-answer",
        ),
        pytest.param(
            "Đáp án trống? {=Một ~ ~Ba}",
            [(1, say(m.EMPTY_CHOICE, letter="B"))],
            id="empty-choice",
        ),
        pytest.param(
            "Bảy đáp án? {=1 ~2 ~3 ~4 ~5 ~6 ~7}",
            [(1, say(m.TOO_MANY_CHOICES, count=7, max=6))],
            id="seven-choices",
        ),
        pytest.param(
            "{=Một ~Hai}",
            [(1, str(m.EMPTY_QUESTION))],
            id="no-question-text",
        ),
    ],
)
def test_gift_errors_name_their_line(text, expected):
    assert messages_of(parse(text, "gift").errors) == expected


def test_gift_escapes_and_categories():
    assert unescape(r"a\~b\=c\#d\{e\}f\:g\\h\nk") == "a~b=c#d{e}f:g\\h\nk"
    assert category_topic(" $course$/top/Luật//Nghị định/Luật An ninh mạng") == (
        "Luật An ninh mạng"
    )
    assert category_topic("$course$/Luật//Nghị định") == "Luật/Nghị định"


def test_text_files_are_stored_nfc_and_may_carry_a_bom():
    nfd = unicodedata.normalize("NFD", "Đề án 06 là gì? {=Đề án dân cư ~Khác}")
    result = parse_file(b"\xef\xbb\xbf" + nfd.encode("utf-8"), "gift")
    assert result.rows[0].text == "Đề án 06 là gì?"
    assert result.rows[0].choices[0] == "Đề án dân cư"


def test_a_text_file_that_is_not_utf8_names_its_line():
    data = "Câu một? {=A ~B}\n\n".encode() + "Câu hai? {=Ă ~B}".encode("cp1258")
    result = parse_file(data, "gift")
    assert messages_of(result.errors) == [(None, say(m.NOT_UTF8, line=3))]


@pytest.mark.django_db
def test_a_file_with_only_skipped_questions_imports_nothing():
    outcome = import_questions(
        data=b"Thi tr\xe1\xbb\xb1c tuy\xe1\xba\xbfn? {T}", bank_name=BANK, fmt="gift"
    )
    assert [e.message for e in outcome.errors] == [str(m.NO_QUESTIONS)]
    assert len(outcome.skipped) == 1
    assert not Question.objects.exists()
