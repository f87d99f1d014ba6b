"""Round schedules: the admin's "Tạo lịch đợt thi" and the demo use this."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction

from .. import schedule
from ..models import Contest, Round
from .rounds import cap_open_deadlines


def create_round_schedule(
    contest: Contest,
    *,
    kind: str,
    start,
    count: int,
    days: int | None = None,
    opens_at=None,
    title_format: str = "",
) -> list[Round]:
    """Create or update rounds 1…count of ``contest`` from a schedule: ``kind``
    "weekly" (Monday ``opens_at`` → next Monday 00:00) or "period" (``days`` days
    each). Existing rounds with the same numbers are moved to the new times;
    other rounds are left alone; open attempts of a round moved earlier end at its
    new close (cap_open_deadlines). Raises schedule.ScheduleError with a Vietnamese
    message. Safe to repeat."""
    tz = ZoneInfo(settings.TIME_ZONE)
    kwargs = {} if opens_at is None else {"opens_at": opens_at}
    if kind == "weekly":
        slots = schedule.weekly_slots(start, count, tz, **kwargs)
        default_title = "Tuần {n}"
    else:
        slots = schedule.period_slots(start, count, days or 0, tz, **kwargs)
        default_title = "Đợt {n}"
    title_format = title_format or default_title
    rounds = []
    with transaction.atomic():
        for slot in slots:
            round_, _ = Round.objects.update_or_create(
                contest=contest,
                number=slot.number,
                defaults={
                    "opens_at": slot.opens_at,
                    "closes_at": slot.closes_at,
                    "title": title_format.format(n=slot.number),
                },
            )
            # A round moved earlier ends its open attempts at the new close.
            cap_open_deadlines(round_)
            rounds.append(round_)
    return rounds
