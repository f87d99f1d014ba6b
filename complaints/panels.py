"""What complaints adds to the contestant's pages (contests.panels): the
complaints of an attempt on its result page, all of one's complaints on "Bài
thi của tôi"."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from core.formatting import local_datetime

from . import rules, selectors


def result_panel(request, attempt) -> str:
    round_ = attempt.round
    if round_.is_practice:
        return ""
    now = timezone.now()
    refusal = rules.window_refusal(
        selectors.window_of(round_, now), now, local_datetime
    )
    return render_to_string(
        "complaints/_result_panel.html",
        {
            "attempt": attempt,
            "complaints": selectors.complaints_of_attempt(attempt.pk),
            "refusal": refusal,
        },
        request=request,
    )


def my_attempts_panel(request) -> str:
    complaints = selectors.complaints_of_user(request.user.pk)
    if not complaints:
        return ""
    return render_to_string(
        "complaints/_my_complaints.html", {"complaints": complaints}, request=request
    )
