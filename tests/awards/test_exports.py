"""Excel exports open with openpyxl and hold the right rows, headers and totals;
personal numbers are masked without the permission; formulas never run; memory
stays bounded however many rows."""

import datetime
import shutil
import subprocess
import tracemalloc

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from accounts.privacy import mask_cccd, mask_phone
from awards import exports, services
from awards.models import ExportJob
from contests.models import PrizeTier
from core import sheets
from tests.factories import UnitFactory, UserFactory
from tests.factories.awards import (
    closed_round,
    contest_with_round_tiers,
    finished_attempt,
)
from tests.factories.contests import PrizeTierFactory

SPEC_HEADERS = [
    "STT",
    "Họ và tên",
    "Ngày sinh",
    "Đơn vị",
    "Số điện thoại",
    "Số CCCD",
    "Số câu đúng",
    "Thời gian làm bài",
    "Dự đoán",
    "Giải",
    "Số tiền",
]


def sheet_rows(path, title=None):
    workbook = load_workbook(path)
    sheet = workbook[title] if title else workbook.worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def table(rows, first_header="STT"):
    """(header, data rows until the total row, the total row)."""
    start = next(i for i, r in enumerate(rows) if r and r[0] == first_header)
    header = rows[start]
    body = []
    for row in rows[start + 1 :]:
        if row[0] == exports.TOTAL_LABEL or not any(v is not None for v in row):
            return header, body, row if row[0] == exports.TOTAL_LABEL else None
        body.append(row)
    return header, body, None


@pytest.fixture
def closed(db, unit_a):
    contest = contest_with_round_tiers(
        slug="xuat-excel", title="Cuộc thi tìm hiểu về Chuyển đổi số năm 2024"
    )
    round_ = closed_round(contest, number=1)
    people = [
        UserFactory(
            full_name=name,
            unit=unit_a,
            phone=f"+849123456{i:02d}",
            cccd=f"0831900000{i:02d}",
            birth_date=datetime.date(1990, 5, 17),
        )
        for i, name in enumerate(
            ["Nguyễn Thị Mai", '=HYPERLINK("http://x")', "Trần Văn Bình", "Lê Bốn"]
        )
    ]
    for i, person in enumerate(people):
        finished_attempt(round_, person, score=20 - i, duration_ms=125_500)
    services.close_round(round_.id)
    return {"contest": contest, "round": round_, "people": people}


def test_round_award_list_has_the_spec_headers_rows_and_total(closed, tmp_path):
    path = tmp_path / "dot1.xlsx"
    rows = exports.write_round_awards(closed["round"], str(path), personal=True)
    assert rows == 3
    all_rows = sheet_rows(path)
    assert all_rows[1][0] == "Cuộc thi tìm hiểu về Chuyển đổi số năm 2024"
    assert "DANH SÁCH THÍ SINH ĐẠT GIẢI" in all_rows[2][0]
    header, body, total = table(all_rows)
    assert header == SPEC_HEADERS
    assert [r[0] for r in body] == [1, 2, 3]
    assert [r[9] for r in body] == ["Giải Nhất", "Giải Nhì", "Giải Ba"]
    assert [r[10] for r in body] == [1_000_000, 800_000, 600_000]
    assert body[0][1] == "Nguyễn Thị Mai"
    assert body[0][2] == datetime.datetime(1990, 5, 17)
    assert body[0][4] == "0912 345 600"
    assert body[0][5] == "083190000000"
    assert body[0][6] == 20
    # A duration cell ([MM]:SS.000): spreadsheets read 2 minutes 5.5 seconds.
    assert body[0][7] == datetime.timedelta(milliseconds=125_500)
    assert total[10] == 2_400_000
    assert total[9] == "3 giải"
    assert_libreoffice_reads(path, "Nguyễn Thị Mai")


