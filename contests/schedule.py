"""Round schedules, pure: N weekly rounds Monday 08:00 → Sunday 24:00 (the next
Monday 00:00), or N consecutive periods of D days. Times are aware datetimes in the
given zone (Asia/Ho_Chi_Minh has no daylight saving, so a week is 7 x 24 hours).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

MSG_NOT_MONDAY = "Lịch theo tuần phải bắt đầu vào thứ Hai (ngày {day} là {weekday})."
MSG_BAD_COUNT = "Số đợt thi phải từ 1 đến 52."
MSG_BAD_DAYS = "Số ngày mỗi đợt phải từ 1 đến 366."

WEEKDAYS_VI = (
    "thứ Hai",
    "thứ Ba",
    "thứ Tư",
    "thứ Năm",
    "thứ Sáu",
    "thứ Bảy",
    "Chủ nhật",
)


class ScheduleError(ValueError):
    """A schedule that cannot be made; the message is shown to the organizer."""


@dataclass(frozen=True, slots=True)
class Slot:
    number: int
    opens_at: datetime
    closes_at: datetime


def weekly_slots(
    first_monday: date,
    count: int,
    tz: tzinfo,
    *,
    opens_at: time = time(8, 0),
    first_number: int = 1,
) -> list[Slot]:
    """``count`` weeks: each opens on Monday at ``opens_at`` and closes at 24:00 on
    Sunday, i.e. 00:00 on the following Monday."""
    if first_monday.weekday() != 0:
        raise ScheduleError(
            MSG_NOT_MONDAY.format(
                day=first_monday.strftime("%d/%m/%Y"),
                weekday=WEEKDAYS_VI[first_monday.weekday()],
            )
        )
    if not 1 <= count <= 52:
        raise ScheduleError(MSG_BAD_COUNT)
    slots = []
    for k in range(count):
        monday = first_monday + timedelta(days=7 * k)
        slots.append(
            Slot(
                number=first_number + k,
                opens_at=datetime.combine(monday, opens_at, tzinfo=tz),
                closes_at=datetime.combine(
                    monday + timedelta(days=7), time(0), tzinfo=tz
                ),
            )
        )
    return slots


def period_slots(
    start: date,
    count: int,
    days: int,
    tz: tzinfo,
    *,
    opens_at: time = time(0, 0),
    first_number: int = 1,
) -> list[Slot]:
    """``count`` consecutive periods of ``days`` days from ``start``: period k opens
    on day k*D at ``opens_at`` (the first one; later ones at 00:00 so no hour is
    lost between periods) and closes at 24:00 of its last day."""
    if not 1 <= count <= 52:
        raise ScheduleError(MSG_BAD_COUNT)
    if not 1 <= days <= 366:
        raise ScheduleError(MSG_BAD_DAYS)
    slots = []
    for k in range(count):
        first_day = start + timedelta(days=days * k)
        slots.append(
            Slot(
                number=first_number + k,
                opens_at=datetime.combine(
                    first_day, opens_at if k == 0 else time(0), tzinfo=tz
                ),
                closes_at=datetime.combine(
                    first_day + timedelta(days=days), time(0), tzinfo=tz
                ),
            )
        )
    return slots
