"""The workbook import: each bad input is reported where it is; nothing is written."""

import io
import unicodedata
import zipfile

import pytest

from quizzes import layout
from quizzes.importing import messages as m
from quizzes.importing.checks import say
from quizzes.models import Choice, Question, QuestionBank, Topic
from quizzes.services import import_questions
from quizzes.text import text_key
from tests.factories import QuestionBankFactory, QuestionFactory, TopicFactory

from .workbooks import many_rows, row, workbook

pytestmark = pytest.mark.django_db

BANK = "Ngân hàng thử"


def run(data: bytes, bank=BANK, **kwargs):
    return import_questions(data=data, bank_name=bank, **kwargs)


def assert_nothing_written():
    assert Question.objects.count() == 0
    assert Choice.objects.count() == 0
    assert Topic.objects.count() == 0
    assert not QuestionBank.objects.filter(name=BANK).exists()


def only_error(outcome):
    assert len(outcome.errors) == 1, [str(e) for e in outcome.errors]
    return outcome.errors[0]


def test_good_workbook_creates_bank_topics_questions_and_choices():
    data = workbook(
        [
            row(
                "Luật An ninh mạng có ngày nào?",
                ("12/6/2018", "19/11/2015", "29/6/2006"),
                "A",
                topic="Luật An ninh mạng",
                difficulty="Dễ",
                explanation="Danh mục tài liệu.",
                document="Luật An ninh mạng ngày 12/6/2018",
            ),
            row(
                "Nghị định số 42/2022/NĐ-CP do ai ban hành?",
                ("Thủ tướng Chính phủ", "Chính phủ"),
                "b",
                topic="luật an ninh mạng",  # same topic, other case
                difficulty="kho",
            ),
        ]
    )
    outcome = run(data)
    assert outcome.ok, [str(e) for e in outcome.errors]
    assert outcome.created == 2
    assert outcome.topics_created == 1
    bank = QuestionBank.objects.get(name=BANK)
    topic = Topic.objects.get(bank=bank)
    assert topic.name == "Luật An ninh mạng"
    assert topic.document_title == "Luật An ninh mạng ngày 12/6/2018"
    first, second = Question.objects.order_by("pk")
    assert first.topic == second.topic == topic
    assert first.difficulty == Question.Difficulty.EASY
    assert second.difficulty == Question.Difficulty.HARD
    assert first.explanation == "Danh mục tài liệu."
    assert first.text_key == text_key(first.text)
    assert list(first.choices.values_list("position", "text", "is_correct")) == [
        (0, "12/6/2018", True),
        (1, "19/11/2015", False),
        (2, "29/6/2006", False),
    ]
    assert second.choices.get(is_correct=True).text == "Chính phủ"
    assert first.text_ascii == "luat an ninh mang co ngay nao?"


def test_vietnamese_text_is_stored_nfc_whatever_the_file_holds():
    nfd = unicodedata.normalize("NFD", "Đề án 06 - Chuyển đổi số, vì lợi ích?")
    assert nfd != unicodedata.normalize("NFC", nfd)
    outcome = run(workbook([row(nfd, (unicodedata.normalize("NFD", "Đúng"), "Sai"))]))
    assert outcome.ok
    question = Question.objects.get()
    assert question.text == unicodedata.normalize("NFC", nfd)
    assert question.choices.get(position=0).text == "Đúng"


def test_a_thousand_questions_import_without_a_query_per_row(
    django_assert_max_num_queries,
):
    data = workbook(many_rows(1000))
    with django_assert_max_num_queries(20):
        outcome = run(data)
    assert outcome.ok
    assert Question.objects.count() == 1000
    assert Choice.objects.count() == 3000
    assert Topic.objects.count() == 5


def test_dry_run_checks_everything_and_writes_nothing():
    outcome = run(workbook(many_rows(10)), dry_run=True)
    assert outcome.ok
    assert len(outcome.rows) == 10
    assert_nothing_written()


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (
            (*layout.HEADERS[:-1], "Ghi chú"),
            say(
                m.UNKNOWN_HEADER,
                header="Ghi chú",
                allowed=", ".join(layout.HEADERS),
            ),
        ),
        (
            tuple(h for h in layout.HEADERS if h != layout.CORRECT),
            say(m.MISSING_HEADER, header=layout.CORRECT, row=1),
        ),
    ],
)
def test_wrong_headers_are_refused(headers, expected):
    outcome = run(workbook([row()[: len(headers)]], headers=headers))
    error = only_error(outcome)
    assert error.message == expected
    assert error.row == 1
    assert_nothing_written()


