"""Issue 4's whole journey in Chromium, in Vietnamese: a newcomer registers with the
profile, opens the contest from the home page, starts, answers, reloads and resumes,
submits with the prediction and sees the result and the history."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from accounts.models import Unit, User
from contests.models import Attempt
from tests.factories.contests import ContestFactory, RoundFactory, make_bank

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_newcomer_registers_and_takes_the_quiz(live_server, page):
    province = Unit.objects.create(
        code="BT", name="Liên đoàn Lao động tỉnh Bến Tre", kind="province"
    )
    Unit.objects.create(
        code="GD",
        name="Công đoàn ngành Giáo dục",
        kind="upper",
        parent=province,
        staff_count=120,
    )
    contest = ContestFactory(
        title="Cuộc thi tìm hiểu về Chuyển đổi số năm 2024",
        slug="chuyen-doi-so-2024",
        bank=make_bank(24),
        prediction_enabled=True,
        is_published=True,
    )
    RoundFactory(contest=contest, number=1, title="Tuần 1")

    page.goto(live_server.url + reverse("account_signup"))
    page.fill("#id_phone", "0987 111 222")
    page.fill("#id_full_name", "Trần Thị Mai")
    page.fill("#id_birth_date", "1990-09-02")
    page.get_by_label("Nữ", exact=True).check()
    page.fill("#id_cccd", "083190001234")
    page.select_option("#id_group", "worker")
    page.fill("#id_unit_q", "giao duc")
    page.locator("#unit-results").get_by_role(
        "button", name=re.compile("Công đoàn ngành Giáo dục")
    ).click()
    page.fill("#id_password1", "Chuyen-doi-so-2024!")
    page.fill("#id_password2", "Chuyen-doi-so-2024!")
    page.get_by_role("button", name="Đăng ký", exact=True).click()
    page.wait_for_url(live_server.url + "/")
    user = User.objects.get(cccd="083190001234")
    assert user.is_profile_complete

    page.get_by_role("link", name=re.compile("Chuyển đổi số năm 2024")).first.click()
    page.wait_for_url(re.compile(re.escape(contest.get_absolute_url()) + r"(#.*)?$"))
    page.get_by_role("button", name="Vào thi").click()
    page.wait_for_url(re.compile(r"/cuoc-thi/bai-thi/\d+/$"))
    attempt = Attempt.objects.get(user=user)

    page.locator("#q0 label").nth(1).click()
    page.locator("#s0").get_by_text("Đã lưu").wait_for()
    page.reload()  # resume: the saved answer is still chosen
    assert page.locator('input[name="q0"]:checked').get_attribute("value") == "1"
    for pos in range(1, attempt.question_count):
        page.locator(f"#q{pos} label").first.click()
        page.locator(f"#s{pos}").get_by_text("Đã lưu").wait_for()
    assert attempt.questions.filter(answer__isnull=True).count() == 0

    page.fill("#prediction", "42")
    page.check("#confirm")
    page.get_by_role("button", name="Nộp bài").click()
    page.wait_for_url(re.compile(r"/ket-qua/$"))
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.SUBMITTED
    expect(page.get_by_role("heading", name="Kết quả bài thi")).to_be_visible()
    assert (
        page.locator("#score").inner_text()
        == f"{attempt.score}/{attempt.question_count}"
    )

    page.get_by_role("link", name="Bài thi của tôi").first.click()
    expect(
        page.get_by_text("Cuộc thi tìm hiểu về Chuyển đổi số năm 2024").first
    ).to_be_visible()
