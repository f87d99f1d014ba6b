"""The roster import: whole-file validation, all rows or none, Excel row numbers."""

import io
import resource
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts import unit_excel, unit_import
from accounts.models import Unit
from tests.factories import UnitFactory
from tests.far_cells import far_cell_workbook

from .conftest import HEADERS, make_xlsx

pytestmark = pytest.mark.django_db

GOOD = [
    # child rows before their parents: order in the file does not matter
    ("CD-GD-01", "Công đoàn Trường THPT Bến Tre", "Công đoàn cơ sở", "CD-GD", 86),
    (
        "CD-GD",
        "Công đoàn ngành Giáo dục",
        "Công đoàn cấp trên trực tiếp cơ sở",
        "LDLD",
        None,
    ),
    ("LDLD", "Liên đoàn Lao động tỉnh Bến Tre", "Tỉnh", None, None),
    ("CD-YT", "Công đoàn ngành Y tế", "upper", "LDLD", 150),
]


def snapshot():
    return sorted(
        Unit.objects.values_list(
            "code", "name", "kind", "parent__code", "staff_count", "updated_at"
        )
    )


def run(rows, headers=None, dry_run=False):
    return unit_import.import_file(make_xlsx(rows, headers), dry_run=dry_run)


def test_a_good_file_creates_the_tree_in_one_go():
    report = run(GOOD)
    assert report.ok, [str(e) for e in report.errors]
    assert report.count("new") == 4
    units = {u.code: u for u in Unit.objects.select_related("parent")}
    assert units["CD-GD-01"].parent.code == "CD-GD"
    assert units["CD-GD"].parent.code == "LDLD"
    assert units["LDLD"].parent is None
    assert units["LDLD"].kind == Unit.Kind.PROVINCE
    assert units["CD-YT"].kind == Unit.Kind.UPPER
    assert units["CD-GD"].staff_count is None
    assert units["CD-GD-01"].name_ascii == "cong doan truong thpt ben tre"


def test_importing_the_same_file_twice_changes_nothing():
    run(GOOD)
    before = snapshot()
    report = run(GOOD)
    assert report.ok
    assert report.count("skip") == 4
    assert snapshot() == before


def test_codes_update_existing_units_and_leave_the_others_alone():
    run(GOOD)
    UnitFactory(code="KHAC", name="Đơn vị khác", staff_count=5)
    report = run([("CD-YT", "Công đoàn ngành Y tế tỉnh", "", "LDLD", 160)])
    assert report.ok
    assert report.count("update") == 1
    yt = Unit.objects.get(code="CD-YT")
    assert (yt.name, yt.staff_count, yt.kind) == (
        "Công đoàn ngành Y tế tỉnh",
        160,
        "upper",
    )
    assert Unit.objects.filter(code="KHAC").exists()
    assert Unit.objects.count() == 5


def test_a_parent_already_on_the_portal_may_be_used(province):
    report = run([("CD-MOI", "Công đoàn mới", "grassroots", province.code, 12)])
    assert report.ok
    assert Unit.objects.get(code="CD-MOI").parent == province


def test_dry_run_reports_the_plan_and_writes_nothing():
    report = run(GOOD, dry_run=True)
    assert report.ok
    assert report.count("new") == 4
    assert "Chạy thử" in report.summary()
    assert not Unit.objects.exists()


def test_headers_without_accents_and_in_any_order_are_accepted():
    headers = ["Ten don vi", "MA DON VI", "Tổng số CBCCVCLĐ", "ma don vi cap tren"]
    report = run([("Đơn vị A", "A", 10, None)], headers=headers)
    assert report.ok, [str(e) for e in report.errors]
    unit = Unit.objects.get(code="A")
    assert (unit.name, unit.staff_count, unit.kind) == ("Đơn vị A", 10, "other")


@pytest.mark.parametrize(
    ("value", "stored"),
    [(1200, 1200), (1200.0, 1200), ("1200", 1200), ("1.200", 1200), ("1 200", 1200)],
)
def test_staff_counts_as_excel_writes_them(value, stored):
    assert run([("A", "Đơn vị A", "", None, value)]).ok
    assert Unit.objects.get(code="A").staff_count == stored


