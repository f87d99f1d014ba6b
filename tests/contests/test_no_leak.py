"""Nothing leaks before the round closes: every response of an attempt is the same
whatever the key is, no page carries another contestant's data, and the correct
answers appear only after the close and only where the contest allows review."""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from contests import services
from contests.models import Attempt
from quizzes.models import Choice

HX = {"HX-Request": "true"}


def normalise(html: str) -> str:
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "CSRF", html)
    html = re.sub(r'"X-CSRFToken": "[^"]+"', "CSRF", html)
    return re.sub(r'data-remaining-ms="\d+"', "REMAINING", html)


def every_response(client, attempt) -> dict[str, str]:
    contest = attempt.round.contest
    pages = {
        "contest": client.get(contest.get_absolute_url()),
        "attempt": client.get(reverse("contests:attempt", args=[attempt.id])),
    }
    for pos in range(attempt.question_count):
        pages[f"answer {pos}"] = client.post(
            reverse("contests:answer", args=[attempt.id]),
            {"position": pos, f"q{pos}": pos % 3},
            headers=HX,
        )
    pages["answer outside"] = client.post(
        reverse("contests:answer", args=[attempt.id]),
        {"position": 99, "q99": 0},
        headers=HX,
    )
    pages["attempt again"] = client.get(reverse("contests:attempt", args=[attempt.id]))
    pages["history"] = client.get(reverse("contests:my_attempts"))
    pages["home"] = client.get(reverse("home"))
    for name, response in pages.items():
        assert response.status_code in (200, 400), name
    return {name: normalise(r.content.decode()) for name, r in pages.items()}


def move_every_key(attempt):
    """Make a different choice correct for every drawn question."""
    for aq in attempt.questions.all():
        old = Choice.objects.get(question_id=aq.question_id, is_correct=True)
        Choice.objects.filter(question_id=aq.question_id).update(is_correct=False)
        Choice.objects.filter(
            question_id=aq.question_id, position=(old.position + 1) % 4
        ).update(is_correct=True)


def test_no_response_of_an_open_attempt_depends_on_the_key(
    client, open_round, contestant_a
):
    client.force_login(contestant_a)
    attempt = services.start_attempt(contestant_a, open_round)
    before = every_response(client, attempt)
    move_every_key(attempt)
    attempt.questions.update(answer=None, answered_at=None)
    after = every_response(client, attempt)
    for name in before:
        assert before[name] == after[name], f"{name} changed with the key"
    for name, html in before.items():
        assert "is_correct" not in html, name
        assert "đáp án đúng" not in html.lower(), name


def test_the_result_before_the_close_shows_the_score_but_no_key(
    client, open_round, contestant_a
):
    client.force_login(contestant_a)
    attempt = services.start_attempt(contestant_a, open_round)
    client.post(
        reverse("contests:answer", args=[attempt.id]),
        {"position": 0, "q0": 0},
        headers=HX,
    )
    response = client.post(
        reverse("contests:submit", args=[attempt.id]),
        {"prediction": "5", "confirm": "1"},
        follow=True,
    )
    html = response.content.decode()
    attempt.refresh_from_db()
    assert f"{attempt.score}/{attempt.question_count}" in html
    assert "đáp án đúng" not in html
    assert "Đáp án sẽ được công bố sau khi đợt thi kết thúc" in html


@pytest.mark.parametrize("review", [True, False])
def test_the_key_shows_after_the_close_only_when_the_contest_allows_review(
    client, open_round, contestant_a, review
):
    contest = open_round.contest
    contest.review_after_close = review
    contest.save()
    client.force_login(contestant_a)
    attempt = services.start_attempt(contestant_a, open_round)
    services.submit_attempt(contestant_a, attempt.id, prediction="1")
    with time_machine.travel(open_round.closes_at + dt.timedelta(minutes=1)):
        html = client.get(
            reverse("contests:result", args=[attempt.id])
        ).content.decode()
    assert ("(đáp án đúng)" in html) is review
    if review:
        assert html.count("(đáp án đúng)") == attempt.question_count


def test_another_contestant_sees_nothing_of_mine(
    client, open_round, contestant_a, contestant_b
):
    attempt = services.start_attempt(contestant_a, open_round)
    services.save_answer(contestant_a, attempt.id, position=0, shown_index=1)
    client.force_login(contestant_b)
    for url in (
        reverse("contests:attempt", args=[attempt.id]),
        reverse("contests:result", args=[attempt.id]),
    ):
        assert client.get(url).status_code == 404
    for url in (
        reverse("contests:my_attempts"),
        open_round.contest.get_absolute_url(),
        reverse("home"),
    ):
        html = client.get(url).content.decode()
        assert contestant_a.full_name not in html
        assert reverse("contests:attempt", args=[attempt.id]) not in html
    response = client.post(
        reverse("contests:answer", args=[attempt.id]),
        {"position": 0, "q0": 3},
        headers=HX,
    )
    assert response.status_code == 404
    assert attempt.questions.get(position=0).answer == int(
        attempt.questions.get(position=0).order[1]
    )
    assert Attempt.objects.get(pk=attempt.pk).status == Attempt.Status.IN_PROGRESS
