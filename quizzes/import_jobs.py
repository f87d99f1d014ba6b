"""Imports started from the web, run by Celery: check, then (after the organizer
confirms) write, each in a task, while the page polls the progress.

A 50,000-question check used to run in the request and render a 25 MB page. Here
the request only stores the upload and enqueues the check; the check stores counts,
the first errors and a short entry per question, which the page shows a page at a
time. Every step claims the job with a conditional UPDATE, so a task delivered
twice, or a confirm clicked twice, does the work once.
"""

from __future__ import annotations

from contextlib import contextmanager

from django.db import transaction

from . import layout
from .models import QuestionImport
from .services import ImportOutcome, import_questions

Status = QuestionImport.Status

# Steps of a check (1-2) and of the write (3): the page's progress bar.
STEPS = 3
FIRST_ERRORS = 200
PAGE_SIZE = 100
MAX_TEXT = 300


def start_question_import(
    *, user, data: bytes, file_name: str, bank_name: str, fmt: str
) -> QuestionImport:
    """Store the upload and enqueue its check after commit. Returns the job."""
    from .tasks import check_question_import

    job = QuestionImport.objects.create(
        created_by=user if user is not None and user.is_authenticated else None,
        bank_name=bank_name,
        fmt=fmt,
        file_name=file_name[:255],
        data=data,
    )
    check_question_import.delay_on_commit(job.pk)
    return job


def _claim(job_id: int, before: str, after: str) -> QuestionImport | None:
    claimed = QuestionImport.objects.filter(pk=job_id, status=before).update(
        status=after, step=0
    )
    return QuestionImport.objects.get(pk=job_id) if claimed else None


@contextmanager
def _failed_on_crash(job_id: int):
    """A bug or a lost database connection: the page says so instead of showing
    "checking" for ever (the service's transaction wrote nothing)."""
    try:
        yield
    except Exception:
        QuestionImport.objects.filter(pk=job_id).update(status=Status.FAILED, data=None)
        raise


def _progress(job_id: int):
    def report(step: int) -> None:
        QuestionImport.objects.filter(pk=job_id).update(step=step)

    return report


def check_question_import(job_id: int) -> str:
    """Check a queued job (nothing written to the bank) and store what the page
    shows. Safe to run twice: only a queued job is checked."""
    job = _claim(job_id, Status.QUEUED, Status.CHECKING)
    if job is None:
        return "skipped"
    with _failed_on_crash(job_id):
        outcome = import_questions(
            data=bytes(job.data),
            bank_name=job.bank_name,
            fmt=job.fmt,
            dry_run=True,
            progress=_progress(job_id),
        )
    status = Status.CHECKED if outcome.ok and outcome.new_count else Status.REJECTED
    QuestionImport.objects.filter(pk=job_id).update(
        status=status,
        summary=summary(outcome),
        preview=preview(outcome),
        data=job.data if status == Status.CHECKED else None,
    )
    return status


def confirm_question_import(job: QuestionImport) -> bool:
    """The organizer confirms a checked job: enqueue its write after commit.
    False when the job is not waiting for a confirmation (clicked twice)."""
    from .tasks import run_question_import

    with transaction.atomic():
        claimed = QuestionImport.objects.filter(
            pk=job.pk, status=Status.CHECKED
        ).update(status=Status.IMPORTING, step=0)
        if claimed:
            run_question_import.delay_on_commit(job.pk)
    return bool(claimed)


def run_question_import(job_id: int) -> str:
    """Write a confirmed job through import_questions (all or nothing; questions
    already in the bank are skipped). The job's result is written in the same
    transaction as the questions, and the upload is kept until then: a worker
    killed halfway leaves the job "importing" with its upload, and the redelivered
    task (acks late) writes it. Safe to run twice: the second run finds the job
    done, or, racing the first, waits for the bank's lock and skips what is there.
    """
    job = QuestionImport.objects.filter(pk=job_id, status=Status.IMPORTING).first()
    if job is None or job.data is None:
        return "skipped"

    def finish(outcome: ImportOutcome, status: str) -> None:
        QuestionImport.objects.filter(pk=job_id, status=Status.IMPORTING).update(
            status=status,
            summary=summary(outcome),
            created=outcome.created,
            step=STEPS,
            data=None,
        )

    with _failed_on_crash(job_id):
        outcome = import_questions(
            data=bytes(job.data),
            bank_name=job.bank_name,
            fmt=job.fmt,
            progress=_progress(job_id),
            on_written=lambda written: finish(written, Status.DONE),
        )
    if not outcome.ok:
        finish(outcome, Status.REJECTED)
    job.refresh_from_db(fields=["status"])
    return job.status


def summary(outcome: ImportOutcome) -> dict:
    return {
        "rows": len(outcome.rows),
        "new": outcome.new_count if outcome.ok else 0,
        "existing": len(outcome.existing),
        "skipped": len(outcome.skipped),
        "errors": len(outcome.errors),
        "first_errors": [str(error) for error in outcome.errors[:FIRST_ERRORS]],
        "notices": [str(notice) for notice in outcome.notices[:FIRST_ERRORS]],
        "skips": [str(skip) for skip in outcome.skipped[:FIRST_ERRORS]],
        "created": outcome.created,
        "topics_created": outcome.topics_created,
    }


def preview(outcome: ImportOutcome) -> list:
    """[row, text, options, key letter, is new] per question, texts shortened."""
    existing = {row.row for row in outcome.existing}
    return [
        [
            row.row,
            row.text[:MAX_TEXT],
            [choice[:MAX_TEXT] for choice in row.choices],
            layout.LETTERS[row.correct],
            row.row not in existing,
        ]
        for row in outcome.rows
    ]


def page_of(job: QuestionImport, page: int) -> tuple[list, int]:
    """One page of the job's preview (1-based, clamped) and the page count."""
    entries = job.preview or []
    pages = max(1, -(-len(entries) // PAGE_SIZE))
    page = min(max(1, page), pages)
    start = (page - 1) * PAGE_SIZE
    return entries[start : start + PAGE_SIZE], pages
