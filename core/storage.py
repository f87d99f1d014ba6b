"""Files in the storage every web node shares (local disk or object storage):
how a download is answered. Object storage answers the browser itself, through
a presigned URL that expires; the local disk streams through the view."""

from __future__ import annotations

from django.core.files.storage import FileSystemStorage, Storage
from django.http import FileResponse, HttpResponse, HttpResponseRedirect


def is_local(storage: Storage) -> bool:
    return isinstance(storage, FileSystemStorage)


def presigned(storage: Storage) -> bool:
    """True for object storage whose url() signs parameters (django-storages S3)."""
    try:
        from storages.backends.s3 import S3Storage
    except ImportError:  # pragma: no cover - django-storages is in requirements
        return False
    return isinstance(getattr(storage, "_wrapped", storage), S3Storage)


def download(
    storage: Storage, name: str, *, filename: str, content_type: str
) -> HttpResponse:
    """An attachment download of a stored file: a redirect to a presigned URL
    that names the file (object storage), else the file streamed by this node."""
    if presigned(storage):
        disposition = f'attachment; filename="{filename}"'
        url = storage.url(
            name,
            parameters={
                "ResponseContentDisposition": disposition,
                "ResponseContentType": content_type,
            },
        )
        return HttpResponseRedirect(url)
    return FileResponse(
        storage.open(name, "rb"),
        as_attachment=True,
        filename=filename,
        content_type=content_type,
    )
