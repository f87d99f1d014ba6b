"""Excel exports: asked for on the desk (or by a unit representative for their
subtree's participation), written by a Celery job, downloaded by whoever asked."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from accounts.models import Unit
from contests.models import Contest
from contests.permissions import Action, may
from core import sheets, storage

from .. import exports
from ..forms import ExportForm
from ..models import ExportJob
from .common import back_to_desk, get_contest_for_user

MSG_EXPORT_QUEUED = "Đang xuất tệp Excel…"


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
    contest = get_contest_for_user(request, slug)
    exporter = may(request.user, Action.EXPORT, contest)
    form = ExportForm(request.POST, contest=contest)
    if not form.is_valid():
        if not exporter and not may(request.user, Action.VIEW_PARTICIPATION, contest):
            raise PermissionDenied
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        if exporter:
            return back_to_desk(contest)
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
    return storage.download(
        job.file.storage,
        job.file.name,
        filename=job.filename,
        content_type=sheets.CONTENT_TYPE,
    )
