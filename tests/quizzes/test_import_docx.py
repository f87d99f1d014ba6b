"""Word banks as organizers write them: every layout the tests build with
python-docx imports with the expected questions and keys; every mistake is named by
its question and paragraph, and nothing is written."""

import io

import docx
import pytest
from django.core.management import CommandError, call_command

from quizzes.importing import messages as m
from quizzes.importing import parse_file
from quizzes.importing.checks import say
from quizzes.models import Question, QuestionBank
from quizzes.services import import_questions

from . import wordbanks as wb

pytestmark = pytest.mark.django_db

BANK = "Pháp luật Công đoàn"
EXPECTED = [(text, choices, "ABCDEF"[correct]) for text, choices, correct in wb.LAW]


def imported(data: bytes, fmt="docx"):
    outcome = import_questions(data=data, bank_name=BANK, fmt=fmt)
    assert outcome.ok, [str(e) for e in outcome.errors]
    return [
        (
            q.text,
            [c.text for c in q.choices.order_by("position")],
            q.choices.get(is_correct=True).letter,
        )
        for q in Question.objects.filter(bank__name=BANK).order_by("pk")
    ]


def errors_of(data: bytes) -> list[str]:
    outcome = import_questions(data=data, bank_name=BANK, fmt="docx")
    assert not outcome.ok
    assert not QuestionBank.objects.exists()
    return [str(e) for e in outcome.errors]


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(wb.paragraphs_bank(how="bold"), id="bold-option"),
        pytest.param(wb.paragraphs_bank(how="underline"), id="underlined-option"),
        pytest.param(wb.paragraphs_bank(how="color"), id="red-option"),
        pytest.param(
            wb.paragraphs_bank(how="bold", on="letter", bold_stem=False),
            id="bold-letter-only",
        ),
        pytest.param(
            wb.paragraphs_bank(how="underline", on="letter"), id="underlined-letter"
        ),
        pytest.param(wb.paragraphs_bank(star=True), id="asterisk"),
        pytest.param(wb.paragraphs_bank(key_line=True), id="key-line"),
        pytest.param(
            wb.paragraphs_bank(how=None, answer_table={1: "A", 2: "A", 3: "A", 4: "B"}),
            id="answer-table",
        ),
        pytest.param(
            wb.paragraphs_bank(
                how="bold", answer_table={1: "A", 2: "A", 3: "A", 4: "B"}
            ),
            id="marks-and-agreeing-table",
        ),
        pytest.param(wb.paragraphs_bank(letters="abcdef"), id="lower-case-letters"),
        pytest.param(wb.inline_bank(separator="\t"), id="options-on-one-line"),
        pytest.param(wb.inline_bank(separator="\n"), id="soft-line-breaks"),
        pytest.param(wb.numbered_bank(how="bold"), id="word-numbering-bold"),
        pytest.param(wb.numbered_bank(how="color"), id="word-numbering-colour"),
        pytest.param(wb.table_bank(), id="word-table"),
        pytest.param(
            wb.table_bank(
                key_by="bold",
                headers=[
                    "STT",
                    "Nội dung câu hỏi",
                    "Phương án A",
                    "Phương án B",
                    "Phương án C",
                    "Phương án D",
                    "Ghi chú",
                ],
            ),
            id="word-table-bold-key",
        ),
    ],
)
def test_each_word_layout_imports_the_questions_and_keys(data):
    assert imported(data) == EXPECTED


def test_a_word_file_chosen_as_excel_is_read_as_word():
    assert imported(wb.paragraphs_bank(), fmt="xlsx") == EXPECTED


def test_the_title_and_instructions_above_question_1_are_listed_as_skipped():
    result = parse_file(wb.paragraphs_bank(), "docx")
    assert [str(s) for s in result.skipped] == [
        "Đoạn 1: " + say(m.DOCX_INTRO_SKIPPED, count=2)
    ]


