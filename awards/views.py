"""Results pages: public (after publication), a contestant's own standing, the
staff results desk (close now, publish, regrade, exports) and a unit's report.

Thin: permission first (a _get_*_for_user helper), one service or task call, then
render or redirect. Heavy work (closing, regrading, exporting) runs in Celery,
enqueued after commit; public lists are cached a minute, never computed per
request.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Unit
from contests import services as contest_services
from contests.models import Contest, Round
from contests.permissions import Action, may
from core import sheets
from core.cache import computed_at_most_every

from . import decisions, exports, selectors, services, tasks
from .forms import ExportForm, RegradeForm
from .models import ContestClosing, ExportJob, RoundClosing, RoundResult, Trigger
from .ranking import AttemptRow, RankedAttempt

PUBLIC_CACHE_SECONDS = 60
PAGE_SIZE = 50

MSG_CLOSE_QUEUED = "Đã yêu cầu đóng {round}; kết quả sẽ có sau ít phút."
MSG_REGRADE_QUEUED = "Đã yêu cầu chấm lại {round}; xem nhật ký chấm lại sau ít phút."
MSG_CONTEST_QUEUED = "Đã yêu cầu tính kết quả toàn cuộc thi; xem lại sau ít phút."
MSG_EXPORT_QUEUED = "Đang xuất tệp Excel…"

KEY_LABELS = {
    decisions.KEY_SCORE: "nhiều câu đúng hơn",
    decisions.KEY_GAP: "dự đoán gần đáp án hơn",
    decisions.KEY_DURATION: "thời gian làm bài ngắn hơn",
    decisions.KEY_SUBMITTED: "nộp bài sớm hơn",
    decisions.KEY_ID: "bắt đầu lượt thi trước (mã lượt thi nhỏ hơn)",
}


def _is_staff(user, contest: Contest) -> bool:
    """Results staff of this contest (contests.permissions: organizers and the
    secretariat on its ContestStaff, superusers)."""
    return may(user, Action.VIEW_RESULTS_STAFF, contest)


def _require(request: HttpRequest, action: Action, contest: Contest) -> None:
    if not may(request.user, action, contest):
        raise PermissionDenied


def _get_contest_for_user(request: HttpRequest, slug: str) -> Contest:
    """A published contest, or one this person is results staff of; 404 otherwise."""
    contest = get_object_or_404(Contest, slug=slug)
    if not contest.is_published and not _is_staff(request.user, contest):
        raise Http404
    return contest


def _get_round(contest: Contest, number: int) -> Round:
    return get_object_or_404(Round, contest=contest, number=number)


# ------------------------------------------------------------------- public


def index(request: HttpRequest) -> HttpResponse:
    contests = list(selectors.contests_with_results()[:50])
    return render(request, "awards/index.html", {"contests": contests})


def contest_results(request: HttpRequest, slug: str) -> HttpResponse:
    contest = _get_contest_for_user(request, slug)
    staff = _is_staff(request.user, contest)
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
    contest = _get_contest_for_user(request, slug)
    round_ = _get_round(contest, number)
    staff = _is_staff(request.user, contest)
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
    contest = _get_contest_for_user(request, slug)
    staff = _is_staff(request.user, contest)
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


# -------------------------------------------------------------------- staff


def _get_contest_for_staff(request: HttpRequest, slug: str) -> Contest:
    """The contest, if this person is its results staff; 403 otherwise (another
    organizer's contest included)."""
    contest = get_object_or_404(Contest, slug=slug)
    _require(request, Action.VIEW_RESULTS_STAFF, contest)
    return contest


@login_required
def manage(request: HttpRequest, slug: str) -> HttpResponse:
    contest = _get_contest_for_staff(request, slug)
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
    contest = _get_contest_for_staff(request, slug)
    round_ = _get_round(contest, number)
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


def _back(contest: Contest) -> HttpResponse:
    return redirect("awards:manage", slug=contest.slug)


@login_required
@require_POST
def close_now(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """Close a round whose time is up, or, after a confirmation page that says how
    many attempts are in progress, end a running round now and close it."""
    contest = _get_contest_for_staff(request, slug)
    _require(request, Action.CLOSE, contest)
    round_ = _get_round(contest, number)
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
    return _back(contest)


@login_required
@require_POST
def publish(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    contest = _get_contest_for_staff(request, slug)
    _require(request, Action.PUBLISH, contest)
    round_ = _get_round(contest, number)
    try:
        messages.success(request, services.publish_round(round_.id, user=request.user))
    except services.ResultsRefused as refused:
        messages.error(request, refused.message)
    return _back(contest)


@login_required
@require_POST
def regrade(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    contest = _get_contest_for_staff(request, slug)
    _require(request, Action.REGRADE, contest)
    round_ = _get_round(contest, number)
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
    return _back(contest)


@login_required
@require_POST
def contest_compute(request: HttpRequest, slug: str) -> HttpResponse:
    contest = _get_contest_for_staff(request, slug)
    _require(request, Action.CLOSE, contest)
    tasks.close_contest.delay_on_commit(
        contest.id, Trigger.STAFF, request.user.id, True
    )
    messages.success(request, MSG_CONTEST_QUEUED)
    return _back(contest)


@login_required
@require_POST
def contest_publish(request: HttpRequest, slug: str) -> HttpResponse:
    contest = _get_contest_for_staff(request, slug)
    _require(request, Action.PUBLISH, contest)
    try:
        messages.success(
            request, services.publish_contest(contest.id, user=request.user)
        )
    except services.ResultsRefused as refused:
        messages.error(request, refused.message)
    return _back(contest)


# ------------------------------------------------------------------ exports


def _may_export(user, contest: Contest, kind: str, unit: Unit | None) -> bool:
    """This contest's organizers and secretariat; a unit representative of this
    contest for the participation report of their own unit's subtree."""
    if may(user, Action.EXPORT, contest):
        return True
    if kind != ExportJob.Kind.PARTICIPATION or unit is None:
        return False
    return may(user, Action.VIEW_PARTICIPATION, contest, unit=unit)


@login_required
@require_POST
def export_start(request: HttpRequest, slug: str) -> HttpResponse:
    contest = _get_contest_for_user(request, slug)
    exporter = may(request.user, Action.EXPORT, contest)
    form = ExportForm(request.POST, contest=contest)
    if not form.is_valid():
        if not exporter and not may(request.user, Action.VIEW_PARTICIPATION, contest):
            raise PermissionDenied
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        if exporter:
            return _back(contest)
        return redirect("awards:unit_report", slug=contest.slug)
    kind = form.cleaned_data["kind"]
    if not _may_export(request.user, contest, kind, form.unit_obj):
        raise PermissionDenied
    job = exports.request_export(
        kind,
        contest,
        requested_by=request.user,
        round_=form.round_obj,
        unit=form.unit_obj,
    )
    messages.info(request, MSG_EXPORT_QUEUED)
    return redirect("awards:export_job", job_id=job.pk)


def _get_job_for_user(request: HttpRequest, job_id) -> ExportJob:
    """Only the person who asked for an export sees and downloads it."""
    job = get_object_or_404(
        ExportJob.objects.select_related("contest", "round", "unit"), pk=job_id
    )
    if job.requested_by_id != request.user.id:
        raise Http404
    return job


@login_required
def export_job(request: HttpRequest, job_id) -> HttpResponse:
    job = _get_job_for_user(request, job_id)
    template = "awards/_export_progress.html" if request.htmx else "awards/export.html"
    return render(request, template, {"job": job})


@login_required
def export_download(request: HttpRequest, job_id) -> HttpResponse:
    job = _get_job_for_user(request, job_id)
    if job.status != ExportJob.Status.DONE or not job.file:
        raise Http404
    return FileResponse(
        job.file.open("rb"),
        as_attachment=True,
        filename=job.filename,
        content_type=sheets.CONTENT_TYPE,
    )


# --------------------------------------------------------------- unit report


@login_required
def unit_report(request: HttpRequest, slug: str) -> HttpResponse:
    """Participation of a unit's subtree: the representative's own unit, or any
    unit (?don_vi=CODE) for results staff."""
    contest = _get_contest_for_user(request, slug)
    user = request.user
    staff = _is_staff(user, contest)
    code = request.GET.get("don_vi", "").strip()
    if code and staff:
        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            messages.error(
                request, _("Không có đơn vị mã «%(code)s».") % {"code": code}
            )
            unit = contest.unit_root
    elif user.represented_unit_id and may(
        user, Action.VIEW_PARTICIPATION, contest, unit=user.represented_unit_id
    ):
        unit = user.represented_unit
    elif staff:
        unit = contest.unit_root
    else:
        raise PermissionDenied
    table = _participation_table(contest, unit) if unit else None
    return render(
        request,
        "awards/unit_report.html",
        {
            "contest": contest,
            "unit": unit,
            "table": table,
            "export_url": reverse("awards:export_start", args=[contest.slug]),
        },
    )


def _participation_table(contest: Contest, unit: Unit) -> dict:
    """The participation table of a unit's subtree as rendered HTML, computed at
    most once a minute by one process (a province's table is 2,000 lines). It
    holds counts only, no personal data, so every reader of the unit shares it."""

    def compute() -> dict:
        report = selectors.participation_report(contest, unit)
        return {
            "html": render_to_string(
                "awards/_participation_table.html", {"report": report}
            ),
            "computed_at": timezone.now(),
        }

    return computed_at_most_every(
        services.cache_key("units", f"{contest.id}:{unit.id}:{get_language()}"),
        compute,
        PUBLIC_CACHE_SECONDS,
    )
