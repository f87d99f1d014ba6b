"""Imports from the web run in Celery tasks: the request stores the upload and
enqueues the check; the page shows the progress, then counts, the first errors and
pages of questions with their keys; the confirm enqueues the write. Tests call the
tasks directly after executing the on-commit callbacks (a real Redis broker)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from quizzes import import_jobs, tasks
from quizzes.models import Question, QuestionImport
from tests.factories import UserFactory

from . import wordbanks as wb
from .workbooks import many_rows, row, workbook

pytestmark = pytest.mark.django_db

NEW = reverse("admin:quizzes_question_import_job_new")
BANK = "Ngân hàng chạy nền"


def job_url(job, name="quizzes_question_import_job"):
    return reverse(f"admin:{name}", kwargs={"job_id": job.pk})


def start(client, data, name, capture, **fields):
    fields.setdefault("new_bank_name", BANK)
    with capture(execute=True) as callbacks:
        response = client.post(
            NEW, {"import_file": SimpleUploadedFile(name, data), **fields}
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert len(callbacks) == 1  # the check, enqueued after commit
    job = QuestionImport.objects.get()
    assert response.url == job_url(job)
    return job


def test_a_bank_is_checked_then_written_in_tasks(
    organizer_client, django_capture_on_commit_callbacks
):
    job = start(
        organizer_client,
        workbook(many_rows(250)),
        "ngan-hang.xlsx",
        django_capture_on_commit_callbacks,
    )
    page = organizer_client.get(job_url(job)).content.decode()
    assert "đang chờ kiểm tra" in page.lower()
    assert 'hx-get="' in page  # the progress polls while the task runs

    assert tasks.check_question_import(job.pk) == "checked"
    assert tasks.check_question_import(job.pk) == "skipped"  # delivered twice
    assert not Question.objects.exists()
    html = organizer_client.get(job_url(job)).content.decode()
    assert (
        "Mới: 250 · Đã có trong ngân hàng (bỏ qua): 0 · Không phải trắc nghiệm một "
        "đáp án (bỏ qua): 0 · Lỗi: 0" in html
    )
    assert "Các câu hỏi (trang 1/3)" in html
    assert 'hx-get="' not in html
    third = organizer_client.get(job_url(job) + "?page=3").content.decode()
    assert "Câu hỏi số 249:" in third
    assert "Câu hỏi số 1:" not in third
    assert "<td>B</td>" in third  # each question's key

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        organizer_client.post(job_url(job, "quizzes_question_import_job_confirm"))
    assert len(callbacks) == 1
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        organizer_client.post(job_url(job, "quizzes_question_import_job_confirm"))
    assert callbacks == []  # a second click enqueues nothing
    assert tasks.run_question_import(job.pk) == "done"
    assert tasks.run_question_import(job.pk) == "skipped"
    assert Question.objects.filter(bank__name=BANK).count() == 250
    done = organizer_client.get(job_url(job)).content.decode()
    assert f"Đã nhập 250 câu hỏi vào ngân hàng “{BANK}”." in done
    job.refresh_from_db()
    assert job.data is None  # the upload is not kept


def test_a_bad_word_bank_shows_its_first_errors_and_cannot_be_confirmed(
    organizer_client, django_capture_on_commit_callbacks
):
    job = start(
        organizer_client,
        wb.paragraphs_bank(how=None),
        "ngan-hang.docx",
        django_capture_on_commit_callbacks,
    )
    assert job.fmt == "docx"  # judged by content
    assert tasks.check_question_import(job.pk) == "rejected"
    html = organizer_client.get(job_url(job)).content.decode()
    assert "Tệp có 4 lỗi — chưa nhập câu hỏi nào" in html
    assert "Câu 1 (đoạn 3): Chưa đánh dấu đáp án đúng" in html
    assert 'id="import-job-confirm"' not in html
    organizer_client.post(job_url(job, "quizzes_question_import_job_confirm"))
    assert not Question.objects.exists()


def test_the_progress_fragment_refreshes_the_page_when_done(
    organizer_client, django_capture_on_commit_callbacks
):
    job = start(
        organizer_client,
        workbook([row()]),
        "ngan-hang.xlsx",
        django_capture_on_commit_callbacks,
    )
    running = organizer_client.get(job_url(job), headers={"HX-Request": "true"})
    assert "<progress" in running.content.decode()
    assert "HX-Refresh" not in running
    tasks.check_question_import(job.pk)
    finished = organizer_client.get(job_url(job), headers={"HX-Request": "true"})
    assert finished["HX-Refresh"] == "true"


def test_only_the_organizer_who_started_an_import_sees_it(
    organizer_client, organizer, django_capture_on_commit_callbacks
):
    job = start(
        organizer_client,
        workbook([row()]),
        "ngan-hang.xlsx",
        django_capture_on_commit_callbacks,
    )
    other = UserFactory(is_staff=True)
    other.groups.set(organizer.groups.all())
    client = Client()
    client.force_login(other)
    assert client.get(job_url(job)).status_code == 404
    assert (
        client.post(job_url(job, "quizzes_question_import_job_confirm")).status_code
        == 404
    )


def test_staff_without_question_rights_cannot_start_an_import(client_for, judge):
    assert client_for(judge).get(NEW).status_code in (302, 403)


def test_the_check_page_of_a_big_bank_stays_small(
    organizer_client, django_capture_on_commit_callbacks
):
    job = start(
        organizer_client,
        workbook(many_rows(2000)),
        "ngan-hang.xlsx",
        django_capture_on_commit_callbacks,
    )
    tasks.check_question_import(job.pk)
    html = organizer_client.get(job_url(job)).content.decode()
    assert len(html) < 200_000
    assert f"trang 1/{2000 // import_jobs.PAGE_SIZE}" in html


def test_a_crashed_check_says_so_instead_of_checking_for_ever(
    organizer_client, django_capture_on_commit_callbacks, monkeypatch
):
    job = start(
        organizer_client,
        workbook([row()]),
        "ngan-hang.xlsx",
        django_capture_on_commit_callbacks,
    )

    def crash(**kwargs):
        raise RuntimeError("mất kết nối")

    monkeypatch.setattr(import_jobs, "import_questions", crash)
    with pytest.raises(RuntimeError):
        tasks.check_question_import(job.pk)
    job.refresh_from_db()
    assert job.status == QuestionImport.Status.FAILED
    assert "lỗi hệ thống" in organizer_client.get(job_url(job)).content.decode().lower()


class _Killed(BaseException):
    """Stands for SIGKILL: no `except Exception` runs, the transaction rolls back."""


def test_a_worker_killed_while_writing_leaves_the_job_for_the_redelivered_task(
    organizer_client, django_capture_on_commit_callbacks, monkeypatch
):
    job = start(
        organizer_client,
        workbook(many_rows(30)),
        "ngan-hang.xlsx",
        django_capture_on_commit_callbacks,
    )
    tasks.check_question_import(job.pk)
    with django_capture_on_commit_callbacks(execute=False):
        organizer_client.post(job_url(job, "quizzes_question_import_job_confirm"))
    real_summary = import_jobs.summary

    def killed(outcome):
        raise _Killed

    monkeypatch.setattr(import_jobs, "summary", killed)
    with pytest.raises(_Killed):
        tasks.run_question_import(job.pk)
    job.refresh_from_db()
    assert job.status == QuestionImport.Status.IMPORTING
    assert job.data is not None  # the upload waits for the redelivery
    assert not Question.objects.filter(bank__name=BANK).exists()

    monkeypatch.setattr(import_jobs, "summary", real_summary)
    assert tasks.run_question_import(job.pk) == "done"
    job.refresh_from_db()
    assert (job.created, job.data) == (30, None)
    assert Question.objects.filter(bank__name=BANK).count() == 30