def test_unknown_header_names_its_cell():
    headers = (*layout.HEADERS, "Ghi chú")
    error = only_error(run(workbook([row()], headers=headers)))
    assert error.cell == "M1"
    assert str(error).startswith("Dòng 1, cột “Ghi chú” (ô M1): ")


def test_duplicate_header_is_refused():
    headers = (*layout.HEADERS, layout.QUESTION)
    error = only_error(run(workbook([row()], headers=headers)))
    assert error.message == say(
        m.DUPLICATE_HEADER, header=layout.QUESTION, first="B", second="M"
    )


def test_headers_match_without_case_and_extra_spaces():
    headers = [h.upper().replace(" ", "  ") for h in layout.HEADERS]
    assert run(workbook([row()], headers=headers)).ok


def test_only_the_required_columns_are_needed():
    headers = layout.REQUIRED_HEADERS  # Câu hỏi, Đáp án A, Đáp án B, Đáp án đúng
    outcome = run(workbook([["Câu hỏi tối giản?", "Có", "Không", "B"]], headers))
    assert outcome.ok
    assert Question.objects.get().choices.get(is_correct=True).text == "Không"


BAD_ROWS = [
    pytest.param(
        row(text=""), layout.QUESTION, "B2", say(m.EMPTY_QUESTION), id="empty"
    ),
    pytest.param(
        row(choices=("Chỉ một",)),
        "Đáp án B",
        "D2",
        say(m.TOO_FEW_CHOICES, count=1, min=2),
        id="one-choice",
    ),
    pytest.param(
        row(choices=("A1", "", "C1")),
        "Đáp án B",
        "D2",
        say(m.CHOICE_GAP, letter="B", next="C"),
        id="gap",
    ),
    pytest.param(
        row(correct=""), layout.CORRECT, "I2", say(m.MISSING_CORRECT), id="no-key"
    ),
    pytest.param(
        row(correct="G"),
        layout.CORRECT,
        "I2",
        say(m.INVALID_CORRECT, value="G"),
        id="key-not-a-letter-a-f",
    ),
    pytest.param(
        row(correct="1"),
        layout.CORRECT,
        "I2",
        say(m.INVALID_CORRECT, value="1"),
        id="key-a-number",
    ),
    pytest.param(
        row(correct="A, C"),
        layout.CORRECT,
        "I2",
        say(m.MULTIPLE_CORRECT, value="A, C"),
        id="two-keys",
    ),
    pytest.param(
        row(correct="AB"),
        layout.CORRECT,
        "I2",
        say(m.MULTIPLE_CORRECT, value="AB"),
        id="two-keys-glued",
    ),
    pytest.param(
        row(choices=("Một", "Hai", "Ba"), correct="D"),
        layout.CORRECT,
        "I2",
        say(m.CORRECT_NAMES_EMPTY, letter="D"),
        id="key-names-empty-choice",
    ),
    pytest.param(
        row(difficulty="Rất khó"),
        layout.DIFFICULTY,
        "J2",
        say(m.INVALID_DIFFICULTY, value="Rất khó"),
        id="difficulty",
    ),
    pytest.param(
        row(choices=("Trùng", "trùng ", "Khác")),
        "Đáp án B",
        "D2",
        say(m.DUPLICATE_CHOICE, letter="B", other="A"),
        id="same-choice-twice",
    ),
    pytest.param(
        row(text="x" * (layout.MAX_QUESTION_CHARS + 1)),
        layout.QUESTION,
        "B2",
        say(m.TOO_LONG, length=layout.MAX_QUESTION_CHARS + 1, limit=2000),
        id="long-question",
    ),
    pytest.param(
        row(choices=("y" * (layout.MAX_CHOICE_CHARS + 5), "Hai")),
        "Đáp án A",
        "C2",
        say(m.TOO_LONG, length=layout.MAX_CHOICE_CHARS + 5, limit=1000),
        id="long-choice",
    ),
    pytest.param(
        row(topic="t" * 256),
        layout.TOPIC,
        "A2",
        say(m.TOO_LONG, length=256, limit=255),
        id="long-topic",
    ),
    pytest.param(
        row(document="Luật An ninh mạng"),
        layout.DOCUMENT,
        "L2",
        say(m.DOCUMENT_WITHOUT_TOPIC),
        id="document-without-topic",
    ),
]


@pytest.mark.parametrize(("values", "column", "cell", "message"), BAD_ROWS)
def test_each_bad_row_is_reported_with_row_column_and_cell(
    values, column, cell, message
):
    good = row("Một câu hỏi đúng mẫu?")
    outcome = run(workbook([values, good]))
    error = only_error(outcome)
    assert (error.row, error.column, error.cell, error.message) == (
        2,
        column,
        cell,
        message,
    )
    assert str(error) == f"Dòng 2, cột “{column}” (ô {cell}): {message}"
    assert_nothing_written()


