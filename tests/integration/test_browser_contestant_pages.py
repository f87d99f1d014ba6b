"""The pages contestants and visitors meet (issue 17), in Chromium: readable at a
phone's width without sideways scrolling, and without serious accessibility
violations by axe-core (tests/integration/vendor/axe.min.js)."""

from pathlib import Path

import pytest
from django.urls import reverse

from awards import services as awards_services
from contests import services
from contests.models import ReferenceDocument
from tests.factories import UnitFactory, UserFactory
from tests.factories.awards import (
    closed_round,
    contest_with_round_tiers,
    finished_attempt,
)
from tests.factories.contests import RoundFactory, make_bank
from tests.integration.browsing import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text()
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def published(db):
    """A contest with round 1 closed and published (the contestant ranked, long
    Vietnamese names and units), its contest-wide results published, an open
    practice round where the contestant has one attempt submitted and one open."""
    province = UnitFactory(
        code="BT", name="Liên đoàn Lao động tỉnh Bến Tre", kind="province"
    )
    unit = UnitFactory(
        code="GDDT",
        name="Công đoàn ngành Giáo dục và Đào tạo tỉnh Bến Tre",
        kind="upper",
        parent=province,
        staff_count=1200,
    )
    contest = contest_with_round_tiers(
        title="Cuộc thi trực tuyến tìm hiểu về chuyển đổi số năm 2024",
        slug="chuyen-doi-so-dien-thoai",
        prediction_enabled=True,
        collective_unit_kind="upper",
        bank=make_bank(24),
        practice_bank=make_bank(24, name="Ngân hàng thi thử"),
    )
    ReferenceDocument.objects.create(
        contest=contest,
        title="Quyết định số 749/QĐ-TTg phê duyệt Chương trình Chuyển đổi số quốc gia",
        url="https://example.vn/749.pdf",
    )
    first = closed_round(contest, number=1, title="Tuần 1")
    practice = RoundFactory(
        contest=contest, number=2, title="Thi thử", is_practice=True
    )
    me = UserFactory(full_name="Nguyễn Thị Thu Hương", unit=unit)
    for i in range(4):
        winner = UserFactory(full_name=f"Trần Nguyễn Hoàng Phương Anh {i}", unit=unit)
        finished_attempt(first, winner, score=20 - i, prediction=5)
    mine = finished_attempt(first, me, score=14, prediction=9, duration_ms=412_345)
    staff = UserFactory(is_staff=True)
    awards_services.close_round(first.id)
    awards_services.publish_round(first.id, user=staff)
    awards_services.close_contest(contest.id, force=True)
    awards_services.publish_contest(contest.id, user=staff)
    done = services.start_attempt(me, practice)
    services.submit_attempt(me, done.id, prediction="3", confirmed=True)
    open_attempt = services.start_attempt(me, practice)
    return {
        "me": me,
        "contest": reverse("contests:detail", args=[contest.slug]),
        "results": reverse("awards:contest", args=[contest.slug]),
        "round": reverse("awards:round", args=[contest.slug, 1]),
        "overall": reverse("awards:contest_overall", args=[contest.slug]),
        "my_result": reverse("contests:result", args=[mine.id]),
        "practice_review": reverse("contests:result", args=[done.id]),
        "attempt": reverse("contests:attempt", args=[open_attempt.id]),
        "history": reverse("contests:my_attempts"),
    }


PUBLIC = ["/", "contest", "results", "round", "overall", "login", "signup"]
CONTESTANT = ["contest", "round", "my_result", "practice_review", "attempt", "history"]


def url_of(live_server, published, name: str) -> str:
    special = {
        "/": "/",
        "login": reverse("account_login"),
        "signup": reverse("account_signup"),
    }
    return live_server.url + special.get(name, published.get(name, ""))


def sideways_overflow(page) -> list[str]:
    """What is wider than the phone: the page itself, or a scrolling table box."""
    return page.evaluate(
        """() => {
          const out = [];
          const doc = document.documentElement;
          if (doc.scrollWidth > window.innerWidth) {
            out.push(`page ${doc.scrollWidth} > ${window.innerWidth}`);
          }
          document.querySelectorAll(".table-responsive").forEach((box) => {
            if (box.scrollWidth > box.clientWidth + 1) {
              out.push(`${box.firstElementChild.id || "table"} ${box.scrollWidth}`);
            }
          });
          return out;
        }"""
    )


def test_results_pages_fit_a_phone_without_sideways_scrolling(
    live_server, new_context, published
):
    page = new_context(viewport=PHONE, is_mobile=True).new_page()
    log_in(page, live_server, published["me"])
    for name in ["results", "round", "overall", "my_result", "practice_review"]:
        page.goto(url_of(live_server, published, name))
        assert sideways_overflow(page) == [], name
    page.goto(url_of(live_server, published, "round"))
    # Each winner is a card whose cells carry their column's name.
    labels = page.evaluate(
        """() => [...document.querySelectorAll("#winners tbody tr:first-child td")]
          .map((td) => getComputedStyle(td, "::before").content)"""
    )
    assert labels[:3] == ['"Giải"', '"Hạng"', '"Họ và tên"']
    assert page.locator("#my-result").is_visible()


def serious_violations(page) -> list[str]:
    page.evaluate(AXE)
    found = page.evaluate(
        """async () => {
          const result = await axe.run(document, {resultTypes: ["violations"]});
          return result.violations
            .filter((v) => v.impact === "serious" || v.impact === "critical")
            .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" "))}`);
        }"""
    )
    return [f"{page.url} {line}" for line in found]


def test_public_pages_have_no_serious_accessibility_violations(
    live_server, page, published
):
    problems = []
    for name in PUBLIC:
        page.goto(url_of(live_server, published, name))
        problems += serious_violations(page)
    assert problems == [], "\n".join(problems)


def test_contestant_pages_have_no_serious_accessibility_violations(
    live_server, page, published
):
    log_in(page, live_server, published["me"])
    problems = []
    for name in CONTESTANT:
        page.goto(url_of(live_server, published, name))
        problems += serious_violations(page)
    page.set_viewport_size(PHONE)
    for name in ["round", "attempt"]:
        page.goto(url_of(live_server, published, name))
        problems += serious_violations(page)
    assert problems == [], "\n".join(problems)
