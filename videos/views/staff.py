"""Organizers' pages: the management page, judge assignment, publishing,
locking and finalising."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from core.formatting import local_datetime
from videos import messages as msg
from videos import selectors, services
from videos.forms import (
    AffiliationForm,
    AssignForm,
    InteractionImportForm,
)
from videos.models import JudgeAssignment, VideoClip

from .common import error_text, get_part_for_manager, manage_url, result_rows


@login_required
def manage(request: HttpRequest, slug: str) -> HttpResponse:
    part = get_part_for_manager(request, slug)
    clips = selectors.clip_overview(part)
    judges = selectors.contest_judges(part.contest)
    return render(
        request,
        "videos/manage.html",
        {
            "part": part,
            "contest": part.contest,
            "clips": clips,
            "criteria": selectors.criteria(part),
            "tiers": list(part.tiers.all()),
            "assign_form": AssignForm(part=part, judges=judges),
            "affiliation_form": AffiliationForm(judges=judges),
            "affiliations": selectors.judge_affiliations(part.contest),
            "import_form": InteractionImportForm(),
            "results": result_rows(part) if part.finalised_at else [],
            "deadline": local_datetime(part.submission_deadline)
            if part.submission_deadline
            else None,
        },
    )


@login_required
@require_POST
def assign(request: HttpRequest, slug: str) -> HttpResponse:
    part = get_part_for_manager(request, slug)
    form = AssignForm(
        request.POST, part=part, judges=selectors.contest_judges(part.contest)
    )
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(manage_url(part, "phan-cong"))
    judge = form.cleaned_data["judge"]
    chosen = form.cleaned_data["clips"] or None
    try:
        outcome = services.assign_judge(part, judge, clips=chosen)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
        return redirect(manage_url(part, "phan-cong"))
    messages.success(
        request, msg.JUDGES_ASSIGNED % {"judge": judge, "count": outcome.created}
    )
    if outcome.conflicts:
        messages.warning(
            request,
            msg.JUDGE_CONFLICTS_SKIPPED
            % {
                "judge": judge,
                "units": ", ".join(str(c.unit) for c in outcome.conflicts),
            },
        )
    return redirect(manage_url(part, "phan-cong"))


@login_required
@require_POST
def affiliation(request: HttpRequest, slug: str) -> HttpResponse:
    part = get_part_for_manager(request, slug)
    form = AffiliationForm(request.POST, judges=selectors.contest_judges(part.contest))
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(manage_url(part, "don-vi-giam-khao"))
    judge, unit = form.cleaned_data["judge"], form.cleaned_data["unit"]
    try:
        withdrawn = services.set_judge_affiliation(part, judge, unit=unit)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
        return redirect(manage_url(part, "don-vi-giam-khao"))
    if unit is None:
        messages.success(request, msg.AFFILIATION_CLEARED % {"judge": judge})
    else:
        messages.success(
            request, msg.AFFILIATION_SAVED % {"judge": judge, "unit": unit}
        )
    if withdrawn:
        messages.warning(
            request,
            msg.AFFILIATION_REMOVED_ASSIGNMENTS
            % {"judge": judge, "titles": ", ".join(f"«{c.title}»" for c in withdrawn)},
        )
    return redirect(manage_url(part, "don-vi-giam-khao"))


@login_required
@require_POST
def unassign(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    part = get_part_for_manager(request, slug)
    assignment = get_object_or_404(
        JudgeAssignment.objects.select_related("judge", "clip"), pk=pk, clip__part=part
    )
    try:
        services.remove_assignment(assignment)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(
            request,
            msg.ASSIGNMENT_REMOVED
            % {"judge": assignment.judge, "title": assignment.clip.title},
        )
    return redirect(manage_url(part, "phan-cong"))


@login_required
@require_POST
def toggle_clip(request: HttpRequest, slug: str, clip_id: int) -> HttpResponse:
    part = get_part_for_manager(request, slug)
    clip = get_object_or_404(VideoClip, pk=clip_id, part=part)
    published = request.POST.get("published") == "1"
    count = services.set_clips_published(part, clip_ids=[clip.pk], published=published)
    messages.success(request, msg.CLIPS_PUBLISHED % {"count": count})
    return redirect(manage_url(part, "video"))


@login_required
@require_POST
def lock(request: HttpRequest, slug: str) -> HttpResponse:
    part = get_part_for_manager(request, slug)
    locked = request.POST.get("locked") == "1"
    try:
        services.set_judging_locked(part, locked)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(
            request, msg.JUDGING_LOCKED_NOW if locked else msg.JUDGING_UNLOCKED_NOW
        )
    return redirect(manage_url(part))


@login_required
@require_POST
def finalise(request: HttpRequest, slug: str) -> HttpResponse:
    part = get_part_for_manager(request, slug)
    try:
        outcome = services.finalise_part(part)
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
    else:
        messages.success(
            request,
            msg.FINALISED
            % {"count": len(outcome.results), "prizes": len(outcome.awards)},
        )
    return redirect(manage_url(part, "ket-qua"))


@login_required
@require_POST
def publish(request: HttpRequest, slug: str) -> HttpResponse:
    part = get_part_for_manager(request, slug)
    published = request.POST.get("published") == "1"
    try:
        services.publish_results(part, published)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(
            request, msg.RESULTS_PUBLISHED if published else msg.RESULTS_UNPUBLISHED
        )
    return redirect(manage_url(part, "ket-qua"))