def test_a_seventh_choice_column_is_too_many_choices():
    headers = (*layout.HEADERS, "Đáp án G")
    values = [*row(choices=("1", "2", "3", "4", "5", "6")), "7"]
    error = only_error(run(workbook([values], headers=headers)))
    assert (error.row, error.column, error.cell) == (2, "Đáp án G", "M2")
    assert error.message == say(m.TOO_MANY_CHOICES, count=7, max=6)
    assert_nothing_written()


def test_an_empty_seventh_choice_column_is_harmless():
    headers = (*layout.HEADERS, "Đáp án G")
    assert run(workbook([[*row(), None]], headers=headers)).ok


SAME_AS_ROW_2 = "ngày  chuyển đổi\u00a0số quốc gia là NGÀY NÀO?"


def test_duplicate_rows_in_the_file_name_the_first_row():
    data = workbook(
        [
            row("Ngày Chuyển đổi số quốc gia là ngày nào?"),
            row("Câu khác?"),
            # Same text up to case, spaces (NBSP too) and Unicode form.
            row(unicodedata.normalize("NFD", SAME_AS_ROW_2)),
        ]
    )
    error = only_error(run(data))
    assert (error.row, error.column) == (4, layout.QUESTION)
    assert error.message == say(m.DUPLICATE_IN_FILE, other=2)
    assert_nothing_written()


def test_a_question_already_in_the_bank_is_skipped_and_counted():
    assert run(workbook([row("Đề án 06 là gì?")])).ok
    outcome = run(workbook([row("Một câu mới?"), row("  đề án 06 LÀ GÌ? ")]))
    assert outcome.ok
    assert [r.row for r in outcome.existing] == [3]
    assert outcome.created == 1
    assert Question.objects.count() == 2


def test_the_same_text_with_other_options_is_another_question():
    stem = "Nhận định nào sau đây là đúng?"
    data = workbook(
        [
            row(stem, choices=("Đoàn viên được bầu cử", "Không ai được bầu")),
            row(stem, choices=("Công đoàn là tổ chức chính trị - xã hội", "Sai")),
        ]
    )
    assert run(data).created == 2
    again = run(
        workbook([row(stem, choices=("Không ai được bầu", "Đoàn viên được bầu cử"))])
    )
    assert (again.created, len(again.existing)) == (0, 1)  # options in another order
    assert Question.objects.filter(text=stem).count() == 2


def test_the_same_question_may_live_in_another_bank():
    QuestionFactory(text="Đề án 06 là gì?")
    assert run(workbook([row("Đề án 06 là gì?")])).ok


def test_one_topic_one_document_within_the_file_and_against_the_bank():
    rows = [
        row("Câu 1?", topic="Luật", document="Luật An ninh mạng ngày 12/6/2018"),
        row("Câu 2?", topic="Luật", document="Luật Công nghệ thông tin ngày 29/6/2006"),
    ]
    error = only_error(run(workbook(rows)))
    assert (error.row, error.column) == (3, layout.DOCUMENT)
    assert error.message == say(
        m.TOPIC_DOCUMENT_CONFLICT,
        topic="Luật",
        document="Luật An ninh mạng ngày 12/6/2018",
        where=say(m.WHERE_ROW, row=2),
    )
    bank = QuestionBankFactory(name=BANK)
    TopicFactory(bank=bank, name="Luật", document_title="Quyết định số 749/QĐ-TTg")
    error = only_error(run(workbook(rows[:1])))
    assert error.message.endswith("một chủ đề chỉ gắn một văn bản.")
    assert "trong ngân hàng" in error.message


def test_every_bad_row_of_a_broken_workbook_is_listed():
    rows = many_rows(50)
    rows[3][1] = ""  # row 5: empty question
    rows[10][8] = "Z"  # row 12: bad key
    rows[20][2:8] = ["Chỉ một", None, None, None, None, None]  # row 22: one choice
    rows[30] = list(rows[0])  # row 32: duplicate of row 2
    rows[40][9] = "dễ lắm"  # row 42: difficulty
    outcome = run(workbook(rows))
    # Row 22 has two faults: one choice, and a key naming an empty choice.
    assert [e.row for e in outcome.errors] == [5, 12, 22, 22, 32, 42]
    assert_nothing_written()


def test_blank_rows_are_ignored_and_row_numbers_stay_excel_numbers():
    data = workbook([row("Câu 1?"), [None] * 12, [None] * 12, row("", correct="A")])
    error = only_error(run(data))
    assert error.row == 5


