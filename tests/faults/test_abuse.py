"""Impossibly fast attempts are flagged for the organizers before prizes are
confirmed; the overload and outage answers are 503s with a reason.

Login throttling by login + IP together: tests/accounts/test_login.py
(test_five_failures_lock_that_login_from_that_address_only,
test_a_locked_login_does_not_lock_others_behind_the_same_address). The same CCCD
or phone on two accounts: tests/accounts/test_signup.py
(test_duplicates_are_refused_naming_the_field).
"""

import time

import pytest
from django.db import OperationalError
from django.http import HttpResponse
from django.test import RequestFactory, override_settings
from django.urls import reverse

from contests import rules, selectors
from core import middleware
from tests.factories.awards import finished_attempt
from tests.factories.contests import ContestFactory, RoundFactory


@pytest.mark.parametrize(
    ("duration_ms", "questions", "threshold", "flagged"),
    [
        (39_999, 20, 2, True),
        (40_000, 20, 2, False),
        (5_000, 20, 0, False),
        (None, 20, 2, False),
        (1_000, 0, 2, False),
    ],
)
def test_too_fast_is_under_the_seconds_per_question(
    duration_ms, questions, threshold, flagged
):
    assert rules.is_too_fast(duration_ms, questions, threshold) is flagged


@pytest.fixture
def round_(db):
    contest = ContestFactory(slug="nhanh", min_seconds_per_question=3)
    return RoundFactory(contest=contest)


def test_the_flag_follows_the_contest_setting(round_, contestant_a, contestant_b):
    fast = finished_attempt(round_, contestant_a, duration_ms=59_000)
    finished_attempt(round_, contestant_b, duration_ms=60_000)
    assert list(selectors.too_fast_attempts(contest_id=round_.contest_id)) == [fast]
    assert list(selectors.too_fast_attempts(round_id=round_.id)) == [fast]
    round_.contest.min_seconds_per_question = 0
    round_.contest.save()
    assert not selectors.too_fast_attempts(contest_id=round_.contest_id).exists()


def test_organizers_list_the_flagged_attempts_in_the_admin(
    admin_client, round_, contestant_a, contestant_b
):
    finished_attempt(round_, contestant_a, duration_ms=10_000)
    finished_attempt(round_, contestant_b, duration_ms=600_000)
    page = admin_client.get(
        reverse("admin:contests_attempt_changelist"), {"qua_nhanh": "1"}
    ).content.decode()
    assert contestant_a.full_name in page or contestant_a.username in page
    assert contestant_b.username not in page
    listing = admin_client.get(reverse("admin:contests_contest_changelist"))
    assert "qua_nhanh=1" in listing.content.decode()


def test_the_setting_is_in_the_contest_admin_form(admin_client, round_):
    page = admin_client.get(
        reverse("admin:contests_contest_change", args=[round_.contest_id])
    )
    assert 'name="min_seconds_per_question"' in page.content.decode()


def test_a_database_outage_in_a_view_is_a_503_with_the_reason():
    request = RequestFactory().get("/")
    handler = middleware.ServiceUnavailableMiddleware(lambda r: None)
    response = handler.process_exception(request, OperationalError("server closed"))
    assert response.status_code == 503
    assert middleware.MSG_SERVICE_BUSY in response.content.decode()
    assert handler.process_exception(request, ValueError("a bug")) is None


@override_settings(PORTAL_SHED_AFTER_MS=2000)
def test_a_request_queued_past_the_limit_is_refused_before_any_work():
    called = []

    def view(request):
        called.append(request)
        return HttpResponse("ok")

    handler = middleware.ServiceUnavailableMiddleware(view)
    stale = RequestFactory().get("/", HTTP_X_REQUEST_START=f"t={time.time() - 3:.3f}")
    assert handler(stale).status_code == 503
    assert called == []
    fresh = RequestFactory().get("/", HTTP_X_REQUEST_START=f"t={time.time():.3f}")
    handler(fresh)
    assert len(called) == 1
    assert not middleware.queued_too_long("t=garbage")
    assert middleware.queued_too_long(f"t={int((time.time() - 5) * 1000)}")
