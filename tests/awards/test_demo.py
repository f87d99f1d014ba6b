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