def assert_libreoffice_reads(path, expected: str) -> None:
    """LibreOffice (installed by `make test`) converts the file to CSV and the CSV
    holds ``expected``: the file opens there with the right rows."""
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None:
        pytest.fail(
            "LibreOffice is missing: `make test` installs libreoffice-calc-nogui"
        )
    # Filter options 44,34,76: comma-separated, double quotes, UTF-8.
    subprocess.run(
        [office, "--headless", f"-env:UserInstallation=file://{path.parent}/lo",
         "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76",
         "--outdir", str(path.parent), str(path)],
        check=True,
        timeout=180,
        capture_output=True,
    )  # fmt: skip
    text = path.with_suffix(".csv").read_text(encoding="utf-8")
    assert "Họ và tên" in text
    assert expected in text


def test_personal_numbers_are_masked_without_the_permission(closed, tmp_path):
    path = tmp_path / "dot1.xlsx"
    exports.write_round_awards(closed["round"], str(path), personal=False)
    _, body, _ = table(sheet_rows(path))
    person = closed["people"][0]
    assert body[0][4] == mask_phone(person.phone)
    assert body[0][5] == mask_cccd(person.cccd)
    assert body[0][2] == "**/**/1990"
    assert "083190000000" not in repr(body)


def test_a_name_that_looks_like_a_formula_is_written_as_text(closed, tmp_path):
    path = tmp_path / "dot1.xlsx"
    exports.write_round_awards(closed["round"], str(path), personal=True)
    _, body, _ = table(sheet_rows(path))
    assert body[1][1] == '\'=HYPERLINK("http://x")'
    workbook = load_workbook(path)
    cells = [c for row in workbook.worksheets[0].iter_rows() for c in row]
    assert all(c.data_type != "f" for c in cells)


@pytest.mark.parametrize("text", ["=1+1", "+84", "-2", "@SUM(A1)", "\tx"])
def test_safe_text_escapes_formula_starts(text):
    assert exports.safe_text(text) == "'" + text


def test_contest_award_list_sums_every_part(closed, tmp_path, unit_a):
    contest = closed["contest"]
    PrizeTierFactory(
        contest=contest,
        part=PrizeTier.Part.COLLECTIVE,
        scope=PrizeTier.Scope.CONTEST,
        name="Giải Nhất tập thể",
        amount_vnd=2_000_000,
    )
    contest.collective_unit_kind = "upper"
    contest.save()
    services.close_contest(contest.id)
    path = tmp_path / "cuoc-thi.xlsx"
    exports.write_contest_awards(contest, str(path), personal=True)
    workbook = load_workbook(path)
    assert workbook.sheetnames == ["Giải cá nhân", "Giải tập thể", "Tổng hợp"]
    _, people, people_total = table(sheet_rows(path, "Giải cá nhân"))
    assert len(people) == 3
    assert people_total[-1] == 2_400_000
    _, units, unit_total = table(sheet_rows(path, "Giải tập thể"))
    assert [r[2] for r in units] == [unit_a.name]
    assert unit_total[-1] == 2_000_000
    _, _, grand = table(sheet_rows(path, "Tổng hợp"))
    assert grand[-1] == 4_400_000
    assert grand[2] == 4


def test_collective_export_lists_unranked_units_with_the_reason(db, tmp_path):
    province = UnitFactory(code="P", kind="province", staff_count=None)
    counted = UnitFactory(code="A", kind="upper", parent=province, staff_count=10)
    unknown = UnitFactory(code="B", kind="upper", parent=province, staff_count=None)
    contest = contest_with_round_tiers(slug="tap-the", collective_unit_kind="upper")
    round_ = closed_round(contest, number=1)
    for unit in (counted, unknown):
        finished_attempt(round_, UserFactory(unit=unit))
    services.close_round(round_.id)
    services.close_contest(contest.id)
    path = tmp_path / "tap-the.xlsx"
    exports.write_collective(contest, str(path))
    _, body, _ = table(sheet_rows(path))
    by_unit = {r[1]: r for r in body}
    assert by_unit[counted.name][7] == 1
    assert by_unit[counted.name][4] == pytest.approx(0.1)
    assert by_unit[unknown.name][7] is None
    assert "staff_count" in by_unit[unknown.name][10]


