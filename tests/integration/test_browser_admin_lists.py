"""In Chromium at 1366 x 768 (the secretariat's laptop): the admin lists' key
columns are readable without scrolling sideways, however long the contest names."""

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

from tests.factories import ContestFactory, RoundFactory
from tests.factories.contests import make_bank

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
LONG = (
    "Cuộc thi tìm hiểu “Đề án 06 - Chuyển đổi số, vì lợi ích cộng đồng” trên địa "
    "bàn tỉnh Đắk Lắk năm 2023"
)


def _page(browser, live_server, user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    context.add_cookies(
        [
            {
                "name": django_settings.SESSION_COOKIE_NAME,
                "value": cookie.value,
                "url": live_server.url,
            }
        ]
    )
    return context, context.new_page()


def test_status_and_question_text_are_readable_at_1366(
    live_server, browser, admin_user
):
    for n in range(3):
        RoundFactory(contest=ContestFactory(title=f"{LONG} ({n})"), number=1)
    make_bank(3, name="Ngân hàng câu hỏi mẫu — Chuyển đổi số, giai đoạn 2022-2025")
    context, page = _page(browser, live_server, admin_user)

    page.goto(live_server.url + reverse("admin:awards_closableround_changelist"))
    results = page.locator(".results").bounding_box()
    state = page.locator("#result_list td.field-state").first.bounding_box()
    assert state["x"] + state["width"] <= results["x"] + results["width"]
    assert state["width"] >= 140

    page.goto(live_server.url + reverse("admin:quizzes_question_changelist"))
    text = page.locator("#result_list .field-short_text").first.bounding_box()
    assert text["width"] >= 300
    context.close()
