"""Complaint pages. Thin: permission first, one service call, render or redirect.

A contestant files on their own attempt (404 for anyone else's). The organizers
of the contest answer; its secretariat reads (contests.permissions)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_ratelimit.core import is_ratelimited

from contests import selectors as contest_selectors
from contests.models import Attempt, Contest
from contests.permissions import Action, contests_where, may
from core.errors import DomainError
from core.formatting import local_datetime
from core.http import status_for

from . import rules, selectors, services
from .forms import AnswerForm, ComplaintForm

# Complaints per contestant (django-ratelimit syntax): a person with a real
# objection files a few; a script filing hundreds is stopped.
DEFAULT_RATE = "5/10m"

MSG_FILED = _("Đã gửi khiếu nại. Ban Tổ chức sẽ trả lời tại trang kết quả bài thi.")
MSG_TOO_MANY = _(
    "Bạn gửi khiếu nại quá nhiều trong thời gian ngắn; thử lại sau ít phút."
)
MSG_ANSWERED = _("Đã trả lời %(n)s khiếu nại.")


def _own_finished_attempt(request: HttpRequest, attempt_id: int) -> Attempt:
    attempt = (
        Attempt.objects.select_related("round__contest")
        .filter(pk=attempt_id, user_id=request.user.pk)
        .exclude(status=Attempt.Status.IN_PROGRESS)
        .first()
    )
    if attempt is None:
        raise Http404
    return attempt


def _too_many(request: HttpRequest) -> bool:
    return is_ratelimited(
        request,
        group="complaints.file",
        key="user",
        rate=getattr(settings, "COMPLAINTS_RATE", DEFAULT_RATE),
        increment=True,
    )


@never_cache
@login_required
def file_complaint(request: HttpRequest, attempt_id: int) -> HttpResponse:
    attempt = _own_finished_attempt(request, attempt_id)
    round_ = attempt.round
    contest = round_.contest
    questions = []
    if contest.review_after_close and timezone.now() >= round_.closes_at:
        questions = [
            (aq.position, aq.snapshot.text[:120])
            for aq in contest_selectors.attempt_questions(attempt.pk)
        ]
    form = ComplaintForm(request.POST or None, questions=questions)
    if request.method == "GET" and "cau" in request.GET:
        form = ComplaintForm(initial={"about": request.GET["cau"]}, questions=questions)
    error, status = "", 200
    if request.method == "POST":
        if _too_many(request):
            error, status = str(MSG_TOO_MANY), 429
        elif form.is_valid():
            try:
                services.file_complaint(
                    user=request.user,
                    attempt_id=attempt.pk,
                    position=form.position(),
                    text=form.cleaned_data["text"],
                )
            except DomainError as refused:
                error, status = refused.message, status_for(refused)
            else:
                messages.success(request, MSG_FILED)
                url = reverse("contests:result", args=[attempt.pk])
                return redirect(f"{url}#khieu-nai")
        else:
            status = 400
    now = timezone.now()
    refusal = rules.window_refusal(
        selectors.window_of(round_, now), now, local_datetime
    )
    return render(
        request,
        "complaints/file.html",
        {
            "attempt": attempt,
            "round": round_,
            "contest": contest,
            "form": form,
            "error": error,
            "refusal": refusal,
            "complaints": selectors.complaints_of_attempt(attempt.pk),
        },
        status=status,
    )


@never_cache
@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The contests whose complaints this person may read, with how many wait."""
    contests = contests_where(request.user, Action.VIEW_RESULTS_STAFF).order_by("-id")
    return render(
        request,
        "complaints/index.html",
        {"contests": selectors.with_open_counts(contests)},
    )


def _contest_for_staff(request: HttpRequest, slug: str) -> Contest:
    """The contest, if this person is its results staff (organizers read and
    answer, the secretariat reads); 403 otherwise."""
    contest = get_object_or_404(Contest, slug=slug)
    if not may(request.user, Action.VIEW_RESULTS_STAFF, contest):
        raise PermissionDenied
    return contest


@never_cache
@login_required
def manage(request: HttpRequest, slug: str) -> HttpResponse:
    contest = _contest_for_staff(request, slug)
    can_answer = may(request.user, Action.MANAGE, contest)
    return render(
        request,
        "complaints/manage.html",
        {
            "contest": contest,
            "can_answer": can_answer,
            # The current key, and the answers chosen (a right one is the key),
            # are for the organizers only: the secretariat never reads keys.
            "show_keys": can_answer,
            "open": selectors.open_counts(contest.pk),
            "questions": selectors.question_groups(contest.pk),
            "results": selectors.result_groups(contest.pk),
            "answer_form": AnswerForm(),
        },
    )


@never_cache
@login_required
@require_POST
def answer(request: HttpRequest, slug: str) -> HttpResponse:
    contest = get_object_or_404(Contest, slug=slug)
    if not may(request.user, Action.MANAGE, contest):
        raise PermissionDenied
    form = AnswerForm(request.POST)
    back = reverse("complaints:manage", args=[contest.slug])
    if not form.is_valid():
        messages.error(request, services.MSG_BAD_DECISION)
        return redirect(back)
    data = form.cleaned_data
    complaint_id, question_id = data["complaint"], data["question"]
    try:
        count = services.answer_complaints(
            user=request.user,
            contest_id=contest.pk,
            decision=data["decision"],
            reply=data["reply"],
            complaint_ids=[complaint_id] if complaint_id else None,
            question_id=question_id,
        )
    except DomainError as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, str(MSG_ANSWERED) % {"n": count})
    anchor = f"#cau-hoi-{question_id}" if question_id else ""
    if complaint_id:
        anchor = f"#khieu-nai-{complaint_id}"
    return redirect(back + anchor)
