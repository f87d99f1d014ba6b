import datetime as dt
import itertools
from zoneinfo import ZoneInfo

import pytest

from contests import schedule, services
from contests.models import Round
from tests.factories.contests import ContestFactory

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def test_ben_tre_five_weeks_monday_0800_to_sunday_2400():
    slots = schedule.weekly_slots(dt.date(2024, 6, 10), 5, VN)
    assert [s.number for s in slots] == [1, 2, 3, 4, 5]
    assert slots[0].opens_at == dt.datetime(2024, 6, 10, 8, 0, tzinfo=VN)
    assert slots[0].closes_at == dt.datetime(2024, 6, 17, 0, 0, tzinfo=VN)
    # "kết thúc ngày 14/7/2024" at 24:00 is 00:00 on Monday 15/7.
    assert slots[-1].closes_at == dt.datetime(2024, 7, 15, 0, 0, tzinfo=VN)
    assert all(s.opens_at.weekday() == 0 for s in slots)


def test_weekly_schedule_must_start_on_a_monday():
    with pytest.raises(schedule.ScheduleError) as error:
        schedule.weekly_slots(dt.date(2024, 6, 11), 5, VN)
    assert str(error.value) == schedule.MSG_NOT_MONDAY.format(
        day="11/06/2024", weekday="thứ Ba"
    )


def test_periods_of_ten_days_follow_each_other():
    slots = schedule.period_slots(dt.date(2023, 11, 1), 4, 10, VN)
    assert slots[0].opens_at == dt.datetime(2023, 11, 1, 0, 0, tzinfo=VN)
    assert slots[-1].closes_at == dt.datetime(2023, 12, 11, 0, 0, tzinfo=VN)
    for earlier, later in itertools.pairwise(slots):
        assert earlier.closes_at == later.opens_at


@pytest.mark.parametrize(("count", "days"), [(0, 10), (53, 10), (4, 0)])
def test_bad_counts_are_refused(count, days):
    with pytest.raises(schedule.ScheduleError):
        schedule.period_slots(dt.date(2023, 11, 1), count, days, VN)


@pytest.mark.django_db
def test_creating_a_schedule_twice_moves_the_same_rounds():
    contest = ContestFactory()
    services.create_round_schedule(
        contest, kind="weekly", start=dt.date(2024, 6, 10), count=5
    )
    services.create_round_schedule(
        contest, kind="weekly", start=dt.date(2024, 6, 17), count=5
    )
    rounds = list(Round.objects.filter(contest=contest).order_by("number"))
    assert len(rounds) == 5
    assert rounds[0].opens_at == dt.datetime(2024, 6, 17, 8, 0, tzinfo=VN)
    assert rounds[0].title == "Tuần 1"
