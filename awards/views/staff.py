"""The results desk of a contest's staff: rounds and their closing, the full
ranking, close now, publish, regrade, the contest-wide results."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from contests import services as contest_services
from contests.permissions import Action, may
from core.cache import computed_at_most_every
from core.errors import DomainError

from .. import selectors, services, tasks
from ..forms import ExportForm, RegradeForm
from ..models import ContestClosing, ExportJob, Trigger
from .common import (
    PUBLIC_CACHE_SECONDS,
    back_to_desk,
    get_contest_for_staff,
    get_round,
    require,
)

PAGE_SIZE = 50

MSG_CLOSE_QUEUED = "Đã yêu cầu đóng {round}; kết quả sẽ có sau ít phút."
MSG_REGRADE_QUEUED = "Đã yêu cầu chấm lại {round}; xem nhật ký chấm lại sau ít phút."
MSG_CONTEST_QUEUED = "Đã yêu cầu tính kết quả toàn cuộc thi; xem lại sau ít phút."
MSG_KEY_CORRECTED = "Đã sửa đáp án đúng của câu hỏi #{question} từ {old} thành {new}."
MSG_KEY_NOTE = "Sửa đáp án câu hỏi #{question} thành {letter} sau rà soát chất lượng"
MSG_NO_QUESTION = "Chưa chọn câu hỏi cần sửa đáp án."


@login_required
def manage(request: HttpRequest, slug: str) -> HttpResponse:
    contest = get_contest_for_staff(request, slug)
    user = request.user
    exports = ExportJob.objects.filter(contest=contest, requested_by=user)[:10]
    return render(
        request,
        "awards/manage.html",
        {
            "contest": contest,
            "rounds": selectors.rounds_with_closing(contest.id),
            "now": timezone.now(),
            "contest_closing": ContestClosing.objects.filter(pk=contest.pk).first(),
            "needs_regrade": selectors.rounds_needing_regrade(contest.id),
            "regrades": [
                (run, services.regrade_summary(run))
                for run in selectors.regrades(contest.id)
            ],
            "exports": exports,
            "export_form": ExportForm(contest=contest),
            "regrade_form": RegradeForm(),
            "can_close": may(user, Action.CLOSE, contest),
            "can_publish": may(user, Action.PUBLISH, contest),
            "can_regrade": may(user, Action.REGRADE, contest),
            "can_export": may(user, Action.EXPORT, contest),
        },
    )


@login_required
def ranking(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    contest = get_contest_for_staff(request, slug)
    round_ = get_round(contest, number)
    closing = selectors.round_closing(round_.id)
    groups = selectors.ranking_groups(contest.id)
    group_id = request.GET.get("nhom")
    group_id = int(group_id) if group_id and group_id.isdigit() else None
    if group_id not in groups:
        group_id = None
    page = None
    provisional = None
    if closing is not None and closing.is_closed:
        page = Paginator(
            selectors.ranking_page(round_.id, group_id), PAGE_SIZE
        ).get_page(request.GET.get("trang"))
    elif timezone.now() < round_.closes_at:
        provisional = computed_at_most_every(
            services.cache_key("provisional", round_.id),
            lambda: selectors.provisional_standing(round_.id),
            PUBLIC_CACHE_SECONDS,
        )
    return render(
        request,
        "awards/ranking.html",
        {
            "contest": contest,
            "round": round_,
            "closing": closing,
            "page": page,
            "provisional": provisional,
            "groups": groups,
            "group_id": group_id,
            "excluded": selectors.excluded_user_ids(contest.id) if page else set(),
            "with_prediction": bool(closing and closing.true_answer is not None),
        },
    )


@login_required
@require_POST
def close_now(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """Close a round whose time is up, or, after a confirmation page that says how
    many attempts are in progress, end a running round now and close it."""
    contest = get_contest_for_staff(request, slug)
    require(request, Action.CLOSE, contest)
    round_ = get_round(contest, number)
    label = f"«{contest.title}» — {round_}"
    now = timezone.now()
    if round_.is_practice:
        messages.error(request, services.MSG_PRACTICE.format(round=label))
    elif now < round_.closes_at:
        if request.POST.get("confirm") != "1":
            return render(
                request,
                "awards/close_confirm.html",
                {
                    "contest": contest,
                    "round": round_,
                    "message": services.confirm_end_message(
                        round_, label=label, now=now
                    ),
                },
            )
        try:
            messages.success(
                request,
                services.end_and_close(
                    round_, label=label, trigger=Trigger.STAFF, user_id=request.user.id
                ),
            )
        except contest_services.RoundRefused as refused:
            messages.error(request, refused.message)
    else:
        tasks.close_round.delay_on_commit(round_.id, Trigger.STAFF, request.user.id)
        messages.success(request, MSG_CLOSE_QUEUED.format(round=label))
    return back_to_desk(contest)


@login_required
@require_POST
def publish(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    contest = get_contest_for_staff(request, slug)
    require(request, Action.PUBLISH, contest)
    round_ = get_round(contest, number)
    try:
        messages.success(request, services.publish_round(round_.id, user=request.user))
    except services.ResultsRefused as refused:
        messages.error(request, refused.message)
    return back_to_desk(contest)


@login_required
@require_POST
def regrade(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    contest = get_contest_for_staff(request, slug)
    require(request, Action.REGRADE, contest)
    round_ = get_round(contest, number)
    form = RegradeForm(request.POST)
    closing = selectors.round_closing(round_.id)
    label = f"«{contest.title}» — {round_}"
    if closing is None or not closing.is_closed:
        messages.error(request, services.MSG_NOT_CLOSED.format(round=label))
    elif form.is_valid():
        tasks.regrade_round.delay_on_commit(
            round_.id, request.user.id, Trigger.STAFF, form.cleaned_data["note"]
        )
        messages.success(request, MSG_REGRADE_QUEUED.format(round=label))
    else:
        messages.error(request, "; ".join(m for e in form.errors.values() for m in e))
    return back_to_desk(contest)


@login_required
@require_POST
def contest_compute(request: HttpRequest, slug: str) -> HttpResponse:
    contest = get_contest_for_staff(request, slug)
    require(request, Action.CLOSE, contest)
    tasks.close_contest.delay_on_commit(
        contest.id, Trigger.STAFF, request.user.id, True
    )
    messages.success(request, MSG_CONTEST_QUEUED)
    return back_to_desk(contest)


@login_required
@require_POST
def contest_publish(request: HttpRequest, slug: str) -> HttpResponse:
    contest = get_contest_for_staff(request, slug)
    require(request, Action.PUBLISH, contest)
    try:
        messages.success(
            request, services.publish_contest(contest.id, user=request.user)
        )
    except services.ResultsRefused as refused:
        messages.error(request, refused.message)
    return back_to_desk(contest)


@login_required
@require_POST
def correct_key(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """From the round's review: correct a flagged question's key and, when the
    round is closed, regrade it, in one step."""
    contest = get_contest_for_staff(request, slug)
    require(request, Action.REGRADE, contest)
    round_ = get_round(contest, number)
    question_id = request.POST.get("question", "")
    letter = request.POST.get("key", "")
    back = redirect(reverse("review:round", args=[contest.slug, round_.number]))
    if not question_id.isdigit() or len(question_id) > 18:
        messages.error(request, MSG_NO_QUESTION)
        return back
    note = MSG_KEY_NOTE.format(question=question_id, letter=letter.upper())
    try:
        corrected = services.correct_key(
            round_=round_,
            question_id=int(question_id),
            letter=letter,
            user=request.user,
            note=note,
        )
    except DomainError as refused:
        messages.error(request, refused.message)
        return back
    change = corrected.change
    done = MSG_KEY_CORRECTED.format(
        question=question_id, old=change.old_key, new=change.new_key
    )
    if corrected.regrading:
        done += " " + MSG_REGRADE_QUEUED.format(round=f"«{contest.title}» — {round_}")
    messages.success(request, done)
    return back