# Each bad file: the errors (row, column, words of the message), and nothing saved.
BAD_FILES = [
    pytest.param(
        [*GOOD, ("X", "Đơn vị X", "", "KHONG-CO", 5)],
        [(6, "Mã đơn vị cấp trên", "KHONG-CO")],
        id="unknown-parent",
    ),
    pytest.param(
        [*GOOD, ("CD-YT", "Trùng mã", "", "LDLD", 5)],
        [(6, "Mã đơn vị", "trùng với dòng 5")],
        id="duplicate-code",
    ),
    pytest.param(
        [("A", "Đơn vị A", "", None, -3)],
        [(2, "Tổng số CBCCVCLĐ", "không được âm")],
        id="negative-staff",
    ),
    pytest.param(
        [("A", "Đơn vị A", "", None, 12.5)],
        [(2, "Tổng số CBCCVCLĐ", "số nguyên")],
        id="fractional-staff",
    ),
    pytest.param(
        [("A", "Đơn vị A", "", None, "khoảng 40")],
        [(2, "Tổng số CBCCVCLĐ", "khoảng 40")],
        id="text-staff",
    ),
    pytest.param(
        [("P", "Cấp trên", "", None, None), ("A", "Đơn vị A", "", "P", None)],
        [(3, "Tổng số CBCCVCLĐ", "bắt buộc với đơn vị không có đơn vị trực thuộc")],
        id="missing-staff-on-a-leaf",
    ),
    pytest.param(
        [("A", "Đơn vị A", "", "B", 1), ("B", "Đơn vị B", "", "A", 2)],
        [(2, "Mã đơn vị cấp trên", "A → B → A"), (3, "Mã đơn vị cấp trên", "vòng lặp")],
        id="cycle",
    ),
    pytest.param(
        [("A", "Đơn vị A", "", "A", 1)],
        [(2, "Mã đơn vị cấp trên", "chính nó")],
        id="own-parent",
    ),
    pytest.param(
        [("", "Không mã", "", None, 1), ("B", "", "", None, 1)],
        [(2, "Mã đơn vị", "bắt buộc"), (3, "Tên đơn vị", "bắt buộc")],
        id="missing-code-and-name",
    ),
    pytest.param(
        [("A", "Đơn vị A", "Hợp tác xã", None, 1)],
        [(2, "Loại", "Hợp tác xã")],
        id="unknown-kind",
    ),
]


@pytest.mark.parametrize(("rows", "expected"), BAD_FILES)
def test_a_bad_row_rejects_the_whole_file_naming_row_and_column(rows, expected):
    UnitFactory(code="TRUOC", name="Đã có từ trước", staff_count=1)
    before = snapshot()
    report = run(rows)
    assert not report.ok
    got = [(e.row, e.column, e.message) for e in report.errors]
    assert len(got) == len(expected), got
    for (row, column, message), (want_row, want_column, words) in zip(
        got, expected, strict=True
    ):
        assert (row, column) == (want_row, want_column), got
        assert words in message, message
    assert snapshot() == before
    assert "không đơn vị nào thay đổi" in report.summary()


def test_row_numbers_are_excel_rows_even_after_blank_lines():
    rows = [
        ("A", "Đơn vị A", "", None, 5),
        (None, None, None, None, None),
        (None, None, None, None, None),
        ("B", "Đơn vị B", "", None, -1),
    ]
    report = run(rows)
    assert [(e.row, e.column) for e in report.errors] == [(5, "Tổng số CBCCVCLĐ")]
    assert str(report.errors[0]).startswith("Dòng 5, cột “Tổng số CBCCVCLĐ”:")


def test_an_unknown_header_is_reported_on_row_1_with_its_column():
    report = run(
        [("A", "Đơn vị A", 5, "x")], headers=[*HEADERS[:2], HEADERS[4], "Ghi chú"]
    )
    assert [(e.row, e.column) for e in report.errors] == [(1, "Ghi chú")]
    assert "cột D" in report.errors[0].message
    assert not Unit.objects.exists()


def test_a_missing_required_header_is_reported():
    report = run([("Đơn vị A", 5)], headers=["Tên đơn vị", "Tổng số CBCCVCLĐ"])
    assert [(e.row, e.column) for e in report.errors] == [(1, "Mã đơn vị")]


