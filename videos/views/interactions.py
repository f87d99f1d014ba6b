"""Public interaction counts, entered by hand or imported from Excel by
organizers and the helpers they name."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from videos import access, services
from videos import messages as msg
from videos.forms import (
    InteractionForm,
    InteractionImportForm,
)
from videos.imports import import_interactions
from videos.models import VideoClip, VideoPart

from .common import error_text, get_part, manage_url
from .staff import manage


def _get_part_for_interactions(request: HttpRequest, slug: str) -> VideoPart:
    part = get_part(slug)
    if not access.can_enter_interactions(request.user, part.contest):
        raise PermissionDenied
    return part


@login_required
@require_POST
def interactions(request: HttpRequest, slug: str, clip_id: int) -> HttpResponse:
    part = _get_part_for_interactions(request, slug)
    clip = get_object_or_404(VideoClip, pk=clip_id, part=part)
    form = InteractionForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{clip.unit} — {label}: {error}")
        return _refused(request, part)
    try:
        services.set_interactions(clip, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
        return _refused(request, part)
    messages.success(request, msg.INTERACTIONS_SAVED % {"title": clip.title})
    return redirect(_back(request, part))


@login_required
@require_POST
def interactions_import(request: HttpRequest, slug: str) -> HttpResponse:
    part = _get_part_for_interactions(request, slug)
    form = InteractionImportForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return _refused(request, part)
    upload = form.cleaned_data["file"]
    try:
        outcome = import_interactions(part, upload, filename=upload.name)
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
        return _refused(request, part)
    messages.success(request, msg.INTERACTIONS_IMPORTED % {"count": outcome.updated})
    return redirect(_back(request, part))


def _back(request: HttpRequest, part: VideoPart) -> str:
    if access.can_manage(request.user, part.contest):
        return manage_url(part, "tuong-tac")
    return reverse("videos:interactions_page", kwargs={"slug": part.contest.slug})


def _refused(request: HttpRequest, part: VideoPart) -> HttpResponse:
    """Refused counts: the page the form was on, with the errors as messages, and
    400 (nothing was saved)."""
    manager = access.can_manage(request.user, part.contest)
    response = (manage if manager else interactions_page)(request, part.contest.slug)
    response.status_code = 400
    return response


@login_required
def interactions_page(request: HttpRequest, slug: str) -> HttpResponse:
    """The helpers' page: counts per clip and the Excel import, nothing else."""
    part = _get_part_for_interactions(request, slug)
    return render(
        request,
        "videos/interactions.html",
        {
            "part": part,
            "contest": part.contest,
            "clips": list(part.clips.select_related("unit").order_by("unit__code")),
            "import_form": InteractionImportForm(),
        },
    )
