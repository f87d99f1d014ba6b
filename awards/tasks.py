"""Celery tasks: take ids, call the service, return a small value. No logic here.

The beat sweep (CELERY_BEAT_SCHEDULE "awards-close-due-rounds") finds due work every
minute and fans out one task per round or contest; a task that crashed (worker
killed) left nothing behind and is found again by the next sweep.
"""

from __future__ import annotations

from celery import shared_task


def _user(user_id: int | None):
    if user_id is None:
        return None
    from accounts.models import User

    return User.objects.filter(pk=user_id).first()


@shared_task(name="awards.close_due_rounds")
def close_due_rounds() -> int:
    """Beat, every minute: enqueue close_round for every round whose close time has
    passed and close_contest for every contest whose rounds are all closed."""
    from awards import selectors

    round_ids = selectors.due_round_ids()
    for round_id in round_ids:
        close_round.delay_on_commit(round_id)
    contest_ids = selectors.due_contest_ids()
    for contest_id in contest_ids:
        close_contest.delay_on_commit(contest_id)
    return len(round_ids) + len(contest_ids)


@shared_task(name="awards.close_round")
def close_round(
    round_id: int, trigger: str = "beat", user_id: int | None = None
) -> str:
    """Close one round (services.close_round); idempotent, returns its status."""
    from awards import services

    outcome = services.close_round(round_id, trigger=trigger, user=_user(user_id))
    return outcome.status


@shared_task(name="awards.close_contest")
def close_contest(
    contest_id: int,
    trigger: str = "beat",
    user_id: int | None = None,
    force: bool = False,
) -> str:
    """Compute contest-wide results (services.close_contest); idempotent."""
    from awards import services

    outcome = services.close_contest(
        contest_id, trigger=trigger, user=_user(user_id), force=force
    )
    return outcome.status


@shared_task(name="awards.regrade_round")
def regrade_round(
    round_id: int, user_id: int | None = None, trigger: str = "admin", note: str = ""
) -> int:
    """Re-score, re-rank and re-allocate a closed round (services.regrade_round);
    returns the RegradeRun id. Safe to repeat."""
    from awards import services

    regrade = services.regrade_round(
        round_id, user=_user(user_id), trigger=trigger, note=note
    )
    return regrade.id


@shared_task(name="awards.export_awards")
def export_awards(job_id: str) -> str:
    """Write the Excel file of an ExportJob (exports.run_export_job)."""
    from awards import exports

    return exports.run_export_job(job_id)


@shared_task(name="awards.purge_exports")
def purge_exports() -> int:
    """Beat, daily: delete exports older than a week with their files."""
    from awards import exports

    return exports.purge_old_exports()
