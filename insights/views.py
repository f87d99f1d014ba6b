"""Pages of the insights app. Each checks permission first (contests.permissions
through awards' helpers), then reads stored rows: no attempt query per request."""

from __future__ import annotations

import datetime
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Unit
from awards.views.common import (
    PUBLIC_CACHE_SECONDS,
    get_contest_for_staff,
    is_results_staff,
)
from contests.models import Contest
from contests.permissions import Action, may
from core.cache import computed_at_most_every
from core.sheets import CONTENT_TYPE

from . import dashboard as boards
from . import figures, selectors, services, tasks

MSG_REFRESH_QUEUED = "Đã yêu cầu tính lại số liệu; tải lại trang sau ít phút."
MSG_WEEK_RUNNING = "Tuần này chưa kết thúc: báo cáo tuần có từ thứ Hai tuần sau."
MSG_NO_ROUND = "Cuộc thi không có đợt thi nào diễn ra trong tuần này."


@login_required
def dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    """The contest's figures from its latest stored snapshot (organizers and the
    secretariat of this contest)."""
    contest = get_contest_for_staff(request, slug)
    snapshot = selectors.latest_snapshot(contest.id)
    board = None
    if snapshot is not None:
        level = request.GET.get("cap", "1")
        board = boards.build(
            snapshot,
            selectors.contest_tree(contest),
            int(level) if level.isdigit() else 1,
        )
    return render(
        request,
        "insights/dashboard.html",
        {"contest": contest, "board": board},
    )


@login_required
@require_POST
def refresh(request: HttpRequest, slug: str) -> HttpResponse:
    contest = get_contest_for_staff(request, slug)
    tasks.refresh_dashboard.delay_on_commit(contest.id)
    messages.info(request, _(MSG_REFRESH_QUEUED))
    return redirect("insights:dashboard", slug=contest.slug)


def _asked_unit(request: HttpRequest, contest: Contest) -> int | None:
    """The unit whose subtree's report is asked for (None: the whole contest),
    once the person may read it: the contest's results staff any unit (?don_vi=
    CODE), a unit representative only their own unit's subtree."""
    code = request.GET.get("don_vi", "").strip()
    unit_id = None
    if code:
        unit_id = Unit.objects.filter(code=code).values_list("pk", flat=True).first()
        if unit_id is None:
            raise Http404
    user = request.user
    if is_results_staff(user, contest):
        return unit_id
    target = unit_id or user.represented_unit_id
    if target and may(user, Action.VIEW_PARTICIPATION, contest, unit=target):
        return target
    raise PermissionDenied


def _asked_week(request: HttpRequest) -> datetime.date:
    try:
        day = datetime.date.fromisoformat(request.GET.get("tuan", ""))
    except ValueError:
        return services.closed_week_now()
    return figures.week_start(day)


def _weekly_view(request: HttpRequest, slug: str):
    contest = get_object_or_404(Contest, slug=slug)
    unit_id = _asked_unit(request, contest)
    units = selectors.contest_tree(contest)
    if unit_id is not None and unit_id not in units.units:
        raise Http404
    week = _asked_week(request)
    view = services.report_pair(
        contest=contest, week_start=week, unit_id=unit_id, units=units
    )
    return contest, week, view


@login_required
def weekly(request: HttpRequest, slug: str) -> HttpResponse:
    """The Monday report of a closed week for the whole contest or a subtree."""
    contest, week, view = _weekly_view(request, slug)
    return render(
        request,
        "insights/weekly.html",
        {
            "contest": contest,
            "view": view,
            "week": week,
            "previous_week": week - datetime.timedelta(days=7),
            "next_week": week + datetime.timedelta(days=7),
            "has_next": week + datetime.timedelta(days=7) <= services.closed_week_now(),
            "unit_code": request.GET.get("don_vi", "").strip(),
            "empty_message": _(
                MSG_WEEK_RUNNING
                if services.week_bounds(week)[1] > timezone.now()
                else MSG_NO_ROUND
            ),
            "staff": is_results_staff(request.user, contest),
        },
    )


@login_required
def weekly_excel(request: HttpRequest, slug: str) -> HttpResponse:
    from .exports import write_weekly

    contest, week, view = _weekly_view(request, slug)
    if view is None:
        raise Http404
    buffer = io.BytesIO()
    write_weekly(view, buffer)
    response = HttpResponse(buffer.getvalue(), content_type=CONTENT_TYPE)
    name = f"bao-cao-tuan-{contest.slug}-{week:%Y-%m-%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def daily_public(request: HttpRequest, slug: str) -> HttpResponse:
    """The public participation table by unit as of a day's end (?ngay=), as
    provinces publish it: published contests only, cached a minute."""
    contest = get_object_or_404(Contest, slug=slug, is_published=True)
    days = selectors.snapshot_days(contest.id)
    try:
        day = datetime.date.fromisoformat(request.GET.get("ngay", ""))
    except ValueError:
        day = days[0] if days else timezone.localdate()
    if days and day not in days:
        raise Http404

    def compute() -> str:
        snapshot = selectors.snapshot_of(contest.id, day)
        board = (
            boards.build(snapshot, selectors.contest_tree(contest), 1)
            if snapshot
            else None
        )
        return render_to_string(
            "insights/_daily_table.html", {"board": board, "day": day}
        )

    table = computed_at_most_every(
        f"insights:daily:{contest.id}:{day}:{get_language()}",
        compute,
        PUBLIC_CACHE_SECONDS,
    )
    return render(
        request,
        "insights/daily.html",
        {"contest": contest, "day": day, "days": days, "table": table},
    )
