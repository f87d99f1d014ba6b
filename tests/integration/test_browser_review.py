"""The review page in Chromium at a phone's width: nothing scrolls sideways, the
planted wrong key is flagged, and an exclusion is taken from the page."""

import pytest
from django.urls import reverse

from awards.models import Award
from awards.services import close_round
from quizzes.models import Question
from review import services
from review.models import ReviewCase
from tests.factories.awards import closed_round, contest_with_round_tiers
from tests.factories.contests import make_bank, staff_on
from tests.integration.browsing import log_in
from tests.review import planted as plant

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def test_review_page_on_a_phone(live_server, new_context, unit_a, organizer):
    bank = make_bank(8, choices=4)
    contest = contest_with_round_tiers(bank=bank, questions_per_attempt=8)
    staff_on(contest, organizer=organizer)
    round_ = closed_round(contest, number=1)
    questions = list(Question.objects.filter(bank=bank).order_by("id"))
    planted = plant.build(round_, questions, unit_a)
    close_round(round_.id)
    services.compute_round_review(round_.id)

    page = new_context(viewport=PHONE, is_mobile=True).new_page()
    log_in(page, live_server, organizer)
    url = reverse("review:round", kwargs={"slug": contest.slug, "number": 1})
    page.goto(live_server.url + url)
    wide = page.evaluate(
        "() => document.documentElement.scrollWidth - window.innerWidth"
    )
    assert wide <= 0
    flagged = page.locator(f"#question-{planted.wrong_key_question.pk}")
    assert flagged.locator(".flag-wrong_key").is_visible()

    case = ReviewCase.objects.get(kind=ReviewCase.Kind.FAST)
    row = page.locator(f"#case-{case.pk}")
    row.locator('input[name="reason"]').fill("Công cụ tự động, 2,5 giây mỗi câu")
    row.locator('button[value="excluded"]').click()
    page.wait_for_load_state()
    assert (
        "Loại khỏi xét giải"
        in page.locator(f"#case-{case.pk} .case-status").inner_text()
    )
    assert not Award.objects.filter(winner_user=planted.fast).exists()
