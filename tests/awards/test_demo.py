"""The demo data: the demo contest's closed week is taken, closed and published,
and running seed_demo again changes nothing."""

from io import StringIO

from django.core.management import call_command

from awards.models import RoundClosing
from contests.models import Round
from tests.factories.awards import snapshot


def test_seed_demo_closes_and_publishes_the_demo_week_once(db):
    call_command("seed_demo", stdout=StringIO())
    week = Round.objects.get(contest__slug="thi-thu-chuyen-doi-so", number=1)
    closing = RoundClosing.objects.get(pk=week.pk)
    assert closing.is_published
    assert closing.ranked == 4
    assert closing.awards_count == 3
    before = snapshot(week.id)
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert snapshot(week.id) == before
    assert "đã được công bố" in out.getvalue()


def test_seeding_again_keeps_a_round_closed_and_published_in_the_meantime(db):
    """`make run` a second time (a day later) must not reopen the week the
    organizers ended early, closed and published, nor touch its awards."""
    from datetime import timedelta

    import time_machine
    from django.utils import timezone

    from accounts.models import User
    from awards import services
    from awards.models import Trigger
    from contests import services as contest_services

    call_command("seed_demo", stdout=StringIO())
    organizer = User.objects.get(username="bantochuc")
    week = Round.objects.get(contest__slug="thi-thu-chuyen-doi-so", number=2)
    contest_services.end_round_now(week.id)
    services.close_round(week.id, trigger=Trigger.ADMIN)
    services.publish_round(week.id, user=organizer)
    week.refresh_from_db()
    closing = RoundClosing.objects.get(pk=week.pk)
    assert closing.is_closed
    assert closing.is_published
    before = (week.opens_at, week.closes_at, snapshot(week.id), snapshot())

    with time_machine.travel(timezone.now() + timedelta(days=1, hours=3)):
        call_command("seed_demo", stdout=StringIO())

    week.refresh_from_db()
    closing.refresh_from_db()
    assert (week.opens_at, week.closes_at, snapshot(week.id), snapshot()) == before
    assert closing.is_closed
    assert closing.is_published
    assert week.closes_at < timezone.now()
