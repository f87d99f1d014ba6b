"""Contest pages and the attempt flow. Thin: permission first, one service call,
render or redirect. Every attempt view serves only the attempt's owner (404 for
anyone else, staff included: organizers use the admin)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_ratelimit.core import is_ratelimited

from core import throttle
from core.http import status_for

from . import panels, rules, selectors, services, session_user
from .models import Attempt, Contest, Round
from .services import prepared

ANSWER_RETRY_AFTER_SECONDS = 5
_SAVED_FRAGMENT = (
    f'<span class="text-success" data-ok="1">{escape(rules.MSG_SAVED)}</span>'
)


def _round_state(round_: Round, now) -> str:
    if now < round_.opens_at:
        return "upcoming"
    if now >= round_.closes_at:
        return "closed"
    return "open"


def contest_detail(request: HttpRequest, slug: str) -> HttpResponse:
    contest = get_object_or_404(
        Contest.objects.select_related("unit_root"), slug=slug, is_published=True
    )
    now = timezone.now()
    rounds = list(contest.rounds.order_by("number"))
    mine: dict[int, list[Attempt]] = {}
    if request.user.is_authenticated:
        for attempt in _my_attempts_of(contest, request.user, now):
            mine.setdefault(attempt.round_id, []).append(attempt)
    open_rounds = [r for r in rounds if _round_state(r, now) == "open"]
    refusals = services.person_refusals(request.user, contest, rounds=open_rounds)
    round_rows = []
    for round_ in rounds:
        attempts = mine.get(round_.id, [])
        open_attempt = next((a for a in attempts if a.is_open), None)
        used = len(attempts)
        left = None if round_.is_practice else contest.attempts_per_round - used
        round_rows.append(
            {
                "round": round_,
                "state": _round_state(round_, now),
                "attempts": attempts,
                "open_attempt": open_attempt,
                "left": left,
                "refusal": refusals.get(round_.id),
                "profile_incomplete": refusals.get(round_.id)
                == rules.MSG_PROFILE_INCOMPLETE,
            }
        )
    return render(
        request,
        "contests/detail.html",
        {
            "contest": contest,
            "round_rows": round_rows,
            "about": _contest_about(contest, rounds),
        },
    )


def _contest_about(contest: Contest, rounds: list[Round]) -> str:
    """The part of the contest page that is the same for everyone (how it is run,
    ranking groups, prizes, documents, rules): rendered once per process and
    language, kept as prepared data while the contest and its rounds (the key) are
    unchanged; contests.receivers makes it stale on any change to groups, prize
    tiers or documents; five minutes at most."""

    def build() -> str:
        return render_to_string(
            "contests/_about.html",
            {
                "contest": contest,
                "documents": list(contest.documents.all()),
                "ranking_groups": list(contest.ranking_groups.all()),
                "prize_tiers": list(
                    contest.prize_tiers.select_related(
                        "round", "ranking_group"
                    ).order_by("part", "scope", "position", "id")
                ),
            },
        )

    rounds_changed = max((r.updated_at for r in rounds), default=None)
    key = ("about", contest.pk, contest.updated_at, rounds_changed, get_language())
    return prepared.prepared(key, prepared.current_generation(), build)


def _my_attempts_of(contest: Contest, user, now) -> list[Attempt]:
    """The person's attempts in the contest, those past their deadline finalised
    first: the page never offers to continue an attempt that is over."""
    attempts = list(
        Attempt.objects.filter(round__contest=contest, user=user).order_by("number")
    )
    due = [a.id for a in attempts if a.is_open and a.deadline <= now]
    if not due:
        return attempts
    services.finalise_attempts(due, now=now)
    return list(
        Attempt.objects.filter(round__contest=contest, user=user).order_by("number")
    )


@login_required
@require_POST
def start(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    try:
        round_ = services.published_round(slug, number)
    except Round.DoesNotExist:
        raise Http404 from None
    try:
        attempt = services.start_attempt(request.user, round_)
    except services.AttemptRefused as refused:
        messages.error(request, refused.message)
        return redirect(round_.contest.get_absolute_url())
    return redirect("contests:attempt", attempt_id=attempt.id)


def _own_attempt(
    request: HttpRequest, attempt_id: int, *, prepared_round: bool = False
) -> Attempt:
    """The request user's attempt, finalised first if its deadline has passed.
    ``prepared_round``: its round and contest from the process (a submit, which
    reads only their settings), not read with it."""
    attempts = Attempt.objects.filter(pk=attempt_id, user_id=request.user.id)
    if not prepared_round:
        attempts = attempts.select_related("round__contest")
    attempt = attempts.first()
    if attempt is None:
        raise Http404
    if prepared_round:
        attempt.round = services.round_with_contest(attempt.round_id)
    if attempt.is_open and timezone.now() >= attempt.deadline:
        services.finalise_attempt(attempt.id)
        attempt.refresh_from_db()
    return attempt


@never_cache
@login_required
def attempt_page(request: HttpRequest, attempt_id: int) -> HttpResponse:
    attempt = _own_attempt(request, attempt_id)
    if not attempt.is_open:
        if attempt.status == Attempt.Status.EXPIRED:
            messages.warning(request, rules.MSG_DEADLINE_PASSED)
        return redirect("contests:result", attempt_id=attempt.id)
    return _render_attempt(request, attempt)


def _render_attempt(
    request: HttpRequest, attempt: Attempt, *, error: str = "", status: int = 200
) -> HttpResponse:
    # Numbers as text: the page writes each several times, and a number goes
    # through localisation every time (a third of the page's CPU otherwise).
    questions = []
    for aq in selectors.attempt_questions(attempt.id):
        chosen = aq.shown_index_of(aq.answer)
        questions.append(
            {
                "position": str(aq.position),
                "number": str(aq.position + 1),
                "text": aq.snapshot.text,
                "choices": [(str(i), *rest) for i, *rest in aq.shown_choices()],
                "chosen": None if chosen is None else str(chosen),
            }
        )
    now = timezone.now()
    return render(
        request,
        "contests/attempt.html",
        {
            "attempt": attempt,
            "contest": attempt.round.contest,
            "questions": questions,
            "answer_url": reverse("contests:answer", args=[attempt.id]),
            "answered": sum(q["chosen"] is not None for q in questions),
            "remaining_ms": max(
                0, int((attempt.deadline - now).total_seconds() * 1000)
            ),
            "error": error,
            "prediction_value": request.POST.get("prediction", ""),
        },
        status=status,
    )


@never_cache
@require_POST
def answer(request: HttpRequest, attempt_id: int) -> HttpResponse:
    """htmx: save one answer; returns the small status fragment (4xx with the
    reason when refused). Login required; a user verified in this process before
    is checked inside the save's UPDATE instead of by a read (session_user.py)."""
    known = session_user.from_session(request.session)
    if known is None and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    user_id = known.id if known else request.user.pk
    if _too_many_saves(request, user_id):
        response = _answer_status(request, rules.MSG_TOO_MANY_SAVES, 429)
        response["Retry-After"] = str(ANSWER_RETRY_AFTER_SECONDS)
        return response
    try:
        position = int(request.POST.get("position", ""))
        shown = int(request.POST.get(f"q{position}", request.POST.get("choice", "")))
    except ValueError:
        return _answer_status(request, rules.MSG_CHOICE_INVALID, 400)
    if known is not None and services.save_answer_if_open(
        known.id,
        attempt_id,
        position=position,
        shown_index=shown,
        password=known.password,
    ):
        return HttpResponse(_SAVED_FRAGMENT)
    # Not stored quickly: Django's full check of the session, then the service.
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    session_user.remember(request.user, request.session)
    try:
        services.save_answer(
            request.user, attempt_id, position=position, shown_index=shown
        )
    except services.AnswerRefused as refused:
        return _answer_status(request, refused.message, status_for(refused), attempt_id)
    # The hot path's answer is always the same few bytes (what the template
    # _answer_status.html renders for it): no template engine per save.
    return HttpResponse(_SAVED_FRAGMENT)


