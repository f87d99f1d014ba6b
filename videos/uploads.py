"""Chunked, resumable upload of a clip file (services).

Protocol (see views.upload_start / upload_chunk and static/js/videos-upload.js):

1. start: the representative declares the file name and size; the size is checked
   against the contest's limit before a byte is sent. One upload in progress per
   person and contest: starting again discards the earlier one.
2. chunk: each request carries up to CHUNK_BYTES of raw body and the offset it
   starts at. The server appends it to a temporary file only when the offset equals
   what it already holds (so a retried chunk is never written twice); otherwise it
   answers with its offset and the client resumes from there. The first chunk is
   checked by content (ftyp / EBML) so a wrong file is refused after 1 MB, not
   500 MB. Nothing past the declared size is ever accepted.
3. the finished temporary file is handed to submit_clip, which checks it again,
   probes it and copies it into the storage.

Temporary files live in settings.VIDEO_UPLOAD_TEMP_DIR (default: the system temp
dir). With several web machines that directory must be shared, or the load balancer
must keep a client on one machine.
"""

from __future__ import annotations

import datetime
import logging
import os
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.errors import Conflict, NotFound

from . import messages as msg
from .media import HEAD_BYTES, sniff_format
from .models import VideoPart, VideoUpload
from .rules import check_can_submit, format_list

# 1 MiB: under Django's 2.5 MB body limit, and short enough on a slow mobile line
# to finish inside a web worker's request timeout.
CHUNK_BYTES = 1024 * 1024
STALE_AFTER = datetime.timedelta(days=2)

log = logging.getLogger(__name__)


class UploadNotFound(NotFound):
    """The upload does not exist or belongs to someone else."""

    def __init__(self):
        super().__init__(str(msg.UPLOAD_NOT_FOUND))


class OffsetMismatch(Conflict):
    """The client's offset differs from the server's: resume from `offset`."""

    def __init__(self, offset: int):
        super().__init__(str(msg.UPLOAD_OFFSET_MISMATCH % {"offset": offset}))
        self.offset = offset


def upload_temp_dir() -> Path:
    configured = getattr(settings, "VIDEO_UPLOAD_TEMP_DIR", None)
    path = (
        Path(configured)
        if configured
        else Path(tempfile.gettempdir()) / "portal-video-uploads"
    )
    path.mkdir(parents=True, exist_ok=True)
    return path


def temp_path(upload: VideoUpload) -> Path:
    # The name is the upload's UUID: never anything the client sent.
    return upload_temp_dir() / f"{uuid.UUID(str(upload.pk)).hex}.part"


def discard_temp(upload: VideoUpload) -> None:
    discard_temp_files([temp_path(upload)])


def discard_temp_files(paths: list[Path]) -> None:
    """Delete temporary upload files. Runs after commit: a file that cannot be
    removed is logged and left for purge_video_uploads, never turned into an error
    for a request whose rows are already committed."""
    for path in paths:
        try:
            path.unlink(missing_ok=True)
        except OSError:
            log.warning("could not delete temporary upload %s", path)


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".rstrip("0").rstrip(".")


def start_upload(
    user: User, part: VideoPart, *, filename: str, size: int, now=None
) -> VideoUpload:
    """Open a chunked upload for the representative's unit.

    Refuses (ValidationError) when the user may not submit, the deadline has passed,
    uploads are off, or `size` is 0 or above the contest's limit. Discards the user's
    earlier unfinished uploads for this contest. Safe to call again (a new upload).
    """
    now = now or timezone.now()
    check_can_submit(user, part, now)
    if not part.allow_upload:
        raise ValidationError(msg.UPLOAD_NOT_ALLOWED, code="upload_not_allowed")
    name = os.path.basename(str(filename or "video"))[:255] or "video"
    if size <= 0:
        raise ValidationError(msg.FILE_EMPTY % {"name": name}, code="empty")
    if size > part.max_upload_bytes:
        raise ValidationError(
            msg.FILE_TOO_LARGE
            % {"name": name, "size_mb": _mb(size), "limit_mb": part.max_upload_mb},
            code="too_large",
        )
    with transaction.atomic():
        earlier = list(
            VideoUpload.objects.select_for_update().filter(
                part=part, owner=user, status=VideoUpload.Status.RECEIVING
            )
        )
        # The paths are taken before the rows go: delete() clears an instance's
        # primary key, and the file name is made from it.
        stale_files = [temp_path(old) for old in earlier]
        VideoUpload.objects.filter(pk__in=[old.pk for old in earlier]).delete()
        upload = VideoUpload.objects.create(
            part=part, owner=user, filename=name, size=size
        )
        transaction.on_commit(lambda: discard_temp_files(stale_files), robust=True)
    return upload