def test_participation_report_covers_the_unit_subtree_only(db, tmp_path):
    district = UnitFactory(code="BS", name="Huyện Bắc Sơn", kind="district",
                           staff_count=None)  # fmt: skip
    commune = UnitFactory(code="BS-1", name="Xã Vũ Sơn", kind="commune",
                          parent=district, staff_count=40)  # fmt: skip
    office = UnitFactory(code="BS-2", name="Phòng Văn hóa", kind="agency",
                         parent=district, staff_count=10)  # fmt: skip
    elsewhere = UnitFactory(code="BG", name="Huyện Bình Gia", kind="district")
    contest = contest_with_round_tiers(slug="bac-son")
    round_ = closed_round(contest, number=1)
    inside = [UserFactory(unit=commune, full_name=f"Dân xã {i}") for i in range(4)]
    inside.append(UserFactory(unit=office, full_name="Cán bộ phòng"))
    for person in inside:
        finished_attempt(round_, person, score=15)
    finished_attempt(round_, inside[0], score=18, number=2, counted=False)
    finished_attempt(round_, UserFactory(unit=elsewhere, full_name="Người ngoài"))
    services.close_round(round_.id)
    path = tmp_path / "bac-son.xlsx"
    exports.write_participation(contest, district, str(path), personal=False)
    _, units, _ = table(sheet_rows(path, "Tổng hợp theo đơn vị"))
    summary = {r[1]: r for r in units}
    assert set(summary) == {"BS", "BS-1", "BS-2"}
    assert summary["BS"][3:7] == [50, 5, pytest.approx(0.1), 6]
    assert summary["BS-1"][4] == 4
    _, listing, _ = table(sheet_rows(path, "Danh sách thí sinh"))
    names = [r[1] for r in listing]
    assert "Người ngoài" not in names
    assert len(names) == 5
    first = next(r for r in listing if r[1] == "Dân xã 0")
    assert (first[6], first[7]) == (2, 18)


def test_export_command_writes_the_file_and_masks_by_default(
    closed, tmp_path, secretary
):
    out = tmp_path / "giai.xlsx"
    call_command(
        "export_awards", closed["contest"].slug, "--out", str(out), "--kind", "round",
        "--round", "1",
    )  # fmt: skip
    _, body, _ = table(sheet_rows(out))
    assert body[0][5] == mask_cccd(closed["people"][0].cccd)
    call_command(
        "export_awards", closed["contest"].slug, "--out", str(out), "--kind", "round",
        "--round", "1", "--user", secretary.username,
    )  # fmt: skip
    _, body, _ = table(sheet_rows(out))
    assert body[0][5] == closed["people"][0].cccd


def test_export_command_explains_bad_arguments(closed, tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="không có đợt thi số 9"):
        call_command(
            "export_awards", closed["contest"].slug, "--out", str(tmp_path / "a.xlsx"),
            "--kind", "round", "--round", "9",
        )  # fmt: skip
    with pytest.raises(CommandError, match="Không có cuộc thi"):
        call_command("export_awards", "khong-co", "--out", str(tmp_path / "a.xlsx"))


def test_full_ranking_export_streams_every_row_with_keys(closed, tmp_path):
    path = tmp_path / "bxh.xlsx"
    rows = exports.write_ranking(closed["round"], str(path), personal=False)
    assert rows == 4
    header, body, _ = table(sheet_rows(path), first_header="Hạng")
    assert header[:3] == ["Hạng", "Hạng trong nhóm", "Họ và tên"]
    assert [r[0] for r in body] == [1, 2, 3, 4]


