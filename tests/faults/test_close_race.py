"""Beat firing the close job twice at once: one run closes, the other stands
aside, and the result is the same as one close. (A worker killed mid-close:
tests/integration/test_celery_close.py; closing again from scratch writes
identical rows: tests/awards/test_closing.py.)"""

import threading

import pytest
from django.db import connection

from awards import services
from awards.models import Award, RoundResult
from tests.factories import UserFactory
from tests.factories.awards import (
    closed_round,
    contest_with_round_tiers,
    finished_attempt,
)

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_closes_at_once_one_wins_with_one_result():
    contest = contest_with_round_tiers(slug="hai-lan")
    round_ = closed_round(contest, number=1)
    for score in range(30):
        finished_attempt(
            round_, UserFactory(), score=score % 21, duration_ms=100_000 + score
        )
    barrier = threading.Barrier(2)
    outcomes = []

    def close():
        barrier.wait()
        try:
            outcomes.append(services.close_round(round_.id).status)
        finally:
            connection.close()

    threads = [threading.Thread(target=close) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(outcomes) in (["busy", "closed"], ["already_closed", "closed"])
    ranks = list(
        RoundResult.objects.filter(round=round_)
        .order_by("rank")
        .values_list("rank", flat=True)
    )
    assert ranks == list(range(1, 31))
    awards = list(Award.objects.filter(round=round_).values_list("tier_name", "rank"))
    assert len(awards) == len(set(awards))
    assert services.close_round(round_.id).status == "already_closed"
    assert (
        list(Award.objects.filter(round=round_).values_list("tier_name", "rank"))
        == awards
    )
