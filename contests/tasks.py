"""Celery tasks: take ids, call the service, return a small value. No logic here."""

from celery import shared_task

SWEEP_CHUNK = 200


@shared_task(name="contests.sweep_due_attempts")
def sweep_due_attempts() -> int:
    """Beat, every minute: find open attempts past their deadline and fan them out
    in chunks to finalise_attempts. A crashed chunk is found again next minute."""
    from contests import selectors

    ids = selectors.due_attempt_ids()
    for start in range(0, len(ids), SWEEP_CHUNK):
        finalise_attempts.delay(ids[start : start + SWEEP_CHUNK])
    return len(ids)


@shared_task(name="contests.finalise_attempts")
def finalise_attempts(attempt_ids: list[int]) -> int:
    """Finalise the given attempts if due (services.finalise_attempts); idempotent."""
    from contests import services

    return services.finalise_attempts(attempt_ids)
