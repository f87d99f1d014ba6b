"""Rosters as organizers type them: names in any Unicode form, codes exactly as
Excel shows them, codes matched without regard to case, merged cells refused."""

import io
import unicodedata

import openpyxl
import pytest

from accounts import unit_excel, unit_import
from accounts.models import Unit

from .conftest import HEADERS, make_xlsx

pytestmark = pytest.mark.django_db

ROSTER = [
    ("LDLD", "Liên đoàn Lao động tỉnh Bến Tre", "Tỉnh", None, None),
    ("CD-GD", "Công đoàn ngành Giáo dục", "upper", "LDLD", 200),
]


def snapshot():
    return sorted(
        Unit.objects.values_list(
            "code", "name", "kind", "parent__code", "staff_count", "updated_at"
        )
    )


def test_the_same_roster_with_decomposed_accents_changes_nothing():
    assert unit_import.import_file(make_xlsx(ROSTER)).ok
    before = snapshot()
    decomposed = [
        (code, unicodedata.normalize("NFD", name), kind, parent, count)
        for code, name, kind, parent, count in ROSTER
    ]
    assert decomposed[0][1] != ROSTER[0][1]
    report = unit_import.import_file(make_xlsx(decomposed))
    assert report.ok
    assert report.count("skip") == 2
    assert snapshot() == before


def roster_with_formats(cells) -> bytes:
    """cells: (code value, code number format) per unit, each a top unit."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    for index, (value, number_format) in enumerate(cells, start=2):
        sheet.append([value, f"Đơn vị {index}", "Khác", None, 10])
        sheet.cell(row=index, column=1).number_format = number_format
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_codes_read_as_text_exactly_as_excel_shows_them():
    data = roster_with_formats(
        [(1, "000"), (1.02, "00.00"), ("007", "@"), (42, "General"), (3.5, "General")]
    )
    report = unit_import.import_file(data)
    assert report.ok, [str(e) for e in report.errors]
    assert sorted(Unit.objects.values_list("code", flat=True)) == [
        "001",
        "007",
        "01.02",
        "3.5",
        "42",
    ]


@pytest.mark.parametrize(
    ("value", "number_format", "shown"),
    [
        (1, "000", "001"),
        (12, "0000", "0012"),
        (1.02, "00.00", "01.02"),
        (1.5, "0.00", "1.50"),
        (7, "General", "7"),
        (7.25, "General", "7.25"),
        (5, '"CD"000', "5"),
    ],
)
def test_a_number_reads_as_its_format_shows_it(value, number_format, shown):
    assert unit_excel.shown_number(value, number_format) == shown


def test_codes_are_matched_without_regard_to_case_and_it_is_said():
    assert unit_import.import_file(make_xlsx(ROSTER)).ok
    report = unit_import.import_file(
        make_xlsx([("cd-gd", "Công đoàn ngành Giáo dục tỉnh", "upper", "ldld", 210)])
    )
    assert report.ok, [str(e) for e in report.errors]
    assert Unit.objects.count() == 2
    unit = Unit.objects.get(code="CD-GD")
    assert (unit.name, unit.staff_count, unit.parent.code) == (
        "Công đoàn ngành Giáo dục tỉnh",
        210,
        "LDLD",
    )
    assert [str(n) for n in report.notices] == [
        "Dòng 2, cột “Mã đơn vị”: mã “cd-gd” được hiểu là “CD-GD” (mã đơn vị không "
        "phân biệt chữ hoa, chữ thường).",
        "Dòng 2, cột “Mã đơn vị cấp trên”: mã “ldld” được hiểu là “LDLD” (mã đơn vị "
        "không phân biệt chữ hoa, chữ thường).",
    ]


def test_two_codes_differing_only_in_case_are_duplicates():
    report = unit_import.import_file(
        make_xlsx([("CD-A", "Một", "Khác", None, 1), ("cd-a", "Hai", "Khác", None, 2)])
    )
    assert [str(e) for e in report.errors] == [
        "Dòng 3, cột “Mã đơn vị”: mã “CD-A” trùng với dòng 2."
    ]
    assert not Unit.objects.exists()


def test_merged_parent_cells_are_an_error_naming_the_range():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    sheet.append(["LDLD", "Liên đoàn", "Tỉnh", None, None])
    sheet.append(["CD-1", "Công đoàn 1", "Khác", "LDLD", 10])
    sheet.append(["CD-2", "Công đoàn 2", "Khác", None, 20])
    sheet.merge_cells("D3:D4")
    buffer = io.BytesIO()
    book.save(buffer)
    report = unit_import.import_file(buffer.getvalue())
    assert len(report.errors) == 1
    assert str(report.errors[0]).startswith("Các ô D3:D4 được gộp")
    assert not Unit.objects.exists()
