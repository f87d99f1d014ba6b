"""A judge's pages: the clips assigned to them and the score form."""

from __future__ import annotations

from fractions import Fraction

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from core.formatting import decimal
from videos import access, selectors, services
from videos import messages as msg
from videos.forms import (
    ScoreForm,
)
from videos.models import JudgeAssignment, VideoPart

from .common import error_text, get_part


def _get_judge_part(request: HttpRequest, slug: str) -> VideoPart:
    part = get_part(slug)
    if not access.is_contest_judge(request.user, part.contest):
        raise PermissionDenied(msg.NOT_ASSIGNED)
    return part


@login_required
def judge_list(request: HttpRequest, slug: str) -> HttpResponse:
    part = _get_judge_part(request, slug)
    n_criteria = part.criteria.count()
    assignments = selectors.clips_for_judge(request.user, part)
    return render(
        request,
        "videos/judge_list.html",
        {
            "part": part,
            "contest": part.contest,
            "assignments": assignments,
            "n_criteria": n_criteria,
            "judging_open": part.submission_deadline is not None
            and timezone.now() > part.submission_deadline
            and not part.judging_locked,
        },
    )


def _get_assignment_for_judge(
    request: HttpRequest, part: VideoPart, clip_id: int
) -> JudgeAssignment:
    """Only the judge's own assignment; any other clip is a 404 (not even its
    existence is shown)."""
    assignment = (
        JudgeAssignment.objects.filter(
            judge=request.user, clip_id=clip_id, clip__part=part
        )
        .select_related("clip__unit", "clip__part__contest")
        .first()
    )
    if assignment is None or access.judge_conflicts_with(request.user, assignment.clip):
        raise Http404
    return assignment


@login_required
def judge_score(request: HttpRequest, slug: str, clip_id: int) -> HttpResponse:
    part = _get_judge_part(request, slug)
    assignment = _get_assignment_for_judge(request, part, clip_id)
    clip = assignment.clip
    crits = selectors.criteria(part)
    own = {s.criterion_id: s.points_tenths for s in assignment.scores.all()}
    form = ScoreForm(
        request.POST or None,
        criteria=crits,
        initial_points=own,
        initial={"comment": assignment.comment},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.save_scores(
                request.user,
                clip,
                points=form.cleaned_data["points"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, exc)
        else:
            messages.success(request, msg.SCORES_SAVED % {"title": clip.title})
            return redirect("videos:judge_list", slug=slug)
    try:
        services.check_can_score(request.user, clip)
        blocked = ""
    except ValidationError as exc:
        blocked = error_text(exc)
    total = sum(own.values()) if own and len(own) == len(crits) else None
    return render(
        request,
        "videos/judge_score.html",
        {
            "part": part,
            "contest": part.contest,
            "clip": clip,
            "form": form,
            "blocked": blocked,
            "total": decimal(Fraction(total, 10), 1) if total is not None else None,
            "max_total": sum(c.max_points for c in crits),
        },
    )
