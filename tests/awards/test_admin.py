"""Admin: the rounds list with its actions "close now", "publish", "regrade",
"export", each behind its permission."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from awards.models import ExportJob, RoundClosing
from contests.models import Attempt
from contests.services import prepared
from tests.factories import UserFactory
from tests.factories.awards import (
    closed_round,
    contest_with_round_tiers,
    finished_attempt,
)
from tests.factories.contests import RoundFactory, staff_on

CHANGELIST = "admin:awards_closableround_changelist"


@pytest.fixture
def rounds(db, organizer, secretary):
    contest = contest_with_round_tiers(slug="quan-tri")
    staff_on(contest, organizer=organizer, secretary=secretary)
    due = closed_round(contest, number=1)
    finished_attempt(due, score=20)
    running = RoundFactory(contest=contest, number=2)
    return due, running


def act(client, action, *rounds):
    return client.post(
        reverse(CHANGELIST),
        {"action": action, "_selected_action": [r.pk for r in rounds]},
        follow=True,
    )


def test_close_now_enqueues_due_rounds_at_once(
    client, organizer, rounds, django_capture_on_commit_callbacks
):
    due, _ = rounds
    client.force_login(organizer)
    with django_capture_on_commit_callbacks() as enqueued:
        response = act(client, "close_now", due)
    assert len(enqueued) == 1
    assert "Đã yêu cầu đóng" in response.content.decode()


def test_close_now_on_a_running_round_confirms_then_ends_it(
    client, organizer, rounds, django_capture_on_commit_callbacks
):
    from awards import services

    due, running = rounds
    now = timezone.now()
    taking = Attempt.objects.create(
        round=running,
        user=UserFactory(),
        number=1,
        started_at=now - datetime.timedelta(minutes=3),
        deadline=now + datetime.timedelta(minutes=12),
        question_count=20,
    )
    client.force_login(organizer)
    with django_capture_on_commit_callbacks() as enqueued:
        asked = act(client, "close_now", due, running)
    html = asked.content.decode()
    assert enqueued == []
    assert 'id="close-confirm"' in html
    assert "hiện có 1 bài thi đang làm" in html
    running.refresh_from_db()
    assert running.closes_at > timezone.now()

    with django_capture_on_commit_callbacks() as enqueued:
        done = client.post(
            reverse(CHANGELIST),
            {
                "action": "close_now",
                "_selected_action": [due.pk, running.pk],
                "confirm": "1",
            },
            follow=True,
        )
    # Moving the round's close also makes the prepared starts stale.
    assert len([c for c in enqueued if c is not prepared.invalidate]) == 2
    assert "1 bài thi đang làm được nộp tự động" in done.content.decode()
    assert services.close_round(running.id).status == "closed"
    taking.refresh_from_db()
    assert taking.status == Attempt.Status.EXPIRED


def test_publish_from_the_admin(client, organizer, rounds):
    from awards import services

    due, _ = rounds
    services.close_round(due.id)
    client.force_login(organizer)
    act(client, "publish_results", due)
    assert RoundClosing.objects.get(pk=due.pk).is_published


def test_export_from_the_admin_goes_to_the_progress_page(
    client, secretary, rounds, django_capture_on_commit_callbacks
):
    due, _ = rounds
    client.force_login(secretary)
    with django_capture_on_commit_callbacks() as enqueued:
        response = client.post(
            reverse(CHANGELIST),
            {"action": "export_awards", "_selected_action": [due.pk]},
        )
    job = ExportJob.objects.get()
    assert response["Location"] == reverse("awards:export_job", args=[job.pk])
    assert len(enqueued) == 1


def test_the_secretary_sees_no_close_publish_or_regrade_action(
    client, secretary, rounds
):
    client.force_login(secretary)
    html = client.get(reverse(CHANGELIST)).content.decode()
    assert 'value="export_awards"' in html
    for action in ("close_now", "publish_results", "regrade_rounds"):
        assert f'value="{action}"' not in html


@pytest.mark.parametrize("who", ["judge", "contestant_a", "unit_rep"])
def test_people_outside_the_staff_do_not_reach_the_results_admin(
    client, request, rounds, who
):
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse(CHANGELIST))
    assert response.status_code in (302, 403)
