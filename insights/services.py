"""Workflows of the insights app: refresh a contest's dashboard snapshot, store a
closed week's report, mail it once to the contest's organizers.

Every function may run twice or race another worker: snapshots are upserts of
the same figures, a report is stored once per (contest, week) by its unique
constraint, and the mail is claimed on the report's row (FOR UPDATE SKIP LOCKED)
and recorded in the same transaction."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from contests.models import Contest

from . import figures, selectors
from .models import DailySnapshot, WeeklyReport
from .reports import WeeklyView, weekly_view

# Links in mails when SITE_URL is unset (development).
LOCAL_ORIGIN = "http://localhost:8000"

# E-mail backends that deliver nothing: with them the Monday mail is not sent
# (and not recorded), so configuring EMAIL_URL later still sends the next one.
UNDELIVERED_BACKENDS = frozenset(
    {
        "django.core.mail.backends.console.EmailBackend",
        "django.core.mail.backends.dummy.EmailBackend",
    }
)


def day_bounds(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """[00:00 of ``day``, 00:00 of the next day) in the portal's time zone."""
    zone = timezone.get_current_timezone()
    start = datetime.datetime.combine(day, datetime.time(), tzinfo=zone)
    return start, datetime.datetime.combine(
        day + datetime.timedelta(days=1), datetime.time(), tzinfo=zone
    )


def refresh_dashboard(
    *, contest_id: int, now: datetime.datetime | None = None
) -> list[datetime.date]:
    """Store the contest's figures as of now under today's date, and yesterday's
    as of its end when yesterday's row is missing or was computed before the day
    ended (so every past day's row is final, as the public table needs).
    Re-running is safe: the same figures are written again. Returns the days."""
    now = now or timezone.now()
    contest = Contest.objects.get(pk=contest_id)
    units = selectors.contest_tree(contest)
    today = timezone.localdate(now)
    yesterday = today - datetime.timedelta(days=1)
    days = [today]
    before = selectors.snapshot_of(contest_id, yesterday)
    if before is None or not before.is_final:
        days.insert(0, yesterday)
    for day in days:
        until = min(now, day_bounds(day)[1])
        data = selectors.dashboard_figures(contest, units, until)
        DailySnapshot.objects.update_or_create(
            contest=contest,
            day=day,
            defaults={"computed_at": now, "until": until, "data": data},
        )
    return days


def week_bounds(start: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    return day_bounds(start)[0], day_bounds(start + datetime.timedelta(days=6))[1]


def weekly_report(
    *, contest: Contest, week_start: datetime.date, now=None
) -> WeeklyReport | None:
    """The stored report of a closed week, computed and stored on first ask;
    None while the week is still running or when no round of the contest was
    open during it (nothing is stored for weeks outside the contest). Safe to
    race: the loser of the unique constraint reads the winner's row."""
    found = selectors.stored_report(contest.id, week_start)
    if found is not None:
        return found
    start, end = week_bounds(week_start)
    now = now or timezone.now()
    if end > now or not selectors.ran_during(contest.id, start, end):
        return None
    data = selectors.week_figures(contest, selectors.contest_tree(contest), start, end)
    try:
        with transaction.atomic():
            return WeeklyReport.objects.create(
                contest=contest, week_start=week_start, computed_at=now, data=data
            )
    except IntegrityError:
        return selectors.stored_report(contest.id, week_start)


def report_pair(
    *,
    contest: Contest,
    week_start: datetime.date,
    unit_id: int | None,
    units: selectors.ContestTree | None = None,
    now=None,
) -> WeeklyView | None:
    """The report of ``unit_id``'s subtree (None: the whole contest) for the week
    with the week before beside it; None while the week is running."""
    report = weekly_report(contest=contest, week_start=week_start, now=now)
    if report is None:
        return None
    previous = weekly_report(
        contest=contest, week_start=week_start - datetime.timedelta(days=7), now=now
    )
    return weekly_view(
        contest,
        units or selectors.contest_tree(contest),
        report,
        previous,
        unit_id=unit_id,
    )


def mail_configured() -> bool:
    return settings.EMAIL_BACKEND not in UNDELIVERED_BACKENDS


def mail_weekly_report(*, contest_id: int, week_start: datetime.date) -> bool:
    """Send the closed week's report of the whole contest to its organizers,
    once: the report's row is claimed (SKIP LOCKED: a racing worker skips it)
    and ``mailed_at`` is written in the same transaction. Nothing is sent (or
    recorded) when e-mail is not configured or nobody has an address. Returns
    whether a mail went out."""
    contest = Contest.objects.get(pk=contest_id)
    if weekly_report(contest=contest, week_start=week_start) is None:
        return False
    recipients = selectors.organizer_emails(contest_id)
    if not mail_configured() or not recipients:
        return False
    with transaction.atomic():
        claimed = (
            WeeklyReport.objects.select_for_update(skip_locked=True)
            .filter(contest=contest, week_start=week_start, mailed_at__isnull=True)
            .first()
        )
        if claimed is None:
            return False
        view = report_pair(contest=contest, week_start=week_start, unit_id=None)
        _send(contest, view, recipients)
        claimed.mailed_at = timezone.now()
        claimed.mailed_to = ", ".join(recipients)
        claimed.save(update_fields=["mailed_at", "mailed_to"])
    return True


def _send(contest: Contest, view: WeeklyView, recipients: list[str]) -> None:
    path = reverse("insights:weekly", args=[contest.slug])
    origin = (settings.SITE_URL or LOCAL_ORIGIN).rstrip("/")
    context = {
        "contest": contest,
        "view": view,
        "url": f"{origin}{path}?tuan={view.week_start:%Y-%m-%d}",
    }
    subject = render_to_string("insights/weekly_mail_subject.txt", context)
    EmailMessage(
        subject=" ".join(subject.split()),
        body=render_to_string("insights/weekly_mail.txt", context),
        to=recipients,
    ).send()


def closed_week_now(now: datetime.datetime | None = None) -> datetime.date:
    return figures.closed_week(timezone.localdate(now or timezone.now()))
