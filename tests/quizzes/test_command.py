"""import_questions: all or nothing, one error per line, a non-zero exit."""

import io
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from quizzes.importing import messages as m
from quizzes.models import Question, QuestionBank

from .workbooks import many_rows, row, workbook

pytestmark = pytest.mark.django_db

BANK = "Ngân hàng Bến Tre 2024"


def call(*args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_questions", *args, stdout=out, stderr=err)
    except CommandError as exc:
        return out.getvalue(), err.getvalue(), exc
    return out.getvalue(), err.getvalue(), None


def test_a_thousand_question_workbook_imports_in_one_go(tmp_path):
    path = tmp_path / "ngan-hang.xlsx"
    path.write_bytes(workbook(many_rows(1000)))
    out, err, failure = call(str(path), "--bank", BANK)
    assert failure is None, err
    assert Question.objects.filter(bank__name=BANK).count() == 1000
    assert out.startswith(f"Đã nhập 1000 câu hỏi vào ngân hàng “{BANK}” (5 chủ đề mới)")


def test_each_error_is_printed_on_its_own_line_and_nothing_is_imported(tmp_path):
    rows = many_rows(6)
    rows[1][8] = ""  # row 3: no key
    rows[4][1] = ""  # row 6: empty question
    path = tmp_path / "loi.xlsx"
    path.write_bytes(workbook(rows))
    _, err, failure = call(str(path), "--bank", BANK)
    assert failure is not None
    assert str(failure) == "Không nhập câu hỏi nào: tệp có 2 lỗi."
    assert err.splitlines() == [
        f"Dòng 3, cột “Đáp án đúng” (ô I3): {m.MISSING_CORRECT}",
        f"Dòng 6, cột “Câu hỏi” (ô B6): {m.EMPTY_QUESTION}",
    ]
    assert not QuestionBank.objects.exists()
    assert not Question.objects.exists()


def test_dry_run_checks_and_writes_nothing(tmp_path):
    path = tmp_path / "thu.xlsx"
    path.write_bytes(workbook(many_rows(12)))
    out, _, failure = call(str(path), "--bank", BANK, "--dry-run")
    assert failure is None
    assert out.startswith("Chạy thử: 12 câu hỏi hợp lệ, chưa ghi gì")
    assert not QuestionBank.objects.exists()


def test_the_bank_is_created_when_new_and_reused_when_it_exists(tmp_path):
    first, second = tmp_path / "1.xlsx", tmp_path / "2.xlsx"
    first.write_bytes(workbook([row("Câu một?")]))
    second.write_bytes(workbook([row("Câu hai?")]))
    call(str(first), "--bank", BANK)
    call(str(second), "--bank", BANK)
    assert QuestionBank.objects.get().questions.count() == 2


def test_format_follows_the_extension_or_the_option(tmp_path):
    gift = tmp_path / "cau-hoi.gift"
    gift.write_text("Ngày Chuyển đổi số quốc gia? {=10/10 ~01/10 ~15/10}\n", "utf-8")
    aiken = tmp_path / "cau-hoi.txt"
    aiken.write_text("Tuổi dự thi tối thiểu?\nA. 15\nB. 18\nANSWER: A\n", "utf-8")
    assert call(str(gift), "--bank", BANK)[2] is None
    assert call(str(aiken), "--bank", BANK, "--format", "aiken")[2] is None
    assert Question.objects.count() == 2


def test_skipped_moodle_questions_are_listed(tmp_path):
    gift = tmp_path / "tron.gift"
    gift.write_text("Câu trắc nghiệm? {=Có ~Không}\n\nCâu đúng sai? {T}\n", "utf-8")
    out, _, failure = call(str(gift), "--bank", BANK)
    assert failure is None
    assert f"Dòng 3: {m.SKIP_TRUE_FALSE}" in out.splitlines()
    assert "Đã bỏ qua 1 câu hỏi không phải trắc nghiệm một đáp án." in out


def test_a_missing_file_is_reported(tmp_path):
    _, _, failure = call(str(tmp_path / "khong-co.xlsx"), "--bank", BANK)
    assert "Không mở được tệp" in str(failure)


def test_the_process_exits_non_zero_on_a_rejected_file(tmp_path):
    path = tmp_path / "danh-sach.xlsx"
    path.write_text("Câu hỏi,Đáp án A\nx,y\n", "utf-8")  # a CSV named .xlsx
    manage = Path(__file__).resolve().parents[2] / "manage.py"
    done = subprocess.run(
        [sys.executable, str(manage), "import_questions", str(path), "--bank", BANK],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1
    assert str(m.NOT_XLSX) in done.stderr.splitlines()
