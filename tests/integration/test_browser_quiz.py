"""A contestant takes a quiz in Chromium: logs in, starts, answers, reloads and
finds the answers kept, submits with the prediction and sees the result."""

import re

import pytest
from allauth.account import app_settings as allauth_settings
from django.urls import reverse

from contests.models import Attempt
from tests.conftest import PASSWORD
from tests.factories import UserFactory
from tests.factories.contests import ContestFactory, RoundFactory, make_bank

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login_identifier(user) -> str:
    methods = set(allauth_settings.LOGIN_METHODS)
    if "email" in methods:
        return user.email
    if "username" in methods:
        return user.username
    return str(user.phone)


def test_a_contestant_takes_a_quiz_in_the_browser(live_server, page):
    contest = ContestFactory(
        title="Cuộc thi tìm hiểu về chuyển đổi số năm 2024",
        slug="thi-chuyen-doi-so",
        bank=make_bank(24),
        prediction_enabled=True,
    )
    RoundFactory(contest=contest, number=1, title="Tuần 1")
    user = UserFactory(full_name="Nguyễn Thị Lan")

    contest_url = live_server.url + contest.get_absolute_url()
    page.goto(
        f"{live_server.url}{reverse('account_login')}?next={contest.get_absolute_url()}"
    )
    page.fill('input[name="login"]', login_identifier(user))
    page.fill('input[name="password"]', PASSWORD)
    page.locator('input[name="password"]').press("Enter")
    page.wait_for_url(contest_url)
    assert page.locator("html").get_attribute("lang") == "vi"

    page.get_by_role("button", name="Vào thi").click()
    page.wait_for_url(re.compile(r"/cuoc-thi/bai-thi/\d+/$"))
    attempt = Attempt.objects.get(user=user)
    assert page.get_by_text("Câu 1.", exact=False).first.is_visible()
    assert re.fullmatch(r"\d\d:\d\d", page.locator("#countdown").inner_text())

    # Answer the first three questions; each shows "Đã lưu" once the server has it.
    for pos in range(3):
        page.locator(f"#q{pos} label").nth(pos % 2).click()
        page.locator(f"#s{pos}").get_by_text("Đã lưu").wait_for()
    assert attempt.questions.filter(answer__isnull=False).count() == 3

    page.reload()
    for pos in range(3):
        checked = page.locator(f'input[name="q{pos}"]:checked')
        assert checked.count() == 1
        assert checked.get_attribute("value") == str(pos % 2)
        assert page.locator(f"#s{pos}").inner_text() == "Đã lưu"
    assert page.locator("#answered-count").inner_text() == "3"

    for pos in range(3, attempt.question_count):
        page.locator(f"#q{pos} label").first.click()
        page.locator(f"#s{pos}").get_by_text("Đã lưu").wait_for()

    page.fill("#prediction", "123")
    page.check("#confirm")
    page.get_by_role("button", name="Nộp bài").click()
    page.wait_for_url(re.compile(r"/ket-qua/$"))
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.SUBMITTED
    assert attempt.prediction == 123
    assert page.get_by_role("heading", name="Kết quả bài thi").is_visible()
    assert page.locator("#score").inner_text() == f"{attempt.score}/20"
    assert page.locator("#prediction").inner_text() == "123"
    assert page.get_by_text("Thời gian làm bài").is_visible()

    page.get_by_role("link", name="Bài thi của tôi").last.click()
    assert page.get_by_text(contest.title).first.is_visible()


def test_a_failed_save_is_retried_and_a_refusal_is_shown(live_server, page):
    from contests import rules, services

    contest = ContestFactory(slug="thi-mat-mang", bank=make_bank(22))
    round_ = RoundFactory(contest=contest, number=1)
    user = UserFactory()
    attempt = services.start_attempt(user, round_)
    page.goto(f"{live_server.url}{reverse('account_login')}")
    page.fill('input[name="login"]', login_identifier(user))
    page.fill('input[name="password"]', PASSWORD)
    page.locator('input[name="password"]').press("Enter")
    page.wait_for_load_state()
    page.goto(live_server.url + reverse("contests:attempt", args=[attempt.id]))

    page.context.set_offline(True)
    page.locator("#q0 label").nth(2).click()
    page.locator("#s0").get_by_text("Chưa lưu được, đang thử lại…").wait_for()
    assert page.locator("#connection").is_visible()
    page.context.set_offline(False)
    page.locator("#s0").get_by_text("Đã lưu").wait_for(timeout=15000)
    aq = attempt.questions.get(position=0)
    assert aq.answer == int(aq.order[2])

    # Submitted elsewhere (another device): the next click shows the reason.
    services.submit_attempt(user, attempt.id, prediction="0")
    page.locator("#q1 label").first.click()
    page.locator("#s1").get_by_text(rules.MSG_ALREADY_SUBMITTED).wait_for()
    page.wait_for_url(re.compile(r"/ket-qua/$"), timeout=10000)
