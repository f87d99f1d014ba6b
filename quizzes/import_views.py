"""Admin pages of an import run in the background (quizzes.import_jobs): upload,
progress (htmx polls a fragment; no inline script), check with counts and pages of
questions, confirm. Only the organizer who started an import (or a superuser) sees
it; others get 404."""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from core import workbooks

from . import import_jobs, layout
from .importing import FORMATS, messages
from .importing.checks import say
from .models import QuestionBank, QuestionImport

BY_CONTENT = ""
FORMAT_CHOICES = [
    (BY_CONTENT, _("Theo nội dung tệp")),
    ("xlsx", "Excel (.xlsx)"),
    ("docx", "Word (.docx)"),
    ("aiken", "Aiken"),
    ("gift", "GIFT"),
]
CHOOSE_BANK = _("Chọn một ngân hàng có sẵn hoặc ghi tên ngân hàng mới.")
ALREADY_CONFIRMED = _("Lượt nhập này không còn chờ xác nhận.")


def guess_format(data: bytes, name: str) -> str:
    """xlsx or docx by the zip's content; gift or aiken by extension or braces."""
    kind = workbooks.sniff(data)
    if kind in (workbooks.XLSX, workbooks.DOCX):
        return kind  # a broken zip is "xlsx": its reader says what is wrong
    lowered = name.lower()
    if lowered.endswith(".gift"):
        return "gift"
    if lowered.endswith((".aiken", ".txt")) and b"{" not in data[:100_000]:
        return "aiken"
    return "gift" if b"{" in data[:100_000] else "aiken"


class UploadForm(forms.Form):
    bank = forms.ModelChoiceField(
        queryset=QuestionBank.objects.all(), required=False, label=_("Ngân hàng có sẵn")
    )
    new_bank_name = forms.CharField(
        required=False, max_length=200, label=_("hoặc tên ngân hàng mới")
    )
    import_file = forms.FileField(label=_("Tệp câu hỏi"))
    format = forms.ChoiceField(
        choices=FORMAT_CHOICES, required=False, label=_("Định dạng")
    )

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        if upload.size > layout.MAX_FILE_BYTES:
            raise ValidationError(
                say(
                    messages.FILE_TOO_LARGE,
                    size=f"{upload.size / (1024 * 1024):.1f}",
                    limit=layout.MAX_FILE_BYTES // (1024 * 1024),
                )
            )
        return upload

    def clean(self):
        cleaned = super().clean()
        bank = cleaned.get("bank")
        name = (cleaned.get("new_bank_name") or "").strip()
        if not bank and not name:
            raise ValidationError(CHOOSE_BANK)
        cleaned["bank_name"] = bank.name if bank else name
        return cleaned


def _job_for(request, job_id: int, *, polled: bool = False) -> QuestionImport:
    # The page never shows the upload's bytes; the progress poll (every second)
    # needs no preview either (up to 50,000 entries while the write runs).
    deferred = ("data", "preview") if polled else ("data",)
    job = get_object_or_404(QuestionImport.objects.defer(*deferred), pk=job_id)
    if job.created_by_id != request.user.pk and not request.user.is_superuser:
        raise Http404
    return job


def _context(model_admin, request, **extra) -> dict:
    return {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        **extra,
    }


def upload_view(request, *, model_admin):
    if not model_admin.has_import_permission(request):
        raise PermissionDenied
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["import_file"]
        data = b"".join(upload.chunks())
        fmt = form.cleaned_data["format"] or guess_format(data, upload.name)
        if fmt not in FORMATS:
            fmt = "xlsx"
        job = import_jobs.start_question_import(
            user=request.user,
            data=data,
            file_name=upload.name,
            bank_name=form.cleaned_data["bank_name"],
            fmt=fmt,
        )
        return redirect("admin:quizzes_question_import_job", job_id=job.pk)
    return TemplateResponse(
        request,
        "admin/quizzes/question/import_job_upload.html",
        _context(
            model_admin,
            request,
            form=form,
            title=_("Nhập câu hỏi (chạy nền)"),
            layout_headers=layout.HEADERS,
        ),
    )


def job_view(request, job_id: int, *, model_admin):
    if not model_admin.has_import_permission(request):
        raise PermissionDenied
    polled = bool(request.headers.get("HX-Request"))
    job = _job_for(request, job_id, polled=polled)
    running = job.status in {
        QuestionImport.Status.QUEUED,
        QuestionImport.Status.CHECKING,
        QuestionImport.Status.IMPORTING,
    }
    if polled:
        response = TemplateResponse(
            request,
            "admin/quizzes/question/_import_job_progress.html",
            _context(
                model_admin, request, job=job, running=running, steps=import_jobs.STEPS
            ),
        )
        if not running:
            response["HX-Refresh"] = "true"  # the whole page: the check's results
        return response
    try:
        page = int(request.GET.get("page", "1"))
    except ValueError:
        page = 1
    entries, pages = import_jobs.page_of(job, page)
    page = min(max(1, page), pages)
    context = _context(
        model_admin,
        request,
        job=job,
        entries=entries,
        page=page,
        pages=pages,
        previous_page=page - 1 if page > 1 else None,
        next_page=page + 1 if page < pages else None,
        running=running,
        steps=import_jobs.STEPS,
        title=_("Nhập câu hỏi: %(name)s") % {"name": job.file_name},
    )
    return TemplateResponse(request, "admin/quizzes/question/import_job.html", context)


@require_POST
def confirm_view(request, job_id: int, *, model_admin):
    if not model_admin.has_import_permission(request):
        raise PermissionDenied
    job = _job_for(request, job_id)
    if not import_jobs.confirm_question_import(job):
        model_admin.message_user(request, str(ALREADY_CONFIRMED), level="warning")
    return redirect("admin:quizzes_question_import_job", job_id=job.pk)