def test_headings_name_the_topic_of_the_questions_below():
    document = docx.Document()
    document.add_heading("Phần I. Luật Công đoàn", level=1)
    document.add_paragraph("Câu 1: Hỏi một?")
    document.add_paragraph("A. Một")
    document.add_paragraph("B. Hai")
    document.add_paragraph("Đáp án: A")
    document.add_paragraph("PHẦN II: CHUYỂN ĐỔI SỐ")
    document.add_paragraph("Câu 2: Hỏi hai?")
    document.add_paragraph("A. Một")
    document.add_paragraph("B. Hai")
    document.add_paragraph("Đáp án: B")
    result = parse_file(wb.save(document), "docx")
    assert not result.errors
    assert [(q.topic, q.correct) for q in result.rows] == [
        ("Phần I. Luật Công đoàn", 0),
        ("PHẦN II: CHUYỂN ĐỔI SỐ", 1),
    ]


def test_a_question_over_several_paragraphs_keeps_every_line():
    document = docx.Document()
    document.add_paragraph("Câu 1: Theo Luật Công đoàn năm 2012,")
    document.add_paragraph("quyền nào sau đây là của đoàn viên?")
    document.add_paragraph("A. Được bầu cử")
    document.add_paragraph("B. Được miễn thuế")
    document.add_paragraph("Đáp án: A")
    (question,) = parse_file(wb.save(document), "docx").rows
    assert question.text == (
        "Theo Luật Công đoàn năm 2012,\nquyền nào sau đây là của đoàn viên?"
    )


# --- every mistake is named, and nothing is written ---
def test_a_question_with_no_option_marked_is_named():
    assert errors_of(wb.paragraphs_bank(how=None))[0] == (
        f"Câu 1 (đoạn 3): {m.DOCX_NO_KEY}"
    )


def test_two_marked_options_are_named():
    document = docx.Document()
    document.add_paragraph("Câu 12: Hỏi?")
    document.add_paragraph().add_run("A. Một").bold = True
    document.add_paragraph("B. Hai")
    document.add_paragraph().add_run("C. Ba").bold = True
    assert errors_of(wb.save(document)) == [
        "Câu 12 (đoạn 1): " + say(m.DOCX_TWO_MARKED, letters="A, C")
    ]


def test_a_marked_letter_with_no_option_is_named():
    document = docx.Document()
    document.add_paragraph("Câu 3: Hỏi?")
    document.add_paragraph("A. Một")
    document.add_paragraph("B. Hai")
    document.add_paragraph("Đáp án: E")
    assert errors_of(wb.save(document)) == [
        "Câu 3 (đoạn 1): "
        + say(m.DOCX_KEY_NO_OPTION, source=m.DOCX_BY_KEY_LINE, letter="E")
    ]


def test_options_out_of_order_are_named():
    assert errors_of(wb.paragraphs_bank(letters="ABDCEF"))[0] == (
        "Câu 1 (đoạn 3): " + say(m.DOCX_OPTION_ORDER, letter="D", expected="C")
    )


def test_an_answer_table_that_disagrees_with_the_marks_is_named():
    errors = errors_of(
        wb.paragraphs_bank(how="bold", answer_table={1: "A", 2: "C", 3: "A", 4: "B"})
    )
    assert errors == [
        "Câu 2 (đoạn 8): "
        + say(
            m.DOCX_KEY_DISAGREES,
            first=m.DOCX_BY_MARK,
            first_letter="A",
            second=m.DOCX_BY_ANSWER_TABLE,
            second_letter="C",
        )
    ]


def test_an_answer_for_a_question_not_in_the_file_is_named():
    errors = errors_of(
        wb.paragraphs_bank(
            how=None, answer_table={1: "A", 2: "A", 3: "A", 4: "B", 5: "C"}
        )
    )
    assert errors == ["Bảng 1, dòng 4: " + say(m.DOCX_ANSWER_FOR_NOTHING, number=5)]


