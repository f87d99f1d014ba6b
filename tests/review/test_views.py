"""The review page: who may read it, who may act, and what it shows."""

import datetime

import pytest
from django.urls import reverse

from accounts.models import User
from awards.models import Award
from awards.services import close_round
from quizzes.models import Question
from review import services
from review.models import AccessRecord, CaseDecision, ReviewCase, RoundReview
from review.views import MSG_QUEUED
from tests.conftest import PASSWORD
from tests.factories import UserFactory
from tests.factories.awards import closed_round, contest_with_round_tiers
from tests.factories.contests import make_bank, staff_on

from . import planted as plant


@pytest.fixture
def planted(db, unit_a, organizer, secretary):
    bank = make_bank(8, choices=4)
    contest = contest_with_round_tiers(bank=bank, questions_per_attempt=8)
    staff_on(contest, organizer=organizer, secretary=secretary)
    round_ = closed_round(contest, number=1)
    questions = list(Question.objects.filter(bank=bank).order_by("id"))
    return plant.build(round_, questions, unit_a)


def _url(planted, name="review:round", **extra):
    contest = planted.round.contest
    return reverse(
        name,
        kwargs={"slug": contest.slug, "number": planted.round.number, **extra},
    )


@pytest.fixture
def other_organizer(db, organizer):
    """An organizer in the same role group, staff of another contest only."""
    person = UserFactory(username="btc_khac", is_staff=True)
    person.groups.set(organizer.groups.all())
    staff_on(contest_with_round_tiers(), organizer=person)
    return person


def test_the_organizer_sees_flagged_questions_and_cases(client, planted, organizer):
    services.compute_round_review(planted.round.id)
    client.force_login(organizer)
    page = client.get(_url(planted)).content.decode()
    wrong = planted.wrong_key_question.pk
    assert f'id="question-{wrong}" class="table-warning"' in page
    assert "flag-wrong_key" in page
    assert reverse("admin:quizzes_question_change", args=[wrong]) in page
    assert _url(planted, "awards:correct_key") in page
    assert page.count('class="case-ring"') == 4
    assert page.count('class="case-fast"') == 1
    assert "Loại khỏi xét giải" in page


def test_the_secretariat_reads_but_may_not_decide(client, planted, secretary):
    services.compute_round_review(planted.round.id)
    case = ReviewCase.objects.get(kind=ReviewCase.Kind.FAST)
    client.force_login(secretary)
    page = client.get(_url(planted))
    assert page.status_code == 200
    assert "Loại khỏi xét giải</button>" not in page.content.decode()
    refused = client.post(
        _url(planted, "review:decide", case_id=case.pk),
        {"status": "excluded", "reason": "x"},
    )
    assert refused.status_code == 403
    assert client.post(_url(planted, "review:recompute")).status_code == 403
    assert not CaseDecision.objects.exists()


def test_another_contests_organizer_is_refused(client, planted, other_organizer):
    services.compute_round_review(planted.round.id)
    case = ReviewCase.objects.get(kind=ReviewCase.Kind.FAST)
    client.force_login(other_organizer)
    assert client.get(_url(planted)).status_code == 403
    decide = _url(planted, "review:decide", case_id=case.pk)
    assert client.post(decide, {"status": "excluded", "reason": "x"}).status_code == 403
    assert client.post(_url(planted, "review:recompute")).status_code == 403
    case.refresh_from_db()
    assert case.status == ReviewCase.Status.OPEN


def test_contestants_and_visitors_are_refused(client, planted, contestant_a):
    assert client.get(_url(planted)).status_code == 302  # to the login page
    client.force_login(contestant_a)
    assert client.get(_url(planted)).status_code == 403


def test_a_case_of_another_round_is_not_found(client, planted, organizer):
    services.compute_round_review(planted.round.id)
    case = ReviewCase.objects.get(kind=ReviewCase.Kind.FAST)
    other = closed_round(planted.round.contest, number=2)
    client.force_login(organizer)
    url = reverse(
        "review:decide",
        kwargs={"slug": other.contest.slug, "number": 2, "case_id": case.pk},
    )
    response = client.post(url, {"status": "excluded", "reason": "x"})
    assert response.status_code == 404


def test_the_organizer_excludes_from_the_page(client, planted, organizer):
    close_round(planted.round.id)
    services.compute_round_review(planted.round.id)
    case = ReviewCase.objects.get(kind=ReviewCase.Kind.FAST)
    client.force_login(organizer)
    response = client.post(
        _url(planted, "review:decide", case_id=case.pk),
        {"status": "excluded", "reason": "Công cụ tự động"},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.decided_by) == (ReviewCase.Status.EXCLUDED, organizer)
    assert not Award.objects.filter(winner_user=planted.fast).exists()
    page = client.get(_url(planted)).content.decode()
    assert "Công cụ tự động" in page


def test_recompute_is_a_task_after_commit(
    client, planted, organizer, eager_tasks, django_capture_on_commit_callbacks
):
    client.force_login(organizer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(planted, "review:recompute"), follow=True)
    assert MSG_QUEUED in response.content.decode()
    review = RoundReview.objects.get(pk=planted.round.id)
    assert review.status == RoundReview.Status.DONE
    assert review.attempts == 35


def test_the_page_never_computes(client, planted, organizer):
    client.force_login(organizer)
    page = client.get(_url(planted)).content.decode()
    assert "Chưa tính" in page
    assert not RoundReview.objects.exists()
    assert not ReviewCase.objects.exists()


def test_the_desk_links_each_round_to_its_review(client, planted, organizer):
    client.force_login(organizer)
    desk = reverse("awards:manage", kwargs={"slug": planted.round.contest.slug})
    assert _url(planted) in client.get(desk).content.decode()


def test_a_login_records_the_address(client, db):
    person = UserFactory(email="lan@example.com")
    client.post(
        reverse("account_login"),
        {"login": "lan@example.com", "password": PASSWORD},
        REMOTE_ADDR="10.1.2.3",
        HTTP_USER_AGENT="Mozilla/5.0 (Linux; Android 14)",
    )
    record = AccessRecord.objects.get(user=person)
    assert (record.kind, record.address) == (AccessRecord.Kind.LOGIN, "10.1.2.3")
    assert len(record.device) == 16
    assert User.objects.get(pk=person.pk).last_login is not None


def test_many_logins_from_one_address_open_cases(planted):
    people = planted.normal[:5]
    start = planted.round.opens_at
    AccessRecord.objects.bulk_create(
        AccessRecord(
            user=u,
            kind=AccessRecord.Kind.LOGIN,
            address="113.160.1.1",
            at=start + datetime.timedelta(minutes=3 * i),
        )
        for i, u in enumerate(people)
    )
    services.compute_round_review(planted.round.id)
    flagged = set(
        ReviewCase.objects.filter(kind=ReviewCase.Kind.ADDRESS).values_list(
            "user_id", flat=True
        )
    )
    assert flagged == {u.pk for u in people}
