"""Chunked, resumable upload of a clip file (services).

Protocol (see views.upload_start / upload_chunk and static/js/videos-upload.js):

1. start: the representative declares the file name and size; the size is checked
   against the contest's limit before a byte is sent. One upload in progress per
   person and contest: starting again discards the earlier one.
2. chunk: each request carries up to CHUNK_BYTES of raw body and the offset it
   starts at. The chunk is stored only when the offset equals what the upload's
   row says it holds (so a retried chunk is never written twice); otherwise the
   server answers with its offset and the client resumes from there. The first
   chunk is checked by content (ftyp / EBML) so a wrong file is refused after 1 MB,
   not 500 MB. Nothing past the declared size is ever accepted.
3. submit_clip assembles the chunks into one stored clip, checks and probes it.

Chunks go to a storage every web node shares (object storage has no append, so
each chunk is an object of its own, named by the bytes it holds:
``<upload>/<start>-<end>``), so consecutive chunks may land on different nodes.
The upload's row is the truth: its lock serialises the chunks of one upload, and
only the chain of chunks from 0 to ``received`` counts; a chunk written by a
request that died before committing is overwritten or ignored. The storage is
STORAGES["video_uploads"] when configured (object storage), else a directory on
the disk (settings.VIDEO_UPLOAD_TEMP_DIR, never under MEDIA_ROOT: it is served).
"""

from __future__ import annotations

import datetime
import io
import logging
import os
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, Storage, storages
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


def upload_storage() -> Storage:
    if "video_uploads" in settings.STORAGES:
        return storages["video_uploads"]
    configured = getattr(settings, "VIDEO_UPLOAD_TEMP_DIR", None)
    location = configured or str(Path(tempfile.gettempdir()) / "portal-video-uploads")
    return FileSystemStorage(location=location)


def chunk_prefix(upload: VideoUpload) -> str:
    # The name is the upload's UUID: never anything the client sent.
    return uuid.UUID(str(upload.pk)).hex


def _chunk_name(prefix: str, start: int, end: int) -> str:
    return f"{prefix}/{start:012d}-{end:012d}"


def _stored_chunks(storage: Storage, prefix: str) -> dict[int, tuple[int, str]]:
    """{start: (end, name)} of every chunk object stored for an upload."""
    try:
        _dirs, files = storage.listdir(prefix)
    except FileNotFoundError:
        return {}
    found = {}
    for file in files:
        try:
            start, end = (int(n) for n in file.split("-"))
        except ValueError:
            continue
        found[start] = (end, f"{prefix}/{file}")
    return found


def _chain(found: dict[int, tuple[int, str]], length: int) -> list[str] | None:
    """The names of the chunks holding bytes 0 to ``length`` in order; None when
    one of them is missing."""
    chain, position = [], 0
    while position < length:
        if position not in found:
            return None
        position, name = found[position]
        chain.append(name)
    return chain if position == length else None


def chunk_chain(upload: VideoUpload, storage: Storage | None = None) -> list[str]:
    """The chunks holding what the upload's row says it received, in order; empty
    when one is missing (lost: the upload must start over)."""
    found = _stored_chunks(storage or upload_storage(), chunk_prefix(upload))
    return _chain(found, upload.received) or []


class ChainReader(io.RawIOBase):
    """The upload's chunks read as one stream, a chunk (≤ CHUNK_BYTES) at a time."""

    def __init__(self, storage: Storage, names: list[str]):
        self._storage, self._names = storage, list(names)
        self._buffer, self._at = b"", 0

    def readable(self) -> bool:
        return True

    def readinto(self, target) -> int:
        while self._at >= len(self._buffer) and self._names:
            with self._storage.open(self._names.pop(0), "rb") as fh:
                self._buffer, self._at = fh.read(), 0
        count = min(len(target), len(self._buffer) - self._at)
        target[:count] = memoryview(self._buffer)[self._at : self._at + count]
        self._at += count
        return count


def received_bytes(upload: VideoUpload) -> bytes:
    """Everything received so far (tests and small files only)."""
    return ChainReader(upload_storage(), chunk_chain(upload)).read()


def discard_temp(upload: VideoUpload) -> None:
    discard_temp_files([chunk_prefix(upload)])


def discard_temp_files(prefixes: list[str]) -> None:
    """Delete uploads' chunks. Runs after commit: a chunk that cannot be removed is
    logged and left for purge_video_uploads, never turned into an error for a
    request whose rows are already committed."""
    storage = upload_storage()
    for prefix in prefixes:
        for _end, name in _stored_chunks(storage, prefix).values():
            try:
                storage.delete(name)
            except OSError:
                log.warning("could not delete upload chunk %s", name)


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
        stale_files = [chunk_prefix(old) for old in earlier]
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
    """Store ``data`` as the upload's chunk starting at ``offset``; False (and the
    upload reset to 0) when an earlier chunk is gone. Runs under the row's lock."""
    storage = upload_storage()
    prefix = chunk_prefix(upload)
    found = _stored_chunks(storage, prefix)
    if offset == 0:
        upload.detected_format = _first_chunk_format(upload, data)
    elif _chain(found, offset) is None:
        # A chunk is gone (purged, storage restored): start over.
        upload.received = 0
        upload.detected_format = ""
        upload.save(update_fields=["received", "detected_format", "updated_at"])
        return False
    for start, (_end, name) in found.items():
        # Left by a request that died after storing but before committing, or by
        # an earlier try of the upload: never part of the chain.
        if start >= offset:
            storage.delete(name)
    name = _chunk_name(prefix, offset, offset + len(data))
    if storage.save(name, ContentFile(data)) != name:
        raise RuntimeError(f"upload chunk {name} stored under another name")
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
