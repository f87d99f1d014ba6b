"""The staff's review page of a round: question statistics and the fair play
list, before results are published. Results staff of the contest read it
(organizers and the secretariat, contests.permissions); organizers recompute it
and decide cases."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from contests.models import Contest, Round
from contests.permissions import Action, may
from core.errors import NotFound

from . import presenting, selectors, services
from .models import ReviewCase, RoundReview

MSG_QUEUED = "Đã yêu cầu tính lại thống kê và rà soát; tải lại trang sau ít phút."
MSG_DECIDED = "Đã ghi quyết định cho {person}."

# Deciding changes who is awarded: the organizers' power (like a regrade).
DECIDE = Action.REGRADE


def _get_round_for_staff(request: HttpRequest, slug: str, number: int) -> Round:
    """The round, if this person is results staff of its contest; 403 otherwise
    (another contest's organizer included)."""
    contest = get_object_or_404(Contest, slug=slug)
    if not may(request.user, Action.VIEW_RESULTS_STAFF, contest):
        raise PermissionDenied
    return get_object_or_404(
        Round.objects.select_related("contest"),
        contest=contest,
        number=number,
        is_practice=False,
    )


@login_required
def round_review(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    round_ = _get_round_for_staff(request, slug, number)
    review = RoundReview.objects.filter(pk=round_.pk).first()
    questions = review.questions if review else []
    texts = selectors.question_texts([q["question_id"] for q in questions])
    cases = list(selectors.cases(round_.id))
    names = selectors.user_names(presenting.people_in_evidence(cases))
    return render(
        request,
        "review/round.html",
        {
            "contest": round_.contest,
            "round": round_,
            "review": review,
            "questions": presenting.question_rows(questions, texts),
            "cases": [(c, presenting.evidence(c, names)) for c in cases],
            "open_cases": sum(c.status == ReviewCase.Status.OPEN for c in cases),
            "can_decide": may(request.user, DECIDE, round_.contest),
            "can_regrade": may(request.user, Action.REGRADE, round_.contest),
            "thresholds": _thresholds(),
        },
    )


def _thresholds() -> dict:
    from . import fairplay, stats

    return {
        "too_easy": stats.TOO_EASY,
        "too_hard": stats.TOO_HARD,
        "min_responses": stats.MIN_RESPONSES,
        "fast_ratio": fairplay.FAST_RATIO,
        "fast_share": fairplay.FAST_SHARE,
        "ring_min_wrong": fairplay.RING_MIN_WRONG,
        "prediction_min": fairplay.PREDICTION_MIN_PEOPLE,
        "address_min": fairplay.ADDRESS_MIN_ACCOUNTS,
        "address_minutes": fairplay.ADDRESS_WINDOW_S // 60,
        "new_minutes": fairplay.NEW_ACCOUNT_S // 60,
    }


@login_required
@require_POST
def recompute(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    round_ = _get_round_for_staff(request, slug, number)
    if not may(request.user, DECIDE, round_.contest):
        raise PermissionDenied
    services.request_review(round_.id)
    messages.success(request, MSG_QUEUED)
    return redirect("review:round", slug=slug, number=number)


@login_required
@require_POST
def decide(request: HttpRequest, slug: str, number: int, case_id: int) -> HttpResponse:
    round_ = _get_round_for_staff(request, slug, number)
    if not may(request.user, DECIDE, round_.contest):
        raise PermissionDenied
    try:
        case = services.decide_case(
            round_id=round_.id,
            case_id=case_id,
            status=request.POST.get("status", ""),
            reason=request.POST.get("reason", ""),
            user=request.user,
        )
    except services.ReviewInvalid as refused:
        messages.error(request, refused.message)
    except NotFound:
        raise Http404 from None
    else:
        messages.success(request, MSG_DECIDED.format(person=case.user))
    return redirect("review:round", slug=slug, number=number)
