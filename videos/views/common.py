"""What every audience's pages share: finding the part, the organizers' gate,
the results rows."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.urls import reverse

from core.formatting import decimal
from videos import access, selectors
from videos.models import VideoPart


def error_text(error: ValidationError) -> str:
    return " ".join(str(m) for m in error.messages)


def get_part(slug: str) -> VideoPart:
    part = selectors.get_video_part(slug)
    if part is None:
        raise Http404
    return part


def get_part_for_manager(request: HttpRequest, slug: str) -> VideoPart:
    part = get_part(slug)
    if not access.can_manage(request.user, part.contest):
        raise PermissionDenied
    return part


def manage_url(part: VideoPart, anchor: str = "") -> str:
    url = reverse("videos:manage", kwargs={"slug": part.contest.slug})
    return f"{url}#{anchor}" if anchor else url


def result_rows(part: VideoPart) -> list[dict]:
    return [
        {
            "row": row,
            "jury": decimal(row.jury_points, 2),
            "public": decimal(row.public_share * 100, 2),
            "final": decimal(row.final_score, 2),
        }
        for row in selectors.results(part)
    ]
