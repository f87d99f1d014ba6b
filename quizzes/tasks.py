"""Celery tasks of question imports: take ids, call the service, return a small
value. No logic here (quizzes.import_jobs)."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="quizzes.check_question_import")
def check_question_import(job_id: int) -> str:
    """Check an uploaded bank (writes nothing to it); safe to run twice."""
    from quizzes import import_jobs

    return import_jobs.check_question_import(job_id)


@shared_task(name="quizzes.run_question_import")
def run_question_import(job_id: int) -> str:
    """Write a confirmed import (all or nothing); safe to run twice."""
    from quizzes import import_jobs

    return import_jobs.run_question_import(job_id)
