"""The one sheet writer: what it writes reads back with openpyxl as the reports
and the files imported back need it (values, formats, escaping, print setup)."""

import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from core import sheets
from core.sheets import PLAIN, PRINTED, Book, Column, Escape, Look

COLUMNS = [
    Column("STT", 6, "int"),
    Column("Họ và tên", 26),
    Column("Ngày sinh", 12, "date"),
    Column("Số tiền", 14, "money"),
    Column("Tỷ lệ", 10, "percent"),
    Column("Thời gian", 12, "duration"),
]


def read(target):
    if isinstance(target, io.BytesIO):
        target.seek(0)
    return load_workbook(target)


@pytest.mark.parametrize("text", ["=1+1", "+84", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_safe_text_escapes_formula_starts(text):
    assert sheets.safe_text(text) == "'" + text


def test_a_printed_sheet_has_its_heading_header_rows_and_total(tmp_path):
    path = tmp_path / "a.xlsx"
    with Book(str(path), PRINTED) as book:
        sheet = book.sheet("Bảng", COLUMNS, ["BAN TỔ CHỨC", "Cuộc thi"])
        sheet.row([1, "Mai", datetime.date(1990, 5, 17), 1_000_000, 0.25, 83_250])
        sheet.row([2, "=cmd()", None, 500_000, Decimal("0.5"), None])
        sheet.total({"Số tiền": 1_500_000, "Họ và tên": "2 giải"})
        sheet.signatures(datetime.date(2024, 6, 16))
    ws = read(path)["Bảng"]
    assert ws["A1"].value == "BAN TỔ CHỨC"
    assert "A1:F1" in {str(r) for r in ws.merged_cells.ranges}
    assert ws["A1"].font.name == "Times New Roman"
    assert ws["A1"].font.sz == 14
    assert [c.value for c in ws[4]] == [c.header for c in COLUMNS]
    assert ws["A4"].font.b
    assert ws["A4"].border.left.style == "thin"
    first = [c.value for c in ws[5]]
    assert first[:4] == [1, "Mai", datetime.datetime(1990, 5, 17), 1_000_000]
    assert first[4] == 0.25
    assert first[5] == datetime.timedelta(seconds=83.25)
    assert ws["C5"].number_format == "DD/MM/YYYY"
    assert ws["D5"].number_format == "#,##0"
    assert ws["E5"].number_format == "0.0%"
    # Printed lists align every cell left and wrap long names, numbers too.
    assert ws["D5"].alignment.horizontal == "left"
    assert ws["B5"].alignment.wrap_text
    assert ws["B5"].font.name == "Times New Roman"
    assert ws["B6"].value == "'=cmd()"
    assert ws["E6"].value == 0.5
    assert [ws["A7"].value, ws["B7"].value, ws["D7"].value] == [
        sheets.TOTAL_LABEL,
        "2 giải",
        1_500_000,
    ]
    assert ws["A7"].font.b
    assert ws["D7"].number_format == "#,##0"
    assert ws["D9"].value == "Ngày 16 tháng 06 năm 2024"
    assert ws["B10"].value == "NGƯỜI LẬP BIỂU"
    assert ws["D10"].value == "TM. BAN TỔ CHỨC"
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)


def test_a_printed_sheet_prints_landscape_on_a4_fitted_to_the_width(tmp_path):
    path = tmp_path / "a.xlsx"
    with Book(str(path)) as book:
        book.sheet("Bảng", COLUMNS, ["Tiêu đề"]).row([1, "A", None, 1, 0.1, 1])
    ws = read(path)["Bảng"]
    assert ws.freeze_panes == "A4"
    assert ws.print_title_rows == "$3:$3"
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == 9
    assert ws.page_setup.fitToWidth in (None, 1)
    assert ws.page_setup.fitToHeight == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_options.gridLines
    assert ws.print_options.horizontalCentered
    assert ws.column_dimensions["B"].width == pytest.approx(26, abs=1)


def test_a_local_time_is_written_in_the_reader_time_zone(tmp_path, settings):
    settings.TIME_ZONE = "Asia/Ho_Chi_Minh"
    path = tmp_path / "a.xlsx"
    when = datetime.datetime(2024, 6, 16, 3, 4, 5, tzinfo=datetime.UTC)
    with Book(str(path)) as book:
        book.sheet("Bảng", [Column("Lúc", 20, "datetime")]).row([when])
    cell = read(path)["Bảng"]["A2"]
    assert cell.value == datetime.datetime(2024, 6, 16, 10, 4, 5)
    assert cell.number_format == "DD/MM/YYYY HH:MM:SS"


def test_a_file_imported_back_keeps_a_formula_looking_text_as_it_is():
    buffer = io.BytesIO()
    look = Look(header_fill="DDEBF7", escape=Escape.QUOTE_PREFIX)
    with Book(buffer, look) as book:
        sheet = book.sheet("Đơn vị", [Column("Mã", 10), Column("Tên", 20)])
        sheet.row(["=A1", "-Tổ 1\x02"])
        sheet.row(["DV1", "Phòng"])
    ws = read(buffer)["Đơn vị"]
    assert [c.value for c in ws[2]] == ["=A1", "-Tổ 1"]
    assert ws["A2"].data_type == "s"
    assert ws["A2"].quotePrefix
    assert not ws["A3"].quotePrefix
    assert ws["A1"].fill.fgColor.rgb.endswith("DDEBF7")
    assert ws.freeze_panes == "A2"


def test_two_sheets_of_one_name_are_numbered():
    buffer = io.BytesIO()
    with Book(buffer, PLAIN) as book:
        for _ in range(3):
            book.sheet("Đợt 1: [tập thể]", [Column("A", 5)])
    assert read(buffer).sheetnames == ["Đợt 1   tập thể", "Đợt 1   tập thể1",
                                       "Đợt 1   tập thể2"]  # fmt: skip


def test_drop_downs_and_whole_numbers_are_validated():
    buffer = io.BytesIO()
    with Book(buffer, PLAIN) as book:
        sheet = book.sheet("Đơn vị", [Column("Loại", 10), Column("Số", 10, "int")])
        sheet.choices(0, ["Xã", "Huyện"], last_row=100, error="Chọn một loại.")
        sheet.whole_numbers(1, last_row=100)
    rules = read(buffer)["Đơn vị"].data_validations.dataValidation
    by_type = {rule.type: rule for rule in rules}
    assert by_type["list"].formula1 == '"Xã,Huyện"'
    assert str(by_type["list"].sqref) == "A2:A100"
    assert by_type["list"].error == "Chọn một loại."
    assert str(by_type["whole"].sqref) == "B2:B100"


def test_column_kinds_are_checked():
    with pytest.raises(ValueError, match="unknown column kind"):
        Column("A", 5, "money_vnd")
