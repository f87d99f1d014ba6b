"""The export job's lifecycle: request (a row and a task after commit), run
(write the file, store it, record progress), purge (old files hold personal
data). Which report a kind writes is decided here, in ``write_export``."""

from __future__ import annotations

import datetime
import logging
import os
import tempfile

from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from unidecode import unidecode

from accounts.models import Unit, User
from contests.models import Contest, Round

from ..models import ExportJob
from . import queries
from .base import Progress
from .collective import write_collective
from .contest_awards import write_contest_awards
from .individual import write_round_awards
from .participation import write_participation
from .ranking import write_ranking

log = logging.getLogger(__name__)

MSG_EXPORT_FAILED = "Không xuất được tệp Excel: {error}"
EXPORT_KEEP_DAYS = 7
STEMS = {
    ExportJob.Kind.ROUND: "danh-sach-giai",
    ExportJob.Kind.CONTEST: "danh-sach-giai",
    ExportJob.Kind.COLLECTIVE: "xep-hang-tap-the",
    ExportJob.Kind.RANKING: "bang-xep-hang",
    ExportJob.Kind.PARTICIPATION: "bao-cao-tham-gia",
}


def request_export(
    kind: str,
    contest: Contest,
    *,
    requested_by: User,
    round_: Round | None = None,
    unit: Unit | None = None,
) -> ExportJob:
    """Record an export job and run it in Celery once the transaction commits.
    The caller has checked permission. Each call is a new job."""
    from awards import tasks

    with transaction.atomic():
        job = ExportJob.objects.create(
            kind=kind, contest=contest, round=round_, unit=unit,
            requested_by=requested_by,
        )  # fmt: skip
        tasks.export_awards.delay_on_commit(str(job.pk))
    return job


def filename_for(
    kind: str, contest: Contest, round_: Round | None, unit: Unit | None
) -> str:
    """An ASCII file name: danh-sach-giai-<contest>-<round>.xlsx and so on."""
    parts = [STEMS[kind], contest.slug]
    if round_ is not None:
        parts.append(slugify(unidecode(str(round_))) or f"dot-{round_.number}")
    if unit is not None:
        parts.append(slugify(unidecode(unit.code)))
    return "-".join(parts)[:150] + ".xlsx"


def write_export(
    kind: str,
    contest: Contest,
    path: str,
    *,
    round_: Round | None = None,
    unit: Unit | None = None,
    personal: bool = False,
    progress: Progress | None = None,
) -> int:
    """Write one export of ``kind`` to ``path``; return the data rows written."""
    if kind == ExportJob.Kind.ROUND:
        return write_round_awards(round_, path, personal=personal, progress=progress)
    if kind == ExportJob.Kind.RANKING:
        return write_ranking(round_, path, personal=personal, progress=progress)
    if kind == ExportJob.Kind.CONTEST:
        return write_contest_awards(contest, path, personal=personal, progress=progress)
    if kind == ExportJob.Kind.COLLECTIVE:
        return write_collective(contest, path, progress=progress)
    if kind == ExportJob.Kind.PARTICIPATION:
        return write_participation(
            contest, unit, path, personal=personal, progress=progress
        )
    raise ValueError(f"unknown export kind {kind!r}")


def record_progress(job_id, rows: int) -> None:
    ExportJob.objects.filter(pk=job_id).update(rows_done=rows)


def run_export_job(job_id: str) -> str:
    """Run an ExportJob: write the file, store it, mark it done (or failed with the
    reason). Personal numbers follow the requester's permission at run time. Safe
    to re-run: a finished job is left as it is. Returns the job's status."""
    from accounts.privacy import can_view_personal_data

    job = ExportJob.objects.select_related(
        "contest", "round", "unit", "requested_by"
    ).get(pk=job_id)
    if job.is_finished:
        return job.status
    total = queries.rows_expected(job.kind, job.contest, job.round, job.unit)
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportJob.Status.RUNNING, rows_total=total, rows_done=0
    )
    handle, path = tempfile.mkstemp(suffix=".xlsx")
    os.close(handle)
    try:
        rows = write_export(
            job.kind,
            job.contest,
            path,
            round_=job.round,
            unit=job.unit,
            personal=can_view_personal_data(job.requested_by, None),
            progress=lambda rows: record_progress(job.pk, rows),
        )
        with open(path, "rb") as handle_in:
            job.file.save(f"{job.pk}.xlsx", File(handle_in), save=False)
        job.filename = filename_for(job.kind, job.contest, job.round, job.unit)
        job.rows_done = rows
        job.status = ExportJob.Status.DONE
    except Exception as error:  # the job page shows why; the log keeps the trace
        log.exception("export %s failed", job.pk)
        job.status = ExportJob.Status.FAILED
        job.error = MSG_EXPORT_FAILED.format(error=error)
    finally:
        os.unlink(path)
    job.finished_at = timezone.now()
    job.save(
        update_fields=[
            "file", "filename", "rows_done", "status", "error", "finished_at",
            "updated_at",
        ]
    )  # fmt: skip
    return job.status


def purge_old_exports(*, days: int = EXPORT_KEEP_DAYS, now=None) -> int:
    """Delete export jobs finished more than ``days`` ago, with their files (they
    hold personal data). Returns how many. Safe to repeat."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=days)
    old = list(ExportJob.objects.filter(created_at__lt=cutoff))
    for job in old:
        if job.file:
            job.file.delete(save=False)
    ExportJob.objects.filter(pk__in=[job.pk for job in old]).delete()
    return len(old)
