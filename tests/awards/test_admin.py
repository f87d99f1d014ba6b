"""Admin: the rounds list with its actions "close now", "publish", "regrade",
"export", each behind its permission."""

import pytest
from django.urls import reverse

from awards.models import ExportJob, RoundClosing
from tests.factories.awards import (
    closed_round,
    contest_with_round_tiers,
    finished_attempt,
)
from tests.factories.contests import RoundFactory

CHANGELIST = "admin:awards_closableround_changelist"


@pytest.fixture
def rounds(db):
    contest = contest_with_round_tiers(slug="quan-tri")
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


def test_close_now_enqueues_due_rounds_and_refuses_open_ones(
    client, organizer, rounds, django_capture_on_commit_callbacks
):
    due, running = rounds
    client.force_login(organizer)
    with django_capture_on_commit_callbacks() as enqueued:
        response = act(client, "close_now", due, running)
    html = response.content.decode()
    assert len(enqueued) == 1
    assert "Đã yêu cầu đóng" in html
    assert "chưa kết thúc" in html


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
