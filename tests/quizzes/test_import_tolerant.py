"""Workbooks as organizers really make them: tolerated and said in the preview, or
refused with the cell named, never content lost without a word."""

import io
import re
import zipfile

import openpyxl
import pytest

from quizzes import layout
from quizzes.importing import messages as m
from quizzes.importing import parse_file
from quizzes.importing.checks import say
from quizzes.models import Question, QuestionBank

from .workbooks import row, workbook

pytestmark = pytest.mark.django_db

BANK = "Pháp luật"


def book(*sheets) -> bytes:
    """sheets: (title, rows) pairs; rows written from A1."""
    document = openpyxl.Workbook()
    document.remove(document.active)
    for title, rows in sheets:
        sheet = document.create_sheet(title)
        for values in rows:
            sheet.append(list(values))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def patch_sheet(data: bytes, old: str, new: str) -> bytes:
    """Replace text in the first sheet's XML (what Excel itself would write)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                text = content.decode()
                assert re.search(old, text), old
                content = re.sub(old, new, text, count=1).encode()
            target.writestr(info.filename, content)
    return out.getvalue()


def keys(result) -> list[tuple[str, list[str], str]]:
    return [(q.text, q.choices, "ABCDEF"[q.correct]) for q in result.rows]


def messages_of(result) -> list[str]:
    return [str(e) for e in result.errors]


# --- tolerated, and said ---
def test_the_issue_layout_with_a_title_row_and_options_in_one_cell():
    data = book(
        (
            "Sheet1",
            [
                ["BỘ CÂU HỎI TÌM HIỂU PHÁP LUẬT NĂM 2024"],
                [],
                ["STT", "Hạng mục", "Nội dung", "Phương án", "Đáp án"],
                [
                    1,
                    "Luật Công đoàn",
                    "Luật Công đoàn năm 2012 có hiệu lực từ ngày nào?",
                    "A. 01/01/2013\nB. 01/07/2013\nC. 01/01/2012\nD. 20/06/2012",
                    "A",
                ],
                [
                    2,
                    "Chuyển đổi số",
                    "Chuyển đổi số quốc gia gồm mấy trụ cột?",
                    "A) Hai  B) Ba  C) Bốn",
                    "B",
                ],
            ],
        )
    )
    result = parse_file(data, "xlsx")
    assert not result.errors, messages_of(result)
    assert keys(result) == [
        (
            "Luật Công đoàn năm 2012 có hiệu lực từ ngày nào?",
            ["01/01/2013", "01/07/2013", "01/01/2012", "20/06/2012"],
            "A",
        ),
        ("Chuyển đổi số quốc gia gồm mấy trụ cột?", ["Hai", "Ba", "Bốn"], "B"),
    ]
    assert [q.topic for q in result.rows] == ["Luật Công đoàn", "Chuyển đổi số"]
    assert say(m.TITLE_ROWS_SKIPPED, count=2, row=3) in map(str, result.notices)


def test_headers_without_accents_and_common_variants_are_understood():
    data = book(
        (
            "Cau hoi",
            [
                ["TT", "Chu de", "Noi dung cau hoi", "PA A", "PA B", "DA", "Do kho"],
                [1, "Luật", "Hỏi gì?", "Một", "Hai", "b", "de"],
            ],
        )
    )
    result = parse_file(data, "xlsx")
    assert not result.errors, messages_of(result)
    assert keys(result) == [("Hỏi gì?", ["Một", "Hai"], "B")]
    assert result.rows[0].difficulty == "easy"


def test_the_key_inside_the_question_cell_is_understood():
    data = workbook(
        [row(text="Hỏi gì?\nĐáp án: C", choices=("Một", "Hai", "Ba"), correct=None)]
    )
    result = parse_file(data, "xlsx")
    assert not result.errors, messages_of(result)
    assert keys(result) == [("Hỏi gì?", ["Một", "Hai", "Ba"], "C")]
    assert "(ô B2): " + say(m.KEY_IN_QUESTION, letter="C") in str(result.notices[0])


@pytest.mark.parametrize("key", ["Hai", "hai", "B. Hai", "B"])
def test_a_key_given_as_the_option_text_is_understood(key):
    data = workbook([row(choices=("Một", "Hai", "Ba"), correct=key)])
    result = parse_file(data, "xlsx")
    assert not result.errors, messages_of(result)
    assert keys(result)[0][2] == "B"


def test_question_and_option_prefixes_are_stripped_and_said():
    data = workbook([row(text="Câu 1: Hỏi gì?", choices=("A. Một", "B) Hai"))])
    result = parse_file(data, "xlsx")
    assert keys(result) == [("Hỏi gì?", ["Một", "Hai"], "A")]
    notices = list(map(str, result.notices))
    assert any(say(m.QUESTION_PREFIX_STRIPPED, prefix="Câu 1:") in n for n in notices)
    assert any(say(m.OPTION_PREFIX_STRIPPED, prefix="B)") in n for n in notices)


def test_a_column_computed_by_a_formula_with_its_saved_value_imports():
    data = workbook([row(correct="X")])
    data = patch_sheet(
        data,
        r'<c r="I2" t="inlineStr"><is><t>X</t></is></c>',
        '<c r="I2" t="str"><f>UPPER("b")</f><v>B</v></c>',
    )
    result = parse_file(data, "xlsx")
    assert not result.errors, messages_of(result)
    assert keys(result)[0][2] == "B"


def test_the_sheet_named_cau_hoi_is_read_and_the_other_is_said():
    data = book(
        ("Nháp", [list(layout.HEADERS), row(text="Nháp?")]),
        (SHEET := "Câu hỏi", [list(layout.HEADERS), row(text="Thật?")]),
    )
    result = parse_file(data, "xlsx")
    assert [q.text for q in result.rows] == ["Thật?"]
    assert str(result.notices[0]) == say(
        m.OTHER_SHEETS_NOT_READ, read=SHEET, names="“Nháp”"
    )


def test_a_guide_sheet_first_does_not_hide_the_questions():
    data = book(
        ("Hướng dẫn", [["Ghi mỗi câu hỏi một dòng."]]),
        ("Ngân hàng", [list(layout.HEADERS), row(text="Hỏi?")]),
    )
    result = parse_file(data, "xlsx")
    assert [q.text for q in result.rows] == ["Hỏi?"]
    assert str(result.notices[0]) == say(m.SHEET_READ, sheet="Ngân hàng")


# --- what used to be lost without a word: an error naming the cell ---
def test_a_formula_without_a_saved_value_is_an_error_naming_the_cell():
    data = workbook([row(), row(text="Câu hai?", correct='=UPPER("b")')])
    assert messages_of(parse_file(data, "xlsx")) == [
        f"Dòng 3 (ô I3): {m.UNSAVED_FORMULA}"
    ]


def test_an_error_value_is_an_error_naming_the_cell():
    data = workbook([row(choices=("Một", "#N/A", "Ba"))])
    assert messages_of(parse_file(data, "xlsx")) == [
        "Dòng 2 (ô D2): " + say(m.ERROR_VALUE, value="#N/A")
    ]


def test_merged_cells_are_an_error_naming_the_range():
    document = openpyxl.Workbook()
    sheet = document.active
    sheet.append(list(layout.HEADERS))
    sheet.append(row(text="Một?", topic="Luật"))
    sheet.append(row(text="Hai?", topic=None))
    sheet.merge_cells("A2:A3")
    buffer = io.BytesIO()
    document.save(buffer)
    assert messages_of(parse_file(buffer.getvalue(), "xlsx")) == [
        "Dòng 2 (ô A2:A3): " + say(m.MERGED_CELLS, range="A2:A3")
    ]


def test_a_merged_title_above_the_header_is_fine():
    document = openpyxl.Workbook()
    sheet = document.active
    sheet.append(["NGÂN HÀNG CÂU HỎI"])
    sheet.merge_cells("A1:L1")
    sheet.append(list(layout.HEADERS))
    sheet.append(row())
    buffer = io.BytesIO()
    document.save(buffer)
    result = parse_file(buffer.getvalue(), "xlsx")
    assert not result.errors, messages_of(result)


def test_several_sheets_holding_questions_are_an_error_naming_them():
    data = book(
        ("Đợt 1", [list(layout.HEADERS), row(text="Một?")]),
        ("Đợt 2", [list(layout.HEADERS), row(text="Hai?")]),
    )
    assert messages_of(parse_file(data, "xlsx")) == [
        say(
            m.MANY_QUESTION_SHEETS,
            names="“Đợt 1”, “Đợt 2”",
            read="Đợt 1",
            expected="Câu hỏi",
        )
    ]


def test_invisible_characters_that_make_two_options_alike_are_named():
    data = workbook([row(choices=("Đúng", "Đú\u200bng", "Sai"))])
    result = parse_file(data, "xlsx")
    assert messages_of(result) == [
        "Dòng 2, cột “Đáp án B” (ô D2): "
        + say(m.DUPLICATE_CHOICE, letter="B", other="A")
    ]
    assert str(result.notices[0]) == (
        f"Dòng 2, cột “Đáp án B” (ô D2): {m.INVISIBLE_REMOVED}"
    )


def test_options_in_one_cell_that_cannot_be_split_are_named():
    data = book(
        (
            "Sheet",
            [
                ["Câu hỏi", "Các đáp án", "Đáp án đúng"],
                ["Hỏi?", "Một; Hai; Ba", "A"],
            ],
        )
    )
    assert messages_of(parse_file(data, "xlsx")) == [
        f"Dòng 2, cột “Đáp án A” (ô B2): {m.OPTIONS_NOT_SPLIT}"
    ]


def test_the_preview_shows_what_was_tidied(organizer_client):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    data = workbook([row(text="Câu 1: Hỏi gì?")])
    response = organizer_client.post(
        reverse("admin:quizzes_question_import"),
        {
            "import_file": SimpleUploadedFile("ngan-hang.xlsx", data),
            "format": "0",
            "resource": "0",
            "new_bank_name": BANK,
        },
    )
    html = response.content.decode()
    assert say(m.QUESTION_PREFIX_STRIPPED, prefix="Câu 1:") in html
    assert "Hỏi gì?" in html
    assert not QuestionBank.objects.exists()


def test_the_command_prints_what_was_tidied(tmp_path):
    from django.core.management import call_command

    path = tmp_path / "ngan-hang.xlsx"
    path.write_bytes(workbook([row(text="Câu 1: Hỏi gì?")]))
    out = io.StringIO()
    call_command("import_questions", str(path), "--bank", BANK, stdout=out)
    assert say(m.QUESTION_PREFIX_STRIPPED, prefix="Câu 1:") in out.getvalue()
    assert Question.objects.get().text == "Hỏi gì?"