def _too_many_saves(request: HttpRequest, user_id: int) -> bool:
    """The per-user limit on answer saves (settings.CONTESTS_ANSWER_RATE, e.g.
    "60/m"): a script hammering the endpoint is slowed, a person clicking is not.
    Counted in the cache; when the cache is away the limit is not enforced rather
    than refusing a real answer."""
    try:
        if throttle.uses_redis():
            return throttle.over_limit(
                "contests.answer", user_id, settings.CONTESTS_ANSWER_RATE
            )
        return is_ratelimited(
            request,
            group="contests.answer",
            key="user",
            rate=settings.CONTESTS_ANSWER_RATE,
            increment=True,
        )
    except Exception:  # the cache (Redis) is away: fail open
        return False


def _answer_status(
    request: HttpRequest, message: str, status: int, attempt_id: int | None = None
) -> HttpResponse:
    response = render(
        request,
        "contests/_answer_status.html",
        {"message": message, "ok": status == 200},
        status=status,
    )
    if status == 409 and attempt_id is not None:
        # The attempt is over: send the page to the result.
        response["X-Result-Url"] = reverse("contests:result", args=[attempt_id])
    return response


@never_cache
@login_required
@require_POST
def submit(request: HttpRequest, attempt_id: int) -> HttpResponse:
    attempt = _own_attempt(request, attempt_id, prepared_round=True)
    try:
        attempt = services.submit_attempt(
            request.user,
            attempt.id,
            prediction=request.POST.get("prediction"),
            confirmed=request.POST.get("confirm") == "1",
            head=attempt,
        )
    except services.AnswerRefused as refused:
        return _render_attempt(
            request, attempt, error=refused.message, status=status_for(refused)
        )
    if attempt.status == Attempt.Status.EXPIRED:
        messages.warning(request, rules.MSG_DEADLINE_PASSED)
    return redirect("contests:result", attempt_id=attempt.id)


