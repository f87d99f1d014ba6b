"""A contestant loses the connection mid-attempt (issue 17): the sticky timer bar
says so, answers given offline wait in the browser and reach the server when the
connection comes back, even across a reload, the counter counts only what the
server has, and "Nộp bài" offline says so on the page."""

import re

import pytest
from django.urls import reverse

from contests import services
from contests.models import Attempt
from tests.factories import UserFactory
from tests.factories.contests import ContestFactory, RoundFactory, make_bank
from tests.integration.browsing import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def attempt(db):
    contest = ContestFactory(slug="thi-ngoai-tuyen", bank=make_bank(22))
    round_ = RoundFactory(contest=contest, number=1)
    return services.start_attempt(UserFactory(), round_)


def saved_answers(attempt) -> dict[int, int]:
    return dict(
        attempt.questions.filter(answer__isnull=False).values_list("position", "answer")
    )


def expected(attempt, shown: dict[int, int]) -> dict[int, int]:
    orders = dict(attempt.questions.values_list("position", "order"))
    return {pos: int(orders[pos][index]) for pos, index in shown.items()}


def test_answers_given_offline_reach_the_server_when_the_connection_returns(
    live_server, page, attempt
):
    log_in(page, live_server, attempt.user)
    page.goto(live_server.url + reverse("contests:attempt", args=[attempt.id]))
    page.locator("#q0 label").nth(1).click()
    page.locator("#s0").get_by_text("Đã lưu").wait_for()

    page.context.set_offline(True)
    page.locator("#q1 label").nth(2).click()
    page.locator("#q2 label").nth(3).click()
    page.locator("#q1 label").nth(0).click()  # changed its mind: the last one counts
    bar = page.locator("#attempt-bar")
    bar.locator("#connection").wait_for()
    assert "Mất kết nối" in bar.inner_text()
    assert "Chưa gửi: 2 câu" in bar.inner_text()
    assert page.locator("#answered-count").inner_text() == "1"
    assert saved_answers(attempt) == expected(attempt, {0: 1})

    page.context.set_offline(False)
    page.locator("#s2").get_by_text("Đã lưu").wait_for()
    page.locator("#s1").get_by_text("Đã lưu").wait_for()
    assert page.locator("#answered-count").inner_text() == "3"
    assert page.locator("#connection").is_hidden()
    assert saved_answers(attempt) == expected(attempt, {0: 1, 1: 0, 2: 3})
    assert page.evaluate("Object.keys(localStorage).length") == 0


def test_offline_answers_survive_a_closed_tab_and_are_sent_on_the_next_visit(
    live_server, context, attempt
):
    page = context.new_page()
    log_in(page, live_server, attempt.user)
    url = live_server.url + reverse("contests:attempt", args=[attempt.id])
    page.goto(url)
    context.set_offline(True)
    page.locator("#q3 label").nth(2).click()
    page.locator("#q5 label").nth(1).click()
    page.locator("#s5").get_by_text("Chưa lưu được").wait_for()
    assert page.locator("#answered-count").inner_text() == "0"
    page.close()
    assert saved_answers(attempt) == {}

    context.set_offline(False)
    page = context.new_page()
    page.goto(url)
    page.locator("#s3").get_by_text("Đã lưu").wait_for()
    page.locator("#s5").get_by_text("Đã lưu").wait_for()
    assert page.locator('input[name="q3"]:checked').get_attribute("value") == "2"
    assert page.locator("#answered-count").inner_text() == "2"
    assert saved_answers(attempt) == expected(attempt, {3: 2, 5: 1})


def test_submitting_offline_says_so_on_the_page_and_keeps_the_answers(
    live_server, page, attempt
):
    log_in(page, live_server, attempt.user)
    page.goto(live_server.url + reverse("contests:attempt", args=[attempt.id]))
    page.on("dialog", lambda dialog: dialog.accept())
    page.context.set_offline(True)
    page.locator("#q0 label").nth(1).click()
    page.check("#confirm")
    page.get_by_role("button", name="Nộp bài").click()
    notice = page.locator("#submit-notice")
    notice.get_by_text("Không có kết nối mạng nên chưa nộp được bài").wait_for()
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.IN_PROGRESS

    page.context.set_offline(False)
    page.locator("#s0").get_by_text("Đã lưu").wait_for()
    page.get_by_role("button", name="Nộp bài").click()
    page.wait_for_url(re.compile(r"/ket-qua/$"))
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.SUBMITTED
    assert saved_answers(attempt) == expected(attempt, {0: 1})
