"""Certificate pages: the public verification page, the winner's list and
download, the desk of the contest's organizers and secretariat (list, zip)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from accounts.ratelimits import client_address
from contests.models import Contest
from core import storage

from . import access, selectors, services
from .forms import BatchForm
from .models import Certificate, CertificateBatch
from .services.batches import member_name

MSG_TOO_MANY = "Bạn đã mở quá nhiều trang xác minh. Vui lòng thử lại sau ít phút."
MSG_BATCH_QUEUED = "Đang tạo tệp nén giấy chứng nhận…"


def _address(group, request) -> str:
    return client_address(request)


def _verify_rate(group, request) -> str:
    return settings.CERTIFICATES_VERIFY_RATE


@ratelimit(key=_address, rate=_verify_rate, block=False)
def verify(request: HttpRequest, code: str) -> HttpResponse:
    """Public: anyone holding the paper checks it. Name, unit and prize only (no
    birth date, phone or CCCD); a revoked certificate says so first, and why."""
    if getattr(request, "limited", False):
        return render(
            request, "certificates/limited.html", {"message": _(MSG_TOO_MANY)},
            status=429,
        )  # fmt: skip
    certificate = get_object_or_404(Certificate, code=code)
    return render(request, "certificates/verify.html", {"certificate": certificate})


def _get_certificate_for_download(request: HttpRequest, code: str) -> Certificate:
    """404 for whoever may not download it (no hint that it exists)."""
    certificate = get_object_or_404(Certificate, code=code)
    if not access.may_download(request.user, certificate):
        raise Http404
    return certificate


@login_required
def download(request: HttpRequest, code: str) -> HttpResponse:
    certificate = _get_certificate_for_download(request, code)
    pdf = services.render_pdf(certificate, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{member_name(certificate)}"'
    )
    return response


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "certificates/mine.html",
        {"certificates": selectors.certificates_of(request.user)},
    )


def _get_contest_for_staff(request: HttpRequest, slug: str) -> Contest:
    contest = get_object_or_404(Contest, slug=slug)
    if not access.may_make_batches(request.user, contest):
        raise PermissionDenied
    return contest


@login_required
def desk(request: HttpRequest, slug: str) -> HttpResponse:
    """Every certificate of the contest, valid and revoked, and the zip form.
    Opening it re-matches (awards written before certificates existed get theirs;
    idempotent)."""
    contest = _get_contest_for_staff(request, slug)
    services.reconcile_contest(contest.id)
    return render(
        request,
        "certificates/desk.html",
        {
            "contest": contest,
            "certificates": selectors.contest_certificates(contest.id),
            "form": BatchForm(contest=contest),
        },
    )


@login_required
@require_POST
def batch_start(request: HttpRequest, slug: str) -> HttpResponse:
    contest = _get_contest_for_staff(request, slug)
    form = BatchForm(request.POST, contest=contest)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect("certificates:desk", slug=contest.slug)
    batch = services.request_batch(
        contest, requested_by=request.user, round_=form.cleaned_data["round"]
    )
    messages.info(request, _(MSG_BATCH_QUEUED))
    return redirect("certificates:batch", batch_id=batch.pk)


def _get_batch_for_user(request: HttpRequest, batch_id) -> CertificateBatch:
    """Only the person who asked for a zip sees and downloads it."""
    batch = get_object_or_404(
        CertificateBatch.objects.select_related("contest", "round"), pk=batch_id
    )
    if batch.requested_by_id != request.user.id:
        raise Http404
    return batch


@login_required
def batch(request: HttpRequest, batch_id) -> HttpResponse:
    batch = _get_batch_for_user(request, batch_id)
    template = (
        "certificates/_batch_progress.html"
        if request.htmx
        else "certificates/batch.html"
    )
    return render(request, template, {"batch": batch})


@login_required
def batch_download(request: HttpRequest, batch_id) -> HttpResponse:
    batch = _get_batch_for_user(request, batch_id)
    if batch.status != CertificateBatch.Status.DONE or not batch.file:
        raise Http404
    return storage.download(
        batch.file.storage,
        batch.file.name,
        filename=batch.filename,
        content_type="application/zip",
    )
