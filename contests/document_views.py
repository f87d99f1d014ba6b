"""A contest's reference documents (thể lệ, decisions, handbooks) uploaded as files.

Served by the portal itself: the site has no web server for MEDIA_URL outside
debug, and an unpublished contest's files must stay out of reach."""

from __future__ import annotations

import mimetypes
from pathlib import PurePosixPath

from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from .models import ReferenceDocument

# Opened in the browser; any other type is downloaded, so an uploaded page or
# script never runs on the portal's origin.
INLINE_TYPES = {"application/pdf", "image/png", "image/jpeg", "text/plain"}


@require_GET
def document(request: HttpRequest, document_id: int) -> FileResponse:
    doc = get_object_or_404(
        ReferenceDocument.objects.select_related("contest"),
        pk=document_id,
        contest__is_published=True,
    )
    if not doc.file:
        raise Http404
    name = PurePosixPath(doc.file.name).name
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    try:
        handle = doc.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    return FileResponse(
        handle,
        as_attachment=content_type not in INLINE_TYPES,
        filename=name,
        content_type=content_type,
    )
