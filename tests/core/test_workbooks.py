"""core.workbooks: every upload's .xlsx is checked by content and by the real
extent of the sheet it reads, in bounded memory, before a reader builds it.

The commands run in a child process with an address-space cap: on the original
code a file whose only value sits at XFD1048576 made calamine ask for 512 GB and
abort the process (a web worker, in production)."""

import io
import zipfile

import openpyxl
import pytest
from openpyxl.styles import Font

from core import workbooks
from quizzes import layout
from tests.far_cells import far_cell_workbook, run_command_bounded

FAR_CELLS = ["XFD1048576", "A1048576"]


def sheet_of(data: bytes) -> workbooks.SheetRef:
    return workbooks.open_xlsx(data, max_unzipped=10 * 1024**2)[0]


def with_sheet_xml(xml: bytes) -> bytes:
    """A valid workbook whose first sheet's XML is replaced by `xml`."""
    source = io.BytesIO(far_cell_workbook("A1"))
    out = io.BytesIO()
    with (
        zipfile.ZipFile(source) as original,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in original.infolist():
            content = original.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                content = xml
            target.writestr(info.filename, content)
    return out.getvalue()


SHEET = (
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b"<sheetData>%s</sheetData></worksheet>"
)


@pytest.mark.parametrize("cell", FAR_CELLS)
def test_a_far_cell_is_refused_by_sheet_and_cell(cell):
    data = far_cell_workbook(cell, headers=["Câu hỏi"], title="Câu hỏi")
    with pytest.raises(workbooks.WorkbookError) as refused:
        workbooks.read_rows(data, sheet_of(data), max_rows=50_001, max_columns=64)
    assert refused.value.reason == workbooks.FAR_CELL
    assert str(refused.value).startswith(
        f"Trang tính “Câu hỏi” có dữ liệu ở ô {cell}, ngoài vùng được đọc "
        "(tối đa 50.001 dòng và 64 cột, tức đến ô BL50001)."
    )


def test_a_far_cell_as_the_only_value_is_refused():
    data = far_cell_workbook("XFD1048576")
    with pytest.raises(workbooks.WorkbookError, match="ô XFD1048576"):
        workbooks.check_extent(data, sheet_of(data), max_rows=10, max_columns=10)


def test_a_far_cell_with_formatting_only_is_not_data():
    book = openpyxl.Workbook()
    book.active.append(["Câu hỏi", "Đáp án A"])
    book.active["XFD1048576"].font = Font(bold=True)  # styled, no value
    buffer = io.BytesIO()
    book.save(buffer)
    data = buffer.getvalue()
    rows = workbooks.read_rows(data, sheet_of(data), max_rows=10, max_columns=10)
    assert rows == [["Câu hỏi", "Đáp án A"]]


def test_cells_without_a_reference_are_placed_one_after_another():
    cells = b"<c><v>1</v></c>" * 11
    data = with_sheet_xml(SHEET % (b'<row r="1">' + cells + b"</row>"))
    with pytest.raises(workbooks.WorkbookError, match="ô K1"):
        workbooks.check_extent(data, sheet_of(data), max_rows=5, max_columns=10)
    workbooks.check_extent(data, sheet_of(data), max_rows=5, max_columns=11)


def test_a_prefixed_sheet_is_checked_like_a_plain_one():
    xml = (
        b'<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/'
        b'main"><x:sheetData><x:row r="3"><x:c r="Z3"><x:v>1</x:v></x:c></x:row>'
        b"</x:sheetData></x:worksheet>"
    )
    data = with_sheet_xml(xml)
    with pytest.raises(workbooks.WorkbookError, match="ô Z3"):
        workbooks.check_extent(data, sheet_of(data), max_rows=5, max_columns=10)


def test_a_reference_hidden_in_another_attribute_does_not_fool_the_check():
    xml = SHEET % b'<row r="1"><c s=" r=\'A1\'" r="XFD1"><v>1</v></c></row>'
    data = with_sheet_xml(xml)
    with pytest.raises(workbooks.WorkbookError, match="ô XFD1"):
        workbooks.check_extent(data, sheet_of(data), max_rows=5, max_columns=10)


def test_a_reference_made_of_entities_is_refused():
    # Entities are expanded by no one here: a DTD is refused outright.
    xml = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "XFD1">]>' + SHEET % (
        b'<row r="1"><c r="&a;"><v>1</v></c></row>'
    )
    data = with_sheet_xml(xml)
    with pytest.raises(workbooks.WorkbookError) as refused:
        workbooks.check_extent(data, sheet_of(data), max_rows=5, max_columns=10)
    assert refused.value.reason == workbooks.UNREADABLE


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        pytest.param(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "old_xls"),
        pytest.param(b"Ma,Ten\n", "not_xlsx"),
        pytest.param(b"PK\x03\x04broken", "not_xlsx"),
    ],
)
def test_files_that_are_not_xlsx_are_named_by_content(data, reason):
    with pytest.raises(workbooks.WorkbookError) as refused:
        workbooks.open_xlsx(data, max_unzipped=10**6)
    assert refused.value.reason == reason