def test_an_export_job_records_failure_with_the_reason(
    closed, secretary, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    job = ExportJob.objects.create(
        kind=ExportJob.Kind.PARTICIPATION,
        contest=closed["contest"],
        unit=UnitFactory(),
        requested_by=secretary,
    )
    assert exports.run_export_job(str(job.pk)) == ExportJob.Status.DONE
    job.refresh_from_db()
    assert job.filename.startswith("bao-cao-tham-gia-xuat-excel")
    assert job.file.name.endswith(".xlsx")


def test_writing_many_rows_keeps_memory_bounded(tmp_path):
    def peak(rows: int) -> int:
        when = datetime.datetime(2024, 6, 16, 10, tzinfo=datetime.UTC)
        tracemalloc.start()
        with sheets.Book(str(tmp_path / f"{rows}.xlsx")) as book:
            sheet = book.sheet("Bảng", exports.RANKING_COLUMNS, ["A", "B", "C", "D"])
            for i in range(rows):
                sheet.row(
                    [i, i, f"Thí sinh {i}", "**/**/1990", "Đơn vị", "091****678",
                     "*********123", 18, 100, 3, 300_000, when]
                )  # fmt: skip
        _, top = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return top

    small, large = peak(500), peak(5_000)
    # Ten times the rows, nowhere near ten times the memory: rows go to disk.
    assert large < small * 2
    assert large < 20 * 1024 * 1024


def test_old_exports_are_purged_with_their_files(closed, secretary, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    job = ExportJob.objects.create(
        kind=ExportJob.Kind.CONTEST, contest=closed["contest"], requested_by=secretary
    )
    exports.run_export_job(str(job.pk))
    job.refresh_from_db()
    path = job.file.path
    assert exports.purge_old_exports() == 0
    later = job.created_at + datetime.timedelta(days=8)
    assert exports.purge_old_exports(now=later) == 1
    assert not ExportJob.objects.exists()
    import os

    assert not os.path.exists(path)


def test_data_rows_keep_every_type_and_awkward_text(tmp_path):
    """The sheet writer's data rows: text with XML characters, edge spaces,
    control characters and formula starts, numbers, dates, durations and times
    come back as written, each with its column's format."""
    path = tmp_path / "t.xlsx"
    when = datetime.datetime(2024, 6, 16, 3, 4, 5, tzinfo=datetime.UTC)
    with sheets.Book(str(path)) as book:
        sheet = book.sheet("Bảng", exports.RANKING_COLUMNS, ["Tiêu đề", "Dòng 2"])
        sheet.row(
            [1, None, "Lê <Văn> & \"Bé\"", datetime.date(1990, 5, 17), "  Tổ 1 ",
             "=HYPERLINK(\"x\")", "0\x01123", 18, 123_456, 7, 83_250, when]
        )  # fmt: skip
        sheet.row([2, 1, "B", "**/**/1990", "", "", "", 0, None, None, 1, when])
        sheet.total({"Số câu đúng": 18})
    ws = load_workbook(path).active
    first, second = ws[5], ws[6]
    assert [c.value for c in first[:3]] == [1, None, 'Lê <Văn> & "Bé"']
    assert first[3].value == datetime.datetime(1990, 5, 17)
    assert first[3].number_format == "DD/MM/YYYY"
    assert first[4].value == "  Tổ 1 "
    assert first[5].value == '\'=HYPERLINK("x")'
    assert first[6].value == "0123"
    assert [c.value for c in first[7:10]] == [18, 123_456, 7]
    assert first[8].number_format == "#,##0"
    assert first[10].value == datetime.timedelta(seconds=83.25)
    # Stored in local time (Asia/Ho_Chi_Minh, UTC+7), as Vietnamese readers expect.
    assert first[11].value == datetime.datetime(2024, 6, 16, 10, 4, 5)
    assert first[2].font.name == "Times New Roman"
    assert [c.value for c in second[:5]] == [2, 1, "B", "**/**/1990", None]
    assert ws[7][0].value == exports.TOTAL_LABEL
    assert ws[7][7].value == 18