def test_dates_and_numbers_typed_in_excel_are_read_as_shown():
    import datetime

    data = workbook(
        [row("Năm nào?", (2018, 2015.0, datetime.datetime(2020, 6, 3)), correct="C")]
    )
    assert run(data).ok
    texts = list(Question.objects.get().choices.values_list("text", flat=True))
    assert texts == ["2018", "2015", "03/06/2020"]


def test_the_question_sheet_is_found_by_name():
    book = workbook([row("Câu trên trang Câu hỏi?")], sheet_title="Câu hỏi")
    # Put a guide sheet first: the importer still reads "Câu hỏi".
    import openpyxl

    loaded = openpyxl.load_workbook(io.BytesIO(book))
    guide = loaded.create_sheet("Hướng dẫn", 0)
    guide.append(["Không phải tiêu đề"])
    buffer = io.BytesIO()
    loaded.save(buffer)
    assert run(buffer.getvalue()).ok


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param("Chủ đề,Câu hỏi\nA,B\n".encode(), m.NOT_XLSX, id="csv-named-xlsx"),
        pytest.param(b"", m.NOT_XLSX, id="empty-file"),
        pytest.param(
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, m.OLD_XLS, id="xls"
        ),
        pytest.param(b"%PDF-1.7\n...", m.NOT_XLSX, id="pdf"),
    ],
)
def test_a_file_that_is_not_xlsx_is_refused_by_content(data, message):
    error = only_error(run(data))
    assert error.message == str(message)
    assert error.row is None
    assert_nothing_written()


def test_a_zip_that_is_not_a_workbook_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("ppt/presentation.xml", "<p/>")
        archive.writestr("[Content_Types].xml", "<Types/>")
    assert only_error(run(buffer.getvalue())).message == str(m.NOT_XLSX)


def test_a_word_file_uploaded_as_excel_is_read_as_word():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
        archive.writestr("[Content_Types].xml", "<Types/>")
    message = only_error(run(buffer.getvalue())).message
    assert message.startswith("Không đọc được tệp .docx")


def test_a_corrupt_workbook_is_refused_without_crashing():
    good = workbook([row()])
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(good)) as source,
        zipfile.ZipFile(buffer, "w") as target,
    ):
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                content = content[: len(content) // 2]
            target.writestr(info, content)
    error = only_error(run(buffer.getvalue()))
    assert error.message.startswith("Không đọc được tệp .xlsx")
    assert_nothing_written()


def test_an_empty_template_has_no_questions():
    error = only_error(run(workbook([])))
    assert error.message == str(m.NO_QUESTIONS)


def test_a_huge_file_is_refused_before_parsing(monkeypatch):
    monkeypatch.setattr(layout, "MAX_FILE_BYTES", 1000)
    error = only_error(run(workbook(many_rows(20))))
    assert error.message.startswith("Tệp quá lớn")
    assert_nothing_written()


def test_too_many_rows_are_refused(monkeypatch):
    monkeypatch.setattr(layout, "MAX_ROWS", 30)
    error = only_error(run(workbook(many_rows(31))))
    assert error.message == say(
        m.SHEET_TOO_LARGE,
        sheet="Sheet",
        cell="A32",
        max_rows="31",
        max_columns=64,
        last_cell="BL31",
    )
    assert_nothing_written()
    assert run(workbook(many_rows(30))).ok


def test_a_zip_bomb_is_refused(monkeypatch):
    monkeypatch.setattr(layout, "MAX_UNCOMPRESSED_BYTES", 10_000)
    error = only_error(run(workbook(many_rows(200))))
    assert error.message.startswith("Tệp .xlsx khi giải nén quá lớn")


def test_a_missing_bank_name_is_refused():
    error = only_error(run(workbook([row()]), bank="   "))
    assert error.message == str(m.BANK_NAME_REQUIRED)


def test_question_save_keeps_text_key_and_ascii_copy():
    question = QuestionFactory(text="  Chuyển đổi số  ")
    assert question.text == "Chuyển đổi số"
    question.text = "Đề án 06"
    question.save(update_fields=["text"])
    question.refresh_from_db()
    assert question.text_key == text_key("đề án 06")
    assert question.text_ascii == "de an 06"


def test_a_sheet_far_wider_than_the_layout_is_refused():
    headers = (*layout.HEADERS, *[None] * 60, "Lạc")
    error = only_error(run(workbook([row()], headers=headers)))
    assert error.message == say(
        m.SHEET_TOO_LARGE,
        sheet="Sheet",
        cell="BU1",
        max_rows="50.001",
        max_columns=64,
        last_cell="BL50001",
    )