def test_text_after_the_options_is_an_error_not_lost():
    document = docx.Document()
    document.add_paragraph("Câu 1: Hỏi?")
    document.add_paragraph().add_run("A. Một").bold = True
    document.add_paragraph("B. Hai")
    document.add_paragraph("C Ba (thiếu dấu chấm)")
    assert errors_of(wb.save(document)) == [
        "Câu 1 (đoạn 4): "
        + say(m.DOCX_TEXT_AFTER_OPTIONS, line="C Ba (thiếu dấu chấm)")
    ]


def test_a_table_among_the_questions_that_is_not_a_bank_is_an_error():
    document = docx.Document()
    document.add_paragraph("Câu 1: Hỏi?")
    document.add_paragraph("A. Một")
    document.add_paragraph("B. Hai")
    document.add_paragraph("Đáp án: A")
    table = document.add_table(rows=2, cols=2)
    table.rows[0].cells[0].text = "Họ tên"
    table.rows[1].cells[0].text = "Nguyễn Văn A"
    assert errors_of(wb.save(document)) == [f"Bảng 1: {m.DOCX_TABLE_UNKNOWN}"]


def test_a_file_that_is_not_word_is_refused_by_content():
    outcome = import_questions(data=b"PK\x03\x04junk", bank_name=BANK, fmt="docx")
    assert [str(e) for e in outcome.errors] == [str(m.NOT_DOCX)]


def test_import_questions_reads_a_docx_by_its_extension(tmp_path):
    path = tmp_path / "ngan-hang.docx"
    path.write_bytes(wb.paragraphs_bank())
    out, err = io.StringIO(), io.StringIO()
    call_command("import_questions", str(path), "--bank", BANK, stdout=out, stderr=err)
    assert Question.objects.filter(bank__name=BANK).count() == 4
    assert "Đã nhập 4 câu hỏi" in out.getvalue()


def test_import_questions_prints_each_word_error_and_exits_1(tmp_path):
    path = tmp_path / "ngan-hang.docx"
    path.write_bytes(wb.paragraphs_bank(how=None))
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_questions", str(path), "--bank", BANK, stderr=err)
    assert err.getvalue().splitlines()[0] == f"Câu 1 (đoạn 3): {m.DOCX_NO_KEY}"
    assert not Question.objects.exists()


def test_a_merged_cell_in_a_word_question_table_is_named():
    data = wb.table_bank()
    document = docx.Document(io.BytesIO(data))
    table = document.tables[0]
    table.cell(1, 1).merge(table.cell(2, 1))  # two questions in one merged cell
    errors = errors_of(wb.save(document))
    assert errors[0] == "Bảng 1, dòng 3: " + say(m.DOCX_MERGED_CELL, column="Câu hỏi")


def test_text_inside_a_hyperlink_is_not_lost():
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    stem = document.add_paragraph("Câu 1: Văn bản nào ")
    stem._p.append(
        parse_xml(
            f"<w:hyperlink {nsdecls('w')}><w:r><w:t>Luật An ninh mạng</w:t></w:r>"
            "</w:hyperlink>"
        )
    )
    stem.add_run(" quy định điều này?")
    document.add_paragraph("A. Một")
    document.add_paragraph("B. Hai")
    document.add_paragraph("Đáp án: A")
    (question,) = parse_file(wb.save(document), "docx").rows
    assert question.text == "Văn bản nào Luật An ninh mạng quy định điều này?"


def test_emphasis_every_option_shares_is_style_not_the_key():
    document = docx.Document()
    document.add_paragraph("Câu 1: Hỏi?")
    for index, text in enumerate(["Một", "Hai", "Ba"]):
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{'ABC'[index]}. ").bold = True  # every letter bold
        body = paragraph.add_run(text)
        body.italic = True
        body.underline = index == 1  # the key
    (question,) = parse_file(wb.save(document), "docx").rows
    assert question.correct == 1