def test_a_file_with_only_headers_is_rejected():
    report = run([])
    assert "không có đơn vị nào" in str(report.errors[0])


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "words"),
    [
        pytest.param(
            b"Ma don vi;Ten don vi\nA;B\n", "không phải là tệp Excel .xlsx", id="csv"
        ),
        pytest.param(
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, ".xls", id="excel-97"
        ),
        pytest.param(
            _zip({"word/document.xml": b"<w/>"}), "không phải", id="docx-like"
        ),
        pytest.param(
            _zip({"xl/workbook.xml": b"not xml at all"}), "Không đọc được", id="broken"
        ),
        pytest.param(b"", "rỗng", id="empty"),
    ],
)
def test_a_file_that_is_not_xlsx_is_refused_by_its_content(data, words):
    report = unit_import.import_file(data)
    assert len(report.errors) == 1
    assert report.errors[0].row is None
    assert words in str(report.errors[0])
    assert not Unit.objects.exists()


def test_an_oversized_file_is_refused_unread(monkeypatch, tmp_path):
    monkeypatch.setattr(unit_excel, "MAX_FILE_BYTES", 1000)
    path = tmp_path / "lon.xlsx"
    path.write_bytes(make_xlsx(GOOD) + b"\0" * 1000)
    report = unit_import.import_path(path)
    assert "quá lớn" in str(report.errors[0])
    assert not Unit.objects.exists()


def test_a_zip_bomb_is_refused(monkeypatch):
    monkeypatch.setattr(unit_excel, "MAX_UNZIPPED_BYTES", 10_000)
    data = make_xlsx([("A", "x" * 200, "", None, i) for i in range(200)])
    assert "giải nén" in str(unit_import.import_file(data).errors[0])


def test_too_many_rows_is_refused(monkeypatch):
    monkeypatch.setattr(unit_excel, "MAX_ROWS", 3)
    report = run([(f"U{i}", f"Đơn vị {i}", "", None, 1) for i in range(4)])
    assert str(report.errors[0]).startswith(
        "Trang tính “Sheet” có dữ liệu ở ô A5, ngoài vùng được đọc (tối đa 4 dòng"
    )
    assert not Unit.objects.exists()


def test_the_export_imports_back_unchanged():
    run(GOOD)
    before = snapshot()
    exported = unit_excel.write_roster(
        unit_import.roster_rows(), unit_import.kind_labels()
    )
    report = unit_import.import_file(exported)
    assert report.ok, [str(e) for e in report.errors]
    assert report.count("skip") == 4
    assert snapshot() == before


def test_the_template_has_the_import_headers_and_a_guide():
    data = unit_excel.write_roster([], unit_import.kind_labels())
    sheet = unit_excel.read_sheet(data)
    assert sheet.headers == HEADERS
    assert sheet.rows == []


def test_cells_starting_like_formulas_are_stored_as_text_in_the_export():
    UnitFactory(code="=CMD", name="+1 Đơn vị lạ", staff_count=1)
    exported = unit_excel.write_roster(
        unit_import.roster_rows(), unit_import.kind_labels()
    )
    workbook = openpyxl.load_workbook(io.BytesIO(exported))
    code, name = workbook.active["A2"], workbook.active["B2"]
    assert (code.value, code.data_type, code.quotePrefix) == ("=CMD", "s", True)
    assert (name.value, name.data_type) == ("+1 Đơn vị lạ", "s")


@pytest.mark.parametrize("cell", ["XFD1048576", "A1048576"])
def test_a_far_cell_is_refused_by_the_admin_without_using_memory(
    client, organizer, cell
):
    client.force_login(organizer)
    data = far_cell_workbook(cell, headers=HEADERS)
    units = snapshot()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    response = client.post(
        reverse("admin:accounts_unit_import"),
        {
            "import_file": SimpleUploadedFile("don-vi.xlsx", data),
            "format": "0",
            "resource": "0",
        },
    )
    grown_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert response.status_code == 200
    assert f"Trang tính “Sheet” có dữ liệu ở ô {cell}" in response.content.decode()
    assert grown_kb < 100 * 1024
    assert snapshot() == units
