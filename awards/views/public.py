"""Results as the public and contestants see them: published winners, a
contestant's own standing ("why am I 4th?"), the contest's overall awards."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import get_language

from contests.models import Round
from core.cache import computed_at_most_every

from .. import decisions, selectors, services
from ..models import ContestClosing, RoundClosing, RoundResult
from ..ranking import AttemptRow, RankedAttempt
from .common import (
    PUBLIC_CACHE_SECONDS,
    get_contest_for_user,
    get_round,
    is_results_staff,
)

KEY_LABELS = {
    decisions.KEY_SCORE: "nhiều câu đúng hơn",
    decisions.KEY_GAP: "dự đoán gần đáp án hơn",
    decisions.KEY_DURATION: "thời gian làm bài ngắn hơn",
    decisions.KEY_SUBMITTED: "nộp bài sớm hơn",
    decisions.KEY_ID: "bắt đầu lượt thi trước (mã lượt thi nhỏ hơn)",
}


def index(request: HttpRequest) -> HttpResponse:
    contests = list(selectors.contests_with_results()[:50])
    return render(request, "awards/index.html", {"contests": contests})


def contest_results(request: HttpRequest, slug: str) -> HttpResponse:
    contest = get_contest_for_user(request, slug)
    staff = is_results_staff(request.user, contest)
    rounds = selectors.rounds_with_closing(contest.id)
    now = timezone.now()
    closing = ContestClosing.objects.filter(pk=contest.pk).first()
    return render(
        request,
        "awards/contest_results.html",
        {
            "contest": contest,
            "rounds": rounds,
            "now": now,
            "staff": staff,
            "contest_closing": closing,
            "contest_visible": bool(
                closing and closing.is_closed and (closing.is_published or staff)
            ),
        },
    )


def _public_round(round_id: int, with_prediction: bool) -> dict:
    """The published part of a round's results, computed at most once a minute:
    the winners and their table rendered in each language (rendering the table
    was most of a request's time)."""

    def compute() -> dict:
        winners = selectors.public_round_winners(round_id)
        html = {}
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                html[code] = render_to_string(
                    "awards/_winners.html",
                    {"winners": winners, "with_prediction": with_prediction},
                )
        return {"winners": winners, "html": html}

    return computed_at_most_every(
        services.cache_key("round", round_id), compute, PUBLIC_CACHE_SECONDS
    )


def round_results(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    contest = get_contest_for_user(request, slug)
    round_ = get_round(contest, number)
    staff = is_results_staff(request.user, contest)
    closing = selectors.round_closing(round_.id)
    closed = bool(closing and closing.is_closed)
    published = bool(closed and closing.is_published)
    with_prediction = bool(closing and closing.true_answer is not None)
    winners = winners_html = None
    if published and not staff:
        public = _public_round(round_.id, with_prediction)
        winners = public["winners"]
        winners_html = public.get("html", {}).get(get_language())
    elif closed and staff:
        winners = selectors.public_round_winners(round_.id)
    mine = None
    if request.user.is_authenticated and (published or (closed and staff)):
        mine = _my_standing(round_, closing, request.user)
    return render(
        request,
        "awards/round_results.html",
        {
            "contest": contest,
            "round": round_,
            "closing": closing,
            "closed": closed,
            "published": published,
            "staff": staff,
            "winners": winners,
            "winners_html": winners_html,
            "mine": mine,
            "now": timezone.now(),
            "with_prediction": with_prediction,
        },
    )


def _as_ranked(result: RoundResult) -> RankedAttempt:
    row = AttemptRow(
        result.attempt_id,
        result.user_id,
        result.score,
        result.prediction,
        result.duration_ms,
        result.submitted_at,
        result.ranking_group_id,
        result.unit_id,
    )
    return RankedAttempt(result.rank, result.group_rank, result.gap, row)


def _my_standing(round_: Round, closing: RoundClosing, user) -> dict | None:
    """The person's rank and keys, and what separates them from the one just
    above them and from the last prize: "why am I 4th?"."""
    mine = selectors.my_result(round_.id, user.id)
    if mine is None:
        return None
    grouped = mine.ranking_group_id is not None
    place = mine.group_rank if grouped else mine.rank
    above = None
    if place > 1:
        above = (
            selectors.group_result_at(round_.id, mine.ranking_group_id, place - 1)
            if grouped
            else selectors.result_at(round_.id, place - 1)
        )
    decided_by = None
    if above is not None:
        decided_by = KEY_LABELS[
            decisions.deciding_key(_as_ranked(above), _as_ranked(mine))
        ]
    group_name = mine.ranking_group.name if grouped else ""
    cutoff = selectors.last_prize_result(round_.id, group_name)
    prize = round_.awards.filter(part="round", winner_user=user).first()
    cutoff_by = None
    if cutoff is not None and prize is None:
        _award, last = cutoff
        if (last.group_rank if grouped else last.rank) < place:
            cutoff_by = KEY_LABELS[
                decisions.deciding_key(_as_ranked(last), _as_ranked(mine))
            ]
    return {
        "result": mine,
        "place": place,
        "group": group_name,
        "above": above,
        "decided_by": decided_by,
        "prize": prize,
        "cutoff": cutoff,
        "cutoff_by": cutoff_by,
        "true_answer": closing.true_answer,
    }


def contest_overall(request: HttpRequest, slug: str) -> HttpResponse:
    contest = get_contest_for_user(request, slug)
    staff = is_results_staff(request.user, contest)
    closing = ContestClosing.objects.filter(pk=contest.pk).first()
    if closing is None or not closing.is_closed:
        raise Http404
    if not closing.is_published and not staff:
        raise Http404
    if staff:
        data = selectors.public_contest_awards(contest.id)
    else:
        data = computed_at_most_every(
            services.cache_key("contest", contest.id),
            lambda: selectors.public_contest_awards(contest.id),
            PUBLIC_CACHE_SECONDS,
        )
    return render(
        request,
        "awards/contest_overall.html",
        {
            "contest": contest,
            "closing": closing,
            "staff": staff,
            "individual": data["individual"],
            "unit_awards": data["units"],
            "unit_results": selectors.unit_results(contest.id, None),
        },
    )
