"""The beat sweep reviews rounds that closed recently, once."""

import datetime

from django.utils import timezone

from review import selectors, services, tasks
from review.models import RoundReview
from tests.factories.awards import closed_round
from tests.factories.contests import ContestFactory, RoundFactory


def test_recently_closed_rounds_without_a_review_are_due(db):
    contest = ContestFactory()
    now = timezone.now()
    due = closed_round(contest, number=1)
    reviewed = closed_round(contest, number=2)
    services.compute_round_review(reviewed.id)
    RoundFactory(contest=contest, number=3)  # open
    closed_round(contest, number=4, is_practice=True)
    closed_round(
        contest,
        number=5,
        opens_at=now - datetime.timedelta(days=40),
        closes_at=now - datetime.timedelta(days=30),
    )
    assert selectors.due_round_ids() == [due.id]


def test_the_sweep_computes_each_due_round_after_commit(
    db, eager_tasks, django_capture_on_commit_callbacks
):
    round_ = closed_round(ContestFactory(), number=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.review_due_rounds() == 1
    assert RoundReview.objects.get(pk=round_.id).status == RoundReview.Status.DONE
    assert selectors.due_round_ids() == []
