"""`manage.py import_units`: exit codes and one line per error."""

import io
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from accounts.models import Unit

from .conftest import make_xlsx

pytestmark = pytest.mark.django_db


class Run:
    def __init__(self, *args):
        self.out, self.err = io.StringIO(), io.StringIO()
        # manage.py turns a CommandError into sys.exit(returncode) after printing it.
        try:
            call_command("import_units", *args, stdout=self.out, stderr=self.err)
        except CommandError as exc:
            self.code = exc.returncode
            self.err.write(f"CommandError: {exc}\n")
        else:
            self.code = 0
        self.stdout = self.out.getvalue()
        self.stderr_lines = self.err.getvalue().strip().splitlines()


def write(tmp_path, rows, name="don-vi.xlsx"):
    path = tmp_path / name
    path.write_bytes(make_xlsx(rows))
    return str(path)


def test_a_good_file_exits_0_and_prints_the_summary(tmp_path):
    path = write(
        tmp_path, [("A", "Đơn vị A", "", None, 10), ("B", "Đơn vị B", "", "A", 5)]
    )
    run = Run(path)
    assert run.code == 0
    assert "Đã nhập: 2 đơn vị mới, 0 cập nhật, 0 không đổi." in run.stdout
    assert Unit.objects.count() == 2


def test_dry_run_exits_0_and_saves_nothing(tmp_path):
    path = write(tmp_path, [("A", "Đơn vị A", "", None, 10)])
    run = Run(path, "--dry-run")
    assert run.code == 0
    assert "Chạy thử (chưa lưu): 1 đơn vị mới" in run.stdout
    assert not Unit.objects.exists()


def test_a_rejected_file_exits_1_with_one_line_per_error(tmp_path):
    path = write(
        tmp_path,
        [
            ("A", "Đơn vị A", "", "KHONG-CO", 10),
            ("A", "Đơn vị A lần hai", "", None, -4),
        ],
    )
    run = Run(path)
    assert run.code == 1
    err = run.stderr_lines
    assert err[0] == (
        "Dòng 2, cột “Mã đơn vị cấp trên”: không có đơn vị mã “KHONG-CO” "
        "trong tệp hay trên hệ thống."
    )
    assert err[1] == "Dòng 3, cột “Mã đơn vị”: mã “A” trùng với dòng 2."
    assert err[2] == "Dòng 3, cột “Tổng số CBCCVCLĐ”: không được âm (-4)."
    assert "Tệp bị từ chối: 3 lỗi, không đơn vị nào thay đổi." in err[3]
    assert not Unit.objects.exists()


def test_a_file_that_is_not_xlsx_exits_1_whatever_its_name(tmp_path):
    path = tmp_path / "don-vi.xlsx"
    path.write_text("Mã đơn vị,Tên đơn vị\nA,Đơn vị A\n", encoding="utf-8")
    run = Run(str(path))
    assert run.code == 1
    assert run.stderr_lines[0] == "Tệp không phải là tệp Excel .xlsx."


def test_a_missing_file_exits_1(tmp_path):
    run = Run(str(tmp_path / "khong-co.xlsx"))
    assert run.code == 1
    assert "Không tìm thấy tệp" in run.stderr_lines[0]


def test_the_shell_sees_exit_status_1_and_each_error_on_its_own_line(tmp_path):
    # The real process, as an organizer runs it (no database needed to reject this).
    path = tmp_path / "danh-sach.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    done = subprocess.run(
        [sys.executable, "manage.py", "import_units", str(path)],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert lines[0].startswith("Tệp là Excel 97-2003 (.xls), không được hỗ trợ")
    assert lines[1] == "CommandError: Tệp bị từ chối: 1 lỗi, không đơn vị nào thay đổi."
