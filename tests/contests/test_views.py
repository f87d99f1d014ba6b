"""Pages and the permission walk: anonymous, another contestant, staff, owner."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from contests import rules, services
from contests.models import Attempt, ReferenceDocument
from tests.factories.contests import PrizeTierFactory, RoundFactory

HX = {"HX-Request": "true"}


@pytest.fixture
def attempt(open_round, contestant_a):
    return services.start_attempt(contestant_a, open_round)


def attempt_urls(attempt):
    return {
        "attempt": ("get", reverse("contests:attempt", args=[attempt.id])),
        "result": ("get", reverse("contests:result", args=[attempt.id])),
        "answer": ("post", reverse("contests:answer", args=[attempt.id])),
        "submit": ("post", reverse("contests:submit", args=[attempt.id])),
    }


def test_anonymous_is_sent_to_login_everywhere(client, attempt):
    for name, (method, url) in {
        **attempt_urls(attempt),
        "history": ("get", reverse("contests:my_attempts")),
    }.items():
        response = getattr(client, method)(url, {"position": 0, "q0": 1})
        assert response.status_code == 302, name
        assert response.url.startswith(reverse("account_login")), name


@pytest.mark.parametrize("who", ["contestant_b", "organizer", "judge", "secretary"])
def test_nobody_but_the_owner_reaches_an_attempt(client, attempt, request, who):
    client.force_login(request.getfixturevalue(who))
    for name, (method, url) in attempt_urls(attempt).items():
        data = {"position": 0, "q0": 1, "prediction": "1", "confirm": "1"}
        response = getattr(client, method)(url, data, headers=HX)
        assert response.status_code == 404, (who, name)
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.IN_PROGRESS
    assert attempt.questions.filter(answer__isnull=False).count() == 0


def test_the_owner_walks_the_whole_flow(client, attempt, contestant_a):
    client.force_login(contestant_a)
    page = client.get(reverse("contests:attempt", args=[attempt.id]))
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count('class="card card-body mb-3 question"') == 20
    assert 'hx-post="' in html
    assert "Nộp bài" in html
    saved = client.post(
        reverse("contests:answer", args=[attempt.id]),
        {"position": 2, "q2": 1},
        headers=HX,
    )
    assert saved.status_code == 200
    assert rules.MSG_SAVED in saved.content.decode()
    # Reload: the answer is checked, marked saved.
    html = client.get(reverse("contests:attempt", args=[attempt.id])).content.decode()
    assert 'name="q2" value="1" checked' in html
    done = client.post(
        reverse("contests:submit", args=[attempt.id]),
        {"prediction": "42", "confirm": "1"},
    )
    assert done.status_code == 302
    assert done.url == reverse("contests:result", args=[attempt.id])
    result = client.get(done.url).content.decode()
    attempt.refresh_from_db()
    assert attempt.prediction == 42
    assert "Kết quả bài thi" in result
    assert f"{attempt.score}/20" in result
    history = client.get(reverse("contests:my_attempts")).content.decode()
    assert reverse("contests:result", args=[attempt.id]) in history


def test_submit_without_confirmation_is_refused_and_keeps_answers(
    client, attempt, contestant_a
):
    client.force_login(contestant_a)
    services.save_answer(contestant_a, attempt.id, position=0, shown_index=2)
    response = client.post(
        reverse("contests:submit", args=[attempt.id]), {"prediction": "3"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert rules.MSG_CONFIRM_REQUIRED in html
    assert 'name="q0" value="2" checked' in html
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.IN_PROGRESS


def test_submit_with_a_bad_prediction_shows_the_message(client, attempt, contestant_a):
    client.force_login(contestant_a)
    response = client.post(
        reverse("contests:submit", args=[attempt.id]),
        {"prediction": "khoảng 100", "confirm": "1"},
    )
    assert response.status_code == 400
    assert rules.MSG_PREDICTION_INVALID in response.content.decode()


def test_submitting_twice_changes_nothing(client, attempt, contestant_a):
    client.force_login(contestant_a)
    url = reverse("contests:submit", args=[attempt.id])
    client.post(url, {"prediction": "10", "confirm": "1"})
    first = Attempt.objects.get(pk=attempt.pk)
    again = client.post(url, {"prediction": "99", "confirm": "1"})
    assert again.status_code == 302
    second = Attempt.objects.get(pk=attempt.pk)
    assert (second.submitted_at, second.prediction, second.score) == (
        first.submitted_at,
        10,
        first.score,
    )


@pytest.mark.parametrize(
    ("data", "status", "message"),
    [
        ({"position": 99, "q99": 0}, 400, rules.MSG_QUESTION_NOT_IN_ATTEMPT),
        ({"position": 0, "q0": 7}, 400, rules.MSG_CHOICE_INVALID),
        ({"position": 0, "q0": "A"}, 400, rules.MSG_CHOICE_INVALID),
        ({"position": "x"}, 400, rules.MSG_CHOICE_INVALID),
    ],
)
def test_bad_answers_get_a_4xx_and_a_message(
    client, attempt, contestant_a, data, status, message
):
    client.force_login(contestant_a)
    response = client.post(
        reverse("contests:answer", args=[attempt.id]), data, headers=HX
    )
    assert response.status_code == status
    assert message in response.content.decode()
    assert attempt.questions.filter(answer__isnull=False).count() == 0


def test_answers_after_submit_are_refused(client, attempt, contestant_a):
    client.force_login(contestant_a)
    services.submit_attempt(contestant_a, attempt.id, prediction="1")
    response = client.post(
        reverse("contests:answer", args=[attempt.id]),
        {"position": 0, "q0": 1},
        headers=HX,
    )
    assert response.status_code == 409
    assert rules.MSG_ALREADY_SUBMITTED in response.content.decode()


def test_posts_need_the_csrf_token(attempt, contestant_a):
    client = Client(enforce_csrf_checks=True)
    client.force_login(contestant_a)
    response = client.post(
        reverse("contests:answer", args=[attempt.id]), {"position": 0, "q0": 1}
    )
    assert response.status_code == 403


def test_the_contest_page_shows_rules_documents_prizes_and_round_states(
    client, contest, contestant_a
):
    now = timezone.now()
    RoundFactory(contest=contest, number=1, opens_at=now - dt.timedelta(days=14),
                 closes_at=now - dt.timedelta(days=7))  # fmt: skip
    RoundFactory(contest=contest, number=2, opens_at=now - dt.timedelta(days=1),
                 closes_at=now + dt.timedelta(days=6))  # fmt: skip
    RoundFactory(contest=contest, number=3, opens_at=now + dt.timedelta(days=6),
                 closes_at=now + dt.timedelta(days=13))  # fmt: skip
    contest.rules = "Thí sinh trả lời 20 câu hỏi trắc nghiệm."
    contest.save()
    ReferenceDocument.objects.create(
        contest=contest, title="Luật Giao dịch điện tử ngày 22/6/2023."
    )
    PrizeTierFactory(contest=contest, name="Giải Nhất", amount_vnd=1_000_000)
    html = client.get(contest.get_absolute_url()).content.decode()
    for text in (
        "Đã kết thúc",
        "Đang diễn ra",
        "Sắp diễn ra",
        "Thí sinh trả lời 20 câu hỏi trắc nghiệm.",
        "Luật Giao dịch điện tử ngày 22/6/2023.",
        "1.000.000",
        "Đăng nhập để dự thi",
    ):
        assert text in html
    client.force_login(contestant_a)
    html = client.get(contest.get_absolute_url()).content.decode()
    assert "Vào thi" in html
    assert reverse("contests:start", args=[contest.slug, 2]) in html


def test_starting_from_the_page_opens_the_attempt(client, open_round, contestant_a):
    client.force_login(contestant_a)
    response = client.post(
        reverse("contests:start", args=[open_round.contest.slug, open_round.number])
    )
    attempt = Attempt.objects.get(user=contestant_a)
    assert response.url == reverse("contests:attempt", args=[attempt.id])
    html = client.get(open_round.contest.get_absolute_url()).content.decode()
    assert "Tiếp tục làm bài" in html


def test_unpublished_contests_are_not_found(client, contest):
    contest.is_published = False
    contest.save()
    assert client.get(contest.get_absolute_url()).status_code == 404


def test_home_lists_open_rounds(client, open_round):
    html = client.get(reverse("home")).content.decode()
    assert "Đang diễn ra" in html
    assert open_round.contest.title in html
    assert f"#round-{open_round.number}" in html
