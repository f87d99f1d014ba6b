"""In Chromium: the admin's date picker and its "Hôm nay" shortcut write dd/mm/yyyy,
and the round saved from them has the dates that were picked (never month first)."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

from contests.models import Round
from tests.factories import ContestFactory, RoundFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def _login(context, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
    context.add_cookies(
        [
            {
                "name": django_settings.SESSION_COOKIE_NAME,
                "value": cookie.value,
                "url": live_server.url,
            }
        ]
    )


def test_the_calendar_and_today_write_day_first_and_the_round_keeps_them(
    live_server, browser, admin_user
):
    contest = ContestFactory()
    round_ = RoundFactory(contest=contest, number=1)
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    _login(context, live_server, admin_user)
    page = context.new_page()
    page.goto(
        live_server.url + reverse("admin:contests_contest_change", args=[contest.pk])
    )
    opens = page.locator("input[name$='-0-opens_at_0']")
    closes = page.locator("input[name$='-0-closes_at_0']")
    prefix = (opens.get_attribute("name") or "").removesuffix("-opens_at_0")

    # The picker: the first day of the month it shows.
    link = opens.locator("xpath=following-sibling::span[1]").locator(
        "a[id^='calendarlink']"
    )
    number = (link.get_attribute("id") or "").removeprefix("calendarlink")
    link.click()
    page.locator(f"#calendarbox{number} td a").get_by_text("1", exact=True).click()
    picked = opens.input_value()
    assert re.fullmatch(r"01/\d\d/\d{4}", picked), picked
    month, year = int(picked[3:5]), int(picked[6:])

    # "Hôm nay" on closes_at.
    closes.locator("xpath=following-sibling::span[1]").get_by_text("Hôm nay").click()
    today = dt.datetime.now(VN).date()
    assert closes.input_value() == today.strftime("%d/%m/%Y")

    page.fill(f"input[name='{prefix}-opens_at_1']", "00:00")
    page.fill(f"input[name='{prefix}-closes_at_1']", "23:59")
    page.locator("input[name='_save']").click()
    page.wait_for_url(
        live_server.url + reverse("admin:contests_contest_changelist") + "**"
    )
    round_ = Round.objects.get(pk=round_.pk)
    assert round_.opens_at == dt.datetime(year, month, 1, 0, 0, tzinfo=VN)
    assert round_.closes_at == dt.datetime.combine(today, dt.time(23, 59), tzinfo=VN)
    context.close()