def _zip_of(*names: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        pytest.param(far_cell_workbook("A1"), workbooks.XLSX, id="xlsx"),
        pytest.param(_zip_of("word/document.xml"), workbooks.DOCX, id="docx"),
        pytest.param(b"PK\x03\x04broken", workbooks.XLSX, id="broken-zip"),
        pytest.param(_zip_of("other.txt"), workbooks.XLSX, id="other-zip"),
        pytest.param(
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600,
            workbooks.OLD_OFFICE,
            id="xls",
        ),
        pytest.param(b"Ma,Ten\n", None, id="csv"),
        pytest.param(b"", None, id="empty"),
    ],
)
def test_an_upload_is_sniffed_by_content_not_by_name(data, kind):
    assert workbooks.sniff(data) == kind


def test_the_question_import_guesses_its_format_with_the_same_sniffer():
    from quizzes.import_views import guess_format

    assert guess_format(far_cell_workbook("A1"), "cau-hoi.docx") == "xlsx"
    assert guess_format(_zip_of("word/document.xml"), "cau-hoi.xlsx") == "docx"
    assert guess_format(b"::Q1:: 1+1 {=2 ~3}", "x.txt") == "gift"


def test_the_sheets_are_listed_by_name_in_workbook_order():
    book = openpyxl.Workbook()
    book.active.title = "Hướng dẫn"
    book.create_sheet("Câu hỏi")
    buffer = io.BytesIO()
    book.save(buffer)
    sheets = workbooks.open_xlsx(buffer.getvalue(), max_unzipped=10**7)
    assert [s.name for s in sheets] == ["Hướng dẫn", "Câu hỏi"]
    assert workbooks.pick_sheet(sheets, "Câu hỏi").name == "Câu hỏi"
    assert workbooks.pick_sheet(sheets, "Khác").name == "Hướng dẫn"


# --- the commands, in a child process with bounded memory ---
MAX_GROWTH_KB = 100 * 1024


@pytest.mark.parametrize("cell", FAR_CELLS)
def test_import_questions_refuses_a_far_cell_in_small_memory(tmp_path, cell):
    path = tmp_path / "ngan-hang.xlsx"
    path.write_bytes(far_cell_workbook(cell, headers=layout.HEADERS))
    done = run_command_bounded("import_questions", str(path), "--bank", "Kiểm tra")
    assert "crashed" not in done, done
    assert done["code"] == 1
    assert f"Trang tính “Sheet” có dữ liệu ở ô {cell}" in done["stderr"]
    assert done["growth_kb"] < MAX_GROWTH_KB


@pytest.mark.parametrize("cell", FAR_CELLS)
def test_import_units_refuses_a_far_cell_in_small_memory(tmp_path, cell):
    path = tmp_path / "don-vi.xlsx"
    path.write_bytes(
        far_cell_workbook(cell, headers=["Mã đơn vị", "Tên đơn vị", "Loại"])
    )
    done = run_command_bounded("import_units", str(path))
    assert "crashed" not in done, done
    assert done["code"] == 1
    assert f"Trang tính “Sheet” có dữ liệu ở ô {cell}" in done["stderr"]
    assert done["growth_kb"] < MAX_GROWTH_KB


def test_column_letters():
    assert [workbooks.column_letter(i) for i in (0, 25, 26, 701)] == [
        "A",
        "Z",
        "AA",
        "ZZ",
    ]
