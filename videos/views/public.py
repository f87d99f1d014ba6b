"""The public's pages: the list of video parts, a part's gallery and results,
and the clip files themselves."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_http_methods

from core import storage
from videos import access, selectors
from videos.models import VideoClip, video_storage
from videos.streaming import stream_stored_file

from .common import get_part, result_rows


def index(request: HttpRequest) -> HttpResponse:
    parts = list(selectors.published_video_parts())
    mine = selectors.video_parts_for_user(request.user)
    if mine:
        mine["submit"] = [
            p for p in parts if access.representative_unit(request.user, p) is not None
        ]
    return render(request, "videos/index.html", {"parts": parts, "mine": mine})


def gallery(request: HttpRequest, slug: str) -> HttpResponse:
    part = get_part(slug)
    manager = access.can_manage(request.user, part.contest)
    if not part.contest.is_published and not manager:
        raise Http404
    show_results = part.results_published
    return render(
        request,
        "videos/gallery.html",
        {
            "part": part,
            "contest": part.contest,
            "clips": selectors.gallery_clips(part),
            "results": result_rows(part) if show_results else [],
            "show_results": show_results,
            "can_submit": access.representative_unit(request.user, part) is not None,
            "can_manage": manager,
            "is_judge": access.is_contest_judge(request.user, part.contest),
        },
    )


CONTENT_TYPES = {"mp4": "video/mp4", "mov": "video/quicktime", "webm": "video/webm"}


@require_http_methods(["GET", "HEAD"])
def clip_file(request: HttpRequest, clip_id: int, kind: str) -> HttpResponse:
    """A clip's video or poster from the local disk, seekable (Range). Published
    clips are public; others only reach the people who work on them (404 to the
    rest, so their existence is not revealed)."""
    clip = get_object_or_404(
        VideoClip.objects.select_related("part__contest", "unit"), pk=clip_id
    )
    public = clip.is_published and clip.part.contest.is_published
    if not public and not access.can_see_clip(request.user, clip):
        raise Http404
    field = clip.file if kind == "video" else clip.poster
    if not field:
        raise Http404
    stored_in = video_storage()
    if not storage.is_local(stored_in):
        # Object storage serves ranges itself (a presigned URL, CSP_MEDIA_ORIGINS).
        return HttpResponseRedirect(stored_in.url(field.name))
    content_type = (
        CONTENT_TYPES.get(clip.file_format, "application/octet-stream")
        if kind == "video"
        else "image/jpeg"
    )
    response = stream_stored_file(
        stored_in,
        field.name,
        content_type,
        request.headers.get("Range", ""),
        private=not public,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
