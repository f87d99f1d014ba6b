"""Celery tasks of the insights app: ids in, one service call, a small value out.

Beat (config/settings.py CELERY_BEAT_SCHEDULE) runs the two sweeps: dashboards of
running contests every ten minutes, and the Monday report each Monday morning.
A sweep fans out one task per contest after commit; both are idempotent."""

from __future__ import annotations

import datetime

from celery import shared_task


@shared_task(name="insights.refresh_due_dashboards")
def refresh_due_dashboards() -> int:
    """Beat: refresh the snapshot of every contest with a round open today or
    yesterday (yesterday's row is finalised after midnight)."""
    from django.utils import timezone

    from insights import selectors, services

    today = timezone.localdate()
    start = services.day_bounds(today - datetime.timedelta(days=1))[0]
    contest_ids = selectors.active_contest_ids(start, timezone.now())
    for contest_id in contest_ids:
        refresh_dashboard.delay_on_commit(contest_id)
    return len(contest_ids)


@shared_task(name="insights.refresh_dashboard")
def refresh_dashboard(contest_id: int) -> int:
    """services.refresh_dashboard; returns how many day rows were written."""
    from insights import services

    return len(services.refresh_dashboard(contest_id=contest_id))


@shared_task(name="insights.send_weekly_reports")
def send_weekly_reports() -> int:
    """Beat, Mondays: one mail_weekly_report task per contest with a round open
    during the week just closed."""
    from insights import selectors, services

    week = services.closed_week_now()
    contest_ids = selectors.active_contest_ids(*services.week_bounds(week))
    for contest_id in contest_ids:
        mail_weekly_report.delay_on_commit(contest_id, week.isoformat())
    return len(contest_ids)


@shared_task(name="insights.mail_weekly_report")
def mail_weekly_report(contest_id: int, week_start: str) -> bool:
    """services.mail_weekly_report: at most one mail per contest and week."""
    from insights import services

    return services.mail_weekly_report(
        contest_id=contest_id, week_start=datetime.date.fromisoformat(week_start)
    )
