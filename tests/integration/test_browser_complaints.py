"""Complaints in Chromium at a phone's width: a contestant files one on a question
of their closed round from the result page and sees it listed; the organizer
answers it on the complaints page and the contestant reads the decision. Every
page runs under the Content-Security-Policy (watch_csp, via new_context)."""

import pytest
from django.urls import reverse

from contests.models import ContestStaff
from tests.complaints.conftest import closed_round_of, take
from tests.factories import UserFactory
from tests.factories.contests import ContestFactory, make_bank
from tests.integration.browsing import log_in
from tests.integration.test_browser_contestant_pages import PHONE, sideways_overflow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = "Câu này có hai phương án đúng theo Điều 35 Bộ luật Lao động năm 2019."
REPLY = "Ban Tổ chức giữ nguyên đáp án: chỉ phương án đã công bố là đúng."


@pytest.fixture
def finished(db):
    contest = ContestFactory(
        title="Cuộc thi tìm hiểu pháp luật lao động năm 2026",
        slug="phap-luat-lao-dong-dien-thoai",
        bank=make_bank(5),
        questions_per_attempt=5,
    )
    me = UserFactory(full_name="Nguyễn Thị Thu Hương")
    attempt = take(closed_round_of(contest), me, wrong=(1,))
    organizer = UserFactory(is_superuser=True, is_staff=True)
    ContestStaff.objects.create(
        contest=contest, user=organizer, role=ContestStaff.Role.ORGANIZER
    )
    return {"me": me, "attempt": attempt, "contest": contest, "organizer": organizer}


def test_a_contestant_files_a_complaint_on_a_phone_and_reads_the_answer(
    live_server, new_context, finished
):
    result = live_server.url + reverse("contests:result", args=[finished["attempt"].id])
    page = new_context(viewport=PHONE, is_mobile=True).new_page()
    log_in(page, live_server, finished["me"])
    page.goto(result)
    page.click("#file-complaint")
    assert sideways_overflow(page) == []
    page.select_option("select[name=about]", "1")
    page.fill("textarea[name=text]", TEXT)
    page.click("#complaint-form button[type=submit]")
    page.wait_for_url(result + "#khieu-nai")
    item = page.locator("#my-complaints .complaint")
    assert item.count() == 1
    assert "Câu 2" in item.inner_text()
    assert TEXT in item.inner_text()
    assert "Đang chờ trả lời" in item.inner_text()
    assert sideways_overflow(page) == []

    staff = new_context(viewport=PHONE, is_mobile=True).new_page()
    log_in(staff, live_server, finished["organizer"])
    staff.goto(
        live_server.url + reverse("complaints:manage", args=[finished["contest"].slug])
    )
    assert sideways_overflow(staff) == []
    group = staff.locator(".question-group")
    assert TEXT in group.inner_text()
    group.locator(".bulk-answer summary").click()
    group.locator(".bulk-answer input[value=rejected]").check()
    group.locator(".bulk-answer textarea[name=reply]").fill(REPLY)
    group.locator(".bulk-answer button[type=submit]").click()
    staff.wait_for_load_state()
    assert "Đã trả lời 1 khiếu nại." in staff.content()

    page.goto(live_server.url + reverse("contests:my_attempts"))
    item = page.locator("#my-complaints .complaint")
    assert "Không chấp nhận" in item.inner_text()
    assert REPLY in item.inner_text()
    assert sideways_overflow(page) == []
