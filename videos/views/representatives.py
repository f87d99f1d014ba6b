"""A unit representative's pages: the submission form and the resumable upload
it drives."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from core.errors import DomainError
from core.formatting import local_datetime
from core.http import status_for
from videos import access, selectors, services
from videos import messages as msg
from videos.forms import (
    SubmitForm,
)
from videos.uploads import (
    CHUNK_BYTES,
    OffsetMismatch,
    UploadNotFound,
    append_chunk,
    get_upload_for_user,
    start_upload,
)

from .common import error_text, get_part

# The file picker's hint only; the server checks the content.
ACCEPT = {
    "mp4": "video/mp4,.mp4",
    "mov": "video/quicktime,.mov",
    "webm": "video/webm,.webm",
}


@login_required
def submit(request: HttpRequest, slug: str) -> HttpResponse:
    part = get_part(slug)
    unit = access.representative_unit(request.user, part)
    if unit is None:
        raise PermissionDenied(msg.NOT_A_REPRESENTATIVE)
    existing = selectors.represented_clip(part, unit)
    form = SubmitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            outcome = services.submit_clip(
                request.user,
                part,
                title=data["title"],
                description=data["description"],
                upload_id=data["upload_id"],
                external_url=data["external_url"],
                replace=data["replace"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            text = msg.CLIP_REPLACED if outcome.replaced else msg.CLIP_SUBMITTED
            messages.success(
                request, text % {"title": outcome.clip.title, "unit": unit}
            )
            return redirect("videos:submit", slug=slug)
    now = timezone.now()
    deadline = part.submission_deadline
    return render(
        request,
        "videos/submit.html",
        {
            "part": part,
            "contest": part.contest,
            "unit": unit,
            "clip": existing,
            "form": form,
            "open": deadline is not None and now <= deadline,
            "deadline": local_datetime(deadline) if deadline else None,
            "accept": ",".join(ACCEPT[f] for f in part.accepted_formats),
            "chunk_bytes": CHUNK_BYTES,
        },
    )


def _refusal(error: DomainError) -> JsonResponse:
    """A refused chunk: the message, where to resume for an offset mismatch."""
    body = {"error": error.message}
    if isinstance(error, OffsetMismatch):
        body["offset"] = error.offset
    return JsonResponse(body, status=status_for(error))


def _json_error(error, status: int) -> JsonResponse:
    text = error_text(error) if isinstance(error, ValidationError) else str(error)
    return JsonResponse({"error": text}, status=status)


@require_POST
def upload_start(request: HttpRequest, slug: str) -> JsonResponse:
    if not request.user.is_authenticated:
        return JsonResponse({"error": str(msg.NOT_A_REPRESENTATIVE)}, status=403)
    part = get_part(slug)
    try:
        payload = json.loads(request.body or b"{}")
        size = int(payload.get("size"))
        filename = str(payload.get("filename") or "")
    except (ValueError, TypeError, AttributeError):
        return JsonResponse({"error": str(msg.SOURCE_REQUIRED)}, status=400)
    try:
        upload = start_upload(request.user, part, filename=filename, size=size)
    except ValidationError as exc:
        status = 403 if exc.code == "not_representative" else 400
        return _json_error(exc, status)
    return JsonResponse(
        {
            "upload_id": str(upload.pk),
            "offset": 0,
            "size": upload.size,
            "chunk_size": CHUNK_BYTES,
            "url": reverse("videos:upload_chunk", kwargs={"upload_id": upload.pk}),
        },
        status=201,
    )


@require_http_methods(["GET", "POST"])
def upload_chunk(request: HttpRequest, upload_id) -> JsonResponse:
    """GET: how much the server holds (to resume). POST: one chunk at
    `Upload-Offset`. Only the upload's owner gets an answer other than 404."""
    if not request.user.is_authenticated:
        return JsonResponse({"error": str(msg.UPLOAD_NOT_FOUND)}, status=404)
    try:
        upload = get_upload_for_user(request.user, upload_id)
    except UploadNotFound as exc:
        return _refusal(exc)
    if request.method == "GET":
        return JsonResponse(
            {
                "upload_id": str(upload.pk),
                "offset": upload.received,
                "size": upload.size,
                "complete": upload.status != upload.Status.RECEIVING,
            }
        )
    try:
        length = int(request.headers.get("Content-Length") or 0)
        offset = int(request.headers.get("Upload-Offset", ""))
    except ValueError:
        return JsonResponse(
            {"error": str(msg.UPLOAD_OFFSET_MISMATCH % {"offset": upload.received})},
            status=400,
        )
    if length > CHUNK_BYTES:
        # Refused before reading the body: a client cannot push more than a chunk.
        return JsonResponse(
            {"error": str(msg.CHUNK_TOO_LARGE % {"max_mb": CHUNK_BYTES // 2**20})},
            status=413,
        )
    data = request.read(CHUNK_BYTES + 1)
    try:
        result = append_chunk(
            request.user, upload_id=upload.pk, offset=offset, data=data
        )
    except (UploadNotFound, OffsetMismatch) as exc:
        return _refusal(exc)
    except ValidationError as exc:
        return _json_error(exc, 413 if exc.code == "chunk_too_large" else 400)
    return JsonResponse({"offset": result.offset, "complete": result.complete})