def get_upload_for_user(user: User, upload_id) -> VideoUpload:
    try:
        upload = VideoUpload.objects.select_related("part__contest").get(
            pk=upload_id, owner=user
        )
    except (VideoUpload.DoesNotExist, ValidationError, ValueError) as exc:
        raise UploadNotFound from exc
    return upload


@dataclass(frozen=True)
class ChunkResult:
    offset: int
    complete: bool


def append_chunk(
    user: User, *, upload_id, offset: int, data: bytes, now=None
) -> ChunkResult:
    """Append `data` at `offset` to the user's upload.

    Raises UploadNotFound (not theirs / unknown), OffsetMismatch (resume from the
    server's offset; nothing written), ValidationError (too large a chunk, beyond the
    declared size, a first chunk that is not a video of an accepted type, deadline
    passed). A retried chunk whose offset is already behind the server's is never
    written twice. The row lock serialises concurrent chunks of one upload.
    """
    now = now or timezone.now()
    if len(data) > CHUNK_BYTES:
        raise ValidationError(
            msg.CHUNK_TOO_LARGE % {"max_mb": CHUNK_BYTES // (1024 * 1024)},
            code="chunk_too_large",
        )
    if not data:
        raise ValidationError(msg.CHUNK_EMPTY, code="chunk_empty")
    with transaction.atomic():
        try:
            upload = (
                VideoUpload.objects.select_for_update()
                .select_related("part__contest")
                .get(pk=upload_id, owner=user)
            )
        except (VideoUpload.DoesNotExist, ValidationError, ValueError) as exc:
            raise UploadNotFound from exc
        if upload.status != VideoUpload.Status.RECEIVING:
            raise OffsetMismatch(upload.received)
        check_can_submit(user, upload.part, now)
        if offset != upload.received:
            raise OffsetMismatch(upload.received)
        if upload.received + len(data) > upload.size:
            raise ValidationError(
                msg.UPLOAD_BEYOND_SIZE % {"size": upload.size}, code="beyond_size"
            )
        lost = not _write_chunk(upload, offset, data)
        if not lost:
            upload.received += len(data)
            if upload.received == upload.size:
                upload.status = VideoUpload.Status.COMPLETE
            upload.save(
                update_fields=["received", "status", "detected_format", "updated_at"]
            )
    if lost:
        raise OffsetMismatch(0)
    return ChunkResult(
        offset=upload.received,
        complete=upload.status == VideoUpload.Status.COMPLETE,
    )


def _write_chunk(upload: VideoUpload, offset: int, data: bytes) -> bool:
    """Write ``data`` at ``offset`` of the upload's temporary file; False (and
    the upload reset to 0) when the file is gone."""
    path = temp_path(upload)
    if offset == 0:
        upload.detected_format = _first_chunk_format(upload, data)
        with open(path, "wb") as fh:
            fh.write(data)
        return True
    have = path.stat().st_size if path.exists() else -1
    if have < offset:
        # The temporary file is gone (restart, other machine): start over.
        upload.received = 0
        upload.detected_format = ""
        upload.save(update_fields=["received", "detected_format", "updated_at"])
        return False
    with open(path, "r+b") as fh:
        # A crash after writing but before commit leaves extra bytes.
        fh.truncate(offset)
        fh.seek(offset)
        fh.write(data)
    return True


def _first_chunk_format(upload: VideoUpload, data: bytes) -> str:
    """The format the first chunk's bytes show; refused when too short to tell or
    not one the part accepts."""
    need = min(upload.size, HEAD_BYTES)
    if len(data) < need:
        raise ValidationError(
            msg.FIRST_CHUNK_TOO_SMALL % {"n": need}, code="first_chunk"
        )
    fmt = sniff_format(data[:HEAD_BYTES])
    if fmt is None or fmt not in upload.part.accepted_formats:
        raise ValidationError(
            msg.BAD_FILE_TYPE
            % {
                "name": upload.filename,
                "formats": format_list(upload.part.accepted_formats),
            },
            code="bad_type",
        )
    return fmt


def purge_stale_uploads(now=None) -> int:
    """Delete unfinished or unused uploads older than STALE_AFTER and their temporary
    files. Returns how many. Safe to run any time, twice, or concurrently."""
    now = now or timezone.now()
    stale = VideoUpload.objects.filter(
        updated_at__lt=now - STALE_AFTER,
        status__in=[VideoUpload.Status.RECEIVING, VideoUpload.Status.COMPLETE],
    )
    count = 0
    for upload in stale.iterator():
        discard_temp(upload)
        upload.delete()
        count += 1
    return count
