"""The Sunday-night hot path and the page weight."""

import gzip
import re
from pathlib import Path

from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contests import rules, services
from contests.models import Attempt, AttemptQuestion
from quizzes.models import Choice, Question
from tests.factories.contests import ContestFactory, RoundFactory, make_bank

HX = {"HX-Request": "true"}
# The user (auth), the locked read of the question with its attempt, the UPDATE; in a
# test the service's transaction is a SAVEPOINT / RELEASE pair, counted too.
ANSWER_SAVE_BUDGET = 5
PAGE_BUDGET_BYTES = 150 * 1024


def test_saving_an_answer_is_one_locked_read_and_one_update(
    client, open_round, contestant_a, django_assert_max_num_queries
):
    client.force_login(contestant_a)
    attempt = services.start_attempt(contestant_a, open_round)
    url = reverse("contests:answer", args=[attempt.id])
    client.post(url, {"position": 0, "q0": 1}, headers=HX)  # warm the session
    with django_assert_max_num_queries(ANSWER_SAVE_BUDGET):
        response = client.post(url, {"position": 5, "q5": 2}, headers=HX)
    assert response.status_code == 200
    assert rules.MSG_SAVED in response.content.decode()
    aq = AttemptQuestion.objects.get(attempt=attempt, position=5)
    assert aq.answer == int(aq.order[2])


def test_the_answer_save_writes_exactly_one_row(client, open_round, contestant_a):
    client.force_login(contestant_a)
    attempt = services.start_attempt(contestant_a, open_round)
    url = reverse("contests:answer", args=[attempt.id])
    client.post(url, {"position": 0, "q0": 1}, headers=HX)
    with CaptureQueriesContext(connection) as ctx:
        client.post(url, {"position": 7, "q7": 3}, headers=HX)
    writes = [
        q["sql"] for q in ctx.captured_queries if q["sql"].lstrip().startswith("UPDATE")
    ]
    inserts = [
        q["sql"] for q in ctx.captured_queries if q["sql"].lstrip().startswith("INSERT")
    ]
    assert len(writes) == 1
    assert "contests_attemptquestion" in writes[0]
    assert inserts == []


def _static_paths(html: str) -> list[str]:
    return re.findall(r'(?:src|href)="/static/([^"]+)"', html)


def attempt_page_weight(client, attempt) -> tuple[int, int]:
    """(gzip bytes of the HTML, gzip bytes of every static file it references)."""
    html = client.get(reverse("contests:attempt", args=[attempt.id])).content
    page = len(gzip.compress(html, 6))
    assets = 0
    for path in _static_paths(html.decode()):
        found = finders.find(path)
        assert found, path
        assets += len(gzip.compress(Path(found).read_bytes(), 6))
    return page, assets


def test_a_20_question_attempt_page_weighs_under_150_kb_compressed(
    client, contestant_a
):
    bank = make_bank(20)
    # Realistic lengths: a long question and four long choices each.
    for question in Question.objects.filter(bank=bank):
        question.text = (
            question.text
            + " Theo Quyết định số 749/QĐ-TTg ngày 03/6/2020 của Thủ tướng Chính phủ "
            "phê duyệt Chương trình Chuyển đổi số quốc gia, nội dung nào sau đây đúng?"
        )
        question.save()
    for choice in Choice.objects.filter(question__bank=bank):
        choice.text += " — phát triển chính phủ số, kinh tế số và xã hội số đến 2030"
        choice.save()
    round_ = RoundFactory(contest=ContestFactory(bank=bank, prediction_enabled=True))
    client.force_login(contestant_a)
    attempt = services.start_attempt(contestant_a, round_)
    page, assets = attempt_page_weight(client, attempt)
    print(f"attempt page: html {page} B gz + assets {assets} B gz = {page + assets} B")
    assert attempt.question_count == 20
    assert page + assets < PAGE_BUDGET_BYTES
    html = client.get(reverse("contests:attempt", args=[attempt.id])).content.decode()
    assert "js/attempt.js" in html
    assert "htmx" in html


# Session user, the person's attempts, who they are to the contest (one query),
# the attempt and its questions; SAVEPOINT/RELEASE in a test. The round with its
# contest, the draw (pool, quotas, snapshots) and the ranking groups are prepared
# in the process (contests/services/prepared.py). Was 20 before the eligibility
# reads were merged into one query, 16 before the prepared draw, 8 before the
# prepared round.
START_BUDGET = 7
# Session user, the attempt (its round and contest prepared), the locked
# attempts, the score, the UPDATE, the counted flag; SAVEPOINT/RELEASE in a test.
# Was 12.
SUBMIT_BUDGET = 8


def test_starting_and_submitting_stay_within_their_query_budgets(
    client, open_round, contestant_a, django_assert_max_num_queries
):
    client.force_login(contestant_a)
    client.get("/")  # warm the session
    # The snapshots of the bank's questions exist once anyone has drawn them; the
    # round is prepared once anyone has started and submitted.
    services.start_attempt(contestant_a, open_round)
    Attempt.objects.filter(user=contestant_a).delete()
    services.published_round(open_round.contest.slug, open_round.number)
    services.round_with_contest(open_round.id)
    start = reverse("contests:start", args=[open_round.contest.slug, open_round.number])
    with django_assert_max_num_queries(START_BUDGET):
        response = client.post(start)
    assert response.status_code == 302
    attempt = Attempt.objects.get(user=contestant_a, round=open_round)
    submit = reverse("contests:submit", args=[attempt.id])
    with django_assert_max_num_queries(SUBMIT_BUDGET):
        response = client.post(submit, {"prediction": "5", "confirm": "1"})
    assert response.status_code == 302
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.SUBMITTED
    assert attempt.is_counted
