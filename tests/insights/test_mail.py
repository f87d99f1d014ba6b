"""The Monday mail: the beat sweep fans out one task per contest after commit;
each contest's organizers get one mail per week, recorded on the report, however
often the sweep runs; nothing is sent (or recorded) without a mail backend."""

import pytest
import time_machine
from django.core import mail

from insights import tasks
from insights.models import WeeklyReport
from tests.factories import UserFactory
from tests.factories.contests import ContestFactory, RoundFactory, staff_on

from .conftest import WEEK2, at

pytestmark = pytest.mark.django_db

MONDAY_MORNING = at(7, month=12, hour=7)


@pytest.fixture
def organizers(weeks, organizer, secretary):
    organizer.email = "btc@bacson.gov.vn"
    organizer.save()
    second = UserFactory(username="btc2", email="vanphong@langson.gov.vn")
    staff_on(weeks["contest"], organizer=organizer, secretary=secretary)
    staff_on(weeks["contest"], organizer=second)
    return [organizer, second]


def sweep(django_capture_on_commit_callbacks) -> int:
    with (
        time_machine.travel(MONDAY_MORNING, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        return tasks.send_weekly_reports()


def test_one_mail_per_contest_per_week(
    weeks, organizers, eager_tasks, django_capture_on_commit_callbacks
):
    # A contest of the same organizer whose rounds ended before that week.
    quiet = ContestFactory(slug="da-xong")
    RoundFactory(contest=quiet, opens_at=at(1), closes_at=at(10))
    staff_on(quiet, organizer=organizers[0])
    assert sweep(django_capture_on_commit_callbacks) == 1
    assert sweep(django_capture_on_commit_callbacks) == 1
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sorted(sent.to) == ["btc@bacson.gov.vn", "vanphong@langson.gov.vn"]
    assert "30/11/2026 - 06/12/2026" in sent.subject
    assert "Số lượt thi trong tuần: 6 (+3)" in sent.body
    assert "Số thí sinh (lũy kế): 7 (+3)" in sent.body
    assert f"/ket-qua/{weeks['contest'].slug}/bao-cao-tuan/?tuan=2026-11-30" in (
        sent.body
    )
    report = WeeklyReport.objects.get(contest=weeks["contest"], week_start=WEEK2)
    assert report.mailed_at is not None
    assert report.mailed_to == "btc@bacson.gov.vn, vanphong@langson.gov.vn"
    assert not WeeklyReport.objects.filter(contest=quiet).exists()


def test_without_a_mail_backend_nothing_is_sent_or_recorded(
    weeks, organizers, eager_tasks, django_capture_on_commit_callbacks, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    sweep(django_capture_on_commit_callbacks)
    assert WeeklyReport.objects.get(week_start=WEEK2).mailed_at is None
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    sweep(django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
