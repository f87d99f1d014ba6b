"""The organizer dashboard (insights) in Chromium at a phone's width: the charts
drawn by the vendored Chart.js from the page's json_script numbers, under the
Content-Security-Policy (the `new_context` watch), without console errors and
without sideways scrolling; the Monday report's page fits the phone too."""

import os

import pytest
from django.urls import reverse

from insights import services
from tests.factories.contests import staff_on
from tests.insights.conftest import (  # noqa: F401 - fixtures
    _fast_passwords,
    tree,
    weeks,
)
from tests.integration.browsing import log_in
from tests.integration.test_browser_contestant_pages import PHONE, sideways_overflow

SCREENSHOT = os.environ.get("INSIGHTS_SCREENSHOT")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_dashboard_draws_its_charts_on_a_phone(
    live_server,
    new_context,
    weeks,  # noqa: F811 - the fixture imported above
    organizer,
):
    contest = weeks["contest"]
    staff_on(contest, organizer=organizer)
    services.refresh_dashboard(contest_id=contest.id)
    page = new_context(viewport=PHONE, is_mobile=True).new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    log_in(page, live_server, organizer)
    page.goto(live_server.url + reverse("insights:dashboard", args=[contest.slug]))
    page.wait_for_selector("canvas[data-drawn]")
    drawn = page.eval_on_selector_all(
        "canvas[data-chart]",
        "cs => cs.map(c => [c.dataset.chart, c.dataset.drawn === '1', c.width > 0])",
    )
    assert {name for name, ok, wide in drawn if ok and wide} == {
        "days",
        "rounds",
        "rates",
        "predictions",
        "scores",
    }
    assert sideways_overflow(page) == []
    assert page.locator("#by-unit").get_by_text("Huyện Bắc Sơn").is_visible()
    page.goto(
        live_server.url
        + reverse("insights:weekly", args=[contest.slug])
        + "?tuan=2026-11-30&don_vi=D"
    )
    assert page.locator("#report-title").is_visible()
    assert sideways_overflow(page) == []
    if SCREENSHOT:
        page.screenshot(path=SCREENSHOT.replace(".png", "-weekly.png"), full_page=True)
    assert errors == []
    if SCREENSHOT:
        page.goto(live_server.url + reverse("insights:dashboard", args=[contest.slug]))
        page.wait_for_selector("canvas[data-drawn]")
        page.screenshot(path=SCREENSHOT, full_page=True)
