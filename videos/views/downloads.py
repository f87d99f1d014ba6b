"""The Excel downloads: results and the judges' score sheet."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from videos import access, exports
from videos.models import VideoPart

from .common import get_part


def _get_part_for_export(request: HttpRequest, slug: str) -> VideoPart:
    part = get_part(slug)
    if not access.can_export(request.user, part.contest):
        raise PermissionDenied
    return part


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=exports.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def export_results(request: HttpRequest, slug: str) -> HttpResponse:
    part = _get_part_for_export(request, slug)
    return _xlsx(exports.results_workbook(part), f"ket-qua-video-{slug}.xlsx")


@login_required
def export_scores(request: HttpRequest, slug: str) -> HttpResponse:
    part = _get_part_for_export(request, slug)
    return _xlsx(exports.score_sheet_workbook(part), f"bang-diem-video-{slug}.xlsx")
