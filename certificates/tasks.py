"""Celery tasks: take ids, call the service, return a small value. No logic here."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="certificates.build_certificate_batch")
def build_certificate_batch(batch_id: str) -> str:
    """Write the zip of a CertificateBatch (services.run_batch); safe to repeat."""
    from certificates import services

    return services.run_batch(batch_id)


@shared_task(name="certificates.purge_certificate_batches")
def purge_certificate_batches() -> int:
    """Beat, daily: delete zips older than a week with their files."""
    from certificates import services

    return services.purge_old_batches()
