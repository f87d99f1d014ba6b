"""Everything awards does after commit, run the way production runs it: the
on-commit callbacks are executed (django_capture_on_commit_callbacks(execute=True))
and the task they enqueue runs in this process (eager_tasks), so each test checks
the effect of the desk button, the admin action or the beat sweep, not only that
something was queued."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse

from awards import selectors, services, tasks
from awards.models import (
    Award,
    ContestClosing,
    ExportJob,
    RegradeRun,
    RoundClosing,
    RoundResult,
    Trigger,
)
from tests.factories.awards import (
    closed_round,
    contest_with_round_tiers,
    finished_attempt,
)
from tests.factories.contests import staff_on

CHANGELIST = "admin:awards_closableround_changelist"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def due(db, organizer, secretary):
    """A contest with one round that closed yesterday: three finished attempts."""
    contest = contest_with_round_tiers(slug="sau-commit")
    staff_on(contest, organizer=organizer, secretary=secretary)
    round_ = closed_round(contest, number=1)
    for score in (20, 18, 15):
        finished_attempt(round_, score=score)
    return round_


def desk(name, round_, **kwargs):
    return reverse(name, kwargs={"slug": round_.contest.slug, **kwargs})


def admin_action(client, action, round_):
    return client.post(
        reverse(CHANGELIST), {"action": action, "_selected_action": [round_.pk]}
    )


def assert_closed(round_, trigger):
    closing = RoundClosing.objects.get(pk=round_.pk)
    assert closing.is_closed
    assert closing.trigger == trigger
    assert RoundResult.objects.filter(round=round_).count() == 3
    assert Award.objects.filter(round=round_).count() == 3


# --- The staff desk (awards/views/staff.py) -------------------------------------


def test_close_now_on_the_desk_closes_the_round_once_committed(
    client, organizer, due, eager_tasks, django_capture_on_commit_callbacks
):
    client.force_login(organizer)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(desk("awards:close_now", due, number=1))
        assert not RoundClosing.objects.filter(pk=due.pk).exists()
    assert response.status_code == 302
    assert len(callbacks) >= 1
    assert_closed(due, Trigger.STAFF)
    assert RoundClosing.objects.get(pk=due.pk).closed_by == organizer


def test_regrade_on_the_desk_records_a_run_once_committed(
    client, organizer, due, eager_tasks, django_capture_on_commit_callbacks
):
    services.close_round(due.id)
    client.force_login(organizer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            desk("awards:regrade", due, number=1), {"note": "Sửa đáp án câu 3"}
        )
    assert response.status_code == 302
    run = RegradeRun.objects.get(round=due)
    assert (run.trigger, run.run_by, run.note) == (
        Trigger.STAFF,
        organizer,
        "Sửa đáp án câu 3",
    )


def test_contest_results_on_the_desk_are_computed_once_committed(
    client, organizer, due, eager_tasks, django_capture_on_commit_callbacks
):
    services.close_round(due.id)
    client.force_login(organizer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(desk("awards:contest_compute", due))
    closing = ContestClosing.objects.get(pk=due.contest_id)
    assert closing.status == "closed"
    assert closing.trigger == Trigger.STAFF


def test_an_export_from_the_web_is_written_once_committed(
    client,
    secretary,
    due,
    eager_tasks,
    django_capture_on_commit_callbacks,
    settings,
    tmp_path,
):
    settings.MEDIA_ROOT = str(tmp_path)
    services.close_round(due.id)
    client.force_login(secretary)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            desk("awards:export_start", due), {"kind": "round", "round": 1}
        )
    job = ExportJob.objects.get()
    assert response["Location"] == reverse("awards:export_job", args=[job.pk])
    assert job.status == ExportJob.Status.DONE
    assert job.rows_done >= 3
    download = client.get(reverse("awards:export_download", args=[job.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content)[:2] == b"PK"


def test_a_regrade_forgets_the_cached_public_list_once_committed(
    client, organizer, due, django_capture_on_commit_callbacks
):
    """awards.services.common: the public winners list is cached a minute; a
    regrade of a published round drops it after commit, so the next visitor sees
    the corrected list at once."""
    services.close_round(due.id)
    services.publish_round(due.id, user=organizer)
    page = desk("awards:round", due, number=1)
    assert client.get(page).status_code == 200
    key = services.cache_key("round", due.id)
    stale = cache.get(key)[0]["winners"]
    # The attempts were written without their questions: re-scored, every one
    # has 0 correct answers, and the prize list changes.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.regrade_round(due.id, user=organizer, trigger=Trigger.STAFF)
        assert cache.get(key) is not None  # nothing forgotten before the commit
    assert callbacks
    assert cache.get(key) is None
    client.get(page)
    fresh = cache.get(key)[0]["winners"]
    assert fresh == selectors.public_round_winners(due.id)
    assert fresh != stale


# --- The admin (awards/admin.py) --------------------------------------------------


def test_close_now_in_the_admin_closes_the_round_once_committed(
    client, organizer, due, eager_tasks, django_capture_on_commit_callbacks
):
    client.force_login(organizer)
    with django_capture_on_commit_callbacks(execute=True):
        admin_action(client, "close_now", due)
    assert_closed(due, Trigger.ADMIN)


def test_regrade_in_the_admin_records_a_run_once_committed(
    client, organizer, due, eager_tasks, django_capture_on_commit_callbacks
):
    services.close_round(due.id)
    client.force_login(organizer)
    with django_capture_on_commit_callbacks(execute=True):
        admin_action(client, "regrade_rounds", due)
    run = RegradeRun.objects.get(round=due)
    assert (run.trigger, run.run_by) == (Trigger.ADMIN, organizer)


def test_export_in_the_admin_is_written_once_committed(
    client,
    secretary,
    due,
    eager_tasks,
    django_capture_on_commit_callbacks,
    settings,
    tmp_path,
):
    settings.MEDIA_ROOT = str(tmp_path)
    services.close_round(due.id)
    client.force_login(secretary)
    with django_capture_on_commit_callbacks(execute=True):
        admin_action(client, "export_awards", due)
    job = ExportJob.objects.get()
    assert (job.status, job.round_id) == (ExportJob.Status.DONE, due.pk)
    assert job.file.name


def test_contest_results_in_the_admin_are_computed_once_committed(
    client, organizer, due, eager_tasks, django_capture_on_commit_callbacks
):
    services.close_round(due.id)
    client.force_login(organizer)
    with django_capture_on_commit_callbacks(execute=True):
        admin_action(client, "compute_contest_results", due)
    closing = ContestClosing.objects.get(pk=due.contest_id)
    assert (closing.status, closing.trigger) == ("closed", Trigger.ADMIN)


# --- The beat sweep (awards/tasks.py) ------------------------------------------------


def test_the_sweep_closes_due_rounds_then_the_contest_once_committed(
    due, eager_tasks, django_capture_on_commit_callbacks
):
    still_open = closed_round(
        contest_with_round_tiers(slug="dang-mo"),
        number=1,
        closes_at=datetime.datetime(2099, 1, 1, tzinfo=datetime.UTC),
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.close_due_rounds() == 1
    assert_closed(due, Trigger.BEAT)
    assert not ContestClosing.objects.filter(pk=due.contest_id).exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.close_due_rounds() == 1
    assert ContestClosing.objects.get(pk=due.contest_id).status == "closed"
    assert not RoundClosing.objects.filter(pk=still_open.pk, status="closed").exists()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert tasks.close_due_rounds() == 0
    assert callbacks == []
