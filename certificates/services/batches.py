"""The zip of a contest's (or a round's) certificates: request (a row and a task
after commit), run (re-match, render every valid certificate, store the zip
through the storage API, record progress), purge (the zips name people)."""

from __future__ import annotations

import datetime
import logging
import tempfile
import zipfile

from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from unidecode import unidecode

from accounts.models import User
from contests.models import Contest, Round

from ..models import Certificate, CertificateBatch
from .issuing import reconcile_contest
from .rendering import render_pdf

log = logging.getLogger(__name__)

MSG_BATCH_FAILED = "Không tạo được tệp nén giấy chứng nhận: {error}"
BATCH_KEEP_DAYS = 7
# Progress is written every this many certificates (one UPDATE each time).
PROGRESS_EVERY = 5
# The zip is built in memory up to this size, then in an anonymous temporary file.
SPOOL_BYTES = 32 * 1024 * 1024
FALLBACK_BASE_URL = "http://localhost"


def request_batch(
    contest: Contest, *, requested_by: User, round_: Round | None = None
) -> CertificateBatch:
    """Record a zip job and run it in Celery once the transaction commits. The
    caller has checked permission. Each call is a new job."""
    from certificates import tasks

    with transaction.atomic():
        batch = CertificateBatch.objects.create(
            contest=contest, round=round_, requested_by=requested_by
        )
        tasks.build_certificate_batch.delay_on_commit(str(batch.pk))
    return batch


def batch_certificates(batch: CertificateBatch):
    """The valid certificates a batch holds, in the order of the award lists."""
    certificates = Certificate.objects.filter(
        contest_id=batch.contest_id, status=Certificate.Status.VALID
    )
    if batch.round_id is not None:
        certificates = certificates.filter(round_id=batch.round_id)
    return certificates.order_by("part", "round__number", "group", "tier_index", "id")


def filename_for(batch: CertificateBatch) -> str:
    parts = ["giay-chung-nhan", batch.contest.slug]
    if batch.round is not None:
        parts.append(
            slugify(unidecode(str(batch.round))) or f"dot-{batch.round.number}"
        )
    return "-".join(parts)[:150] + ".zip"


def member_name(certificate: Certificate) -> str:
    """An ASCII name inside the zip: 000012-giai-nhat-nguyen-van-an.pdf."""
    words = slugify(unidecode(f"{certificate.tier_name} {certificate.winner_name}"))
    return f"{certificate.pk:06d}-{words[:80]}.pdf"


def run_batch(batch_id: str, *, base_url: str = "") -> str:
    """Run a CertificateBatch: re-match the contest's certificates with its awards,
    render every valid one into a zip, store it, mark the job done (or failed with
    the reason). Safe to re-run: a finished job is left as it is. Returns the
    job's status."""
    batch = CertificateBatch.objects.select_related("contest", "round").get(pk=batch_id)
    if batch.is_finished:
        return batch.status
    try:
        reconcile_contest(batch.contest_id)
        certificates = list(batch_certificates(batch))
        CertificateBatch.objects.filter(pk=batch.pk).update(
            status=CertificateBatch.Status.RUNNING, total=len(certificates), done=0
        )
        with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as spool:
            _write_zip(spool, batch, certificates, base_url or FALLBACK_BASE_URL)
            spool.seek(0)
            batch.file.save(f"{batch.pk}.zip", File(spool), save=False)
        batch.filename = filename_for(batch)
        batch.done = len(certificates)
        batch.status = CertificateBatch.Status.DONE
    except Exception as error:  # the job page shows why; the log keeps the trace
        log.exception("certificate batch %s failed", batch.pk)
        batch.status = CertificateBatch.Status.FAILED
        batch.error = MSG_BATCH_FAILED.format(error=error)
    batch.finished_at = timezone.now()
    batch.save(
        update_fields=[
            "file", "filename", "done", "status", "error", "finished_at", "updated_at",
        ]
    )  # fmt: skip
    return batch.status


def _write_zip(spool, batch, certificates: list[Certificate], base_url: str) -> None:
    with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for done, certificate in enumerate(certificates, 1):
            archive.writestr(
                member_name(certificate), render_pdf(certificate, base_url=base_url)
            )
            if done % PROGRESS_EVERY == 0:
                CertificateBatch.objects.filter(pk=batch.pk).update(done=done)


def purge_old_batches(*, days: int = BATCH_KEEP_DAYS, now=None) -> int:
    """Delete zips made more than ``days`` ago, with their files. Returns how
    many. Safe to repeat."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=days)
    old = list(CertificateBatch.objects.filter(created_at__lt=cutoff))
    for batch in old:
        if batch.file:
            batch.file.delete(save=False)
    CertificateBatch.objects.filter(pk__in=[b.pk for b in old]).delete()
    return len(old)