@never_cache
@login_required
def result(request: HttpRequest, attempt_id: int) -> HttpResponse:
    attempt = _own_attempt(request, attempt_id)
    if attempt.is_open:
        return redirect("contests:attempt", attempt_id=attempt.id)
    round_ = attempt.round
    contest = round_.contest
    review = None
    round_closed = timezone.now() >= round_.closes_at
    # A practice round's questions are never a graded round's (its own bank, checked
    # again at the draw), so its key is shown at once; a graded key only after close.
    if round_.is_practice or (round_closed and contest.review_after_close):
        drawn = selectors.attempt_questions(attempt.id)
        qids = [aq.question_id for aq in drawn]
        keys = selectors.correct_positions(qids)
        voided = selectors.voided_question_ids(contest.id, qids)
        # A graded bank may have gained one of these texts since the draw.
        hidden = selectors.graded_question_ids(qids) if round_.is_practice else set()
        review = [
            {
                "number": aq.position + 1,
                "text": aq.snapshot.text,
                "choices": aq.shown_choices(),
                "chosen": aq.shown_index_of(aq.answer),
                "correct": None
                if aq.question_id in hidden
                else aq.shown_index_of(keys.get(aq.question_id)),
                "hidden": aq.question_id in hidden,
                "voided": aq.question_id in voided,
            }
            for aq in drawn
        ]
    return render(
        request,
        "contests/result.html",
        {
            "attempt": attempt,
            "round": round_,
            "contest": contest,
            "review": review,
            "round_closed": round_closed,
            "panels": panels.render_panels("result", request, attempt),
        },
    )


@never_cache
@login_required
def my_attempts(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    due = Attempt.objects.filter(
        user=request.user, status=Attempt.Status.IN_PROGRESS, deadline__lte=now
    ).values_list("id", flat=True)
    services.finalise_attempts(list(due), now=now)
    attempts = list(selectors.attempts_of(request.user.id)[:200])
    return render(
        request,
        "contests/my_attempts.html",
        {
            "attempts": attempts,
            "panels": panels.render_panels("my_attempts", request),
        },
    )
