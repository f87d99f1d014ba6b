"""The settings that put every file on object storage (django-storages' S3
backend, any S3-compatible service). One function, so config/settings.py and the
tests that run against an S3 endpoint configure it the same way."""

from __future__ import annotations

S3_BACKEND = "storages.backends.s3.S3Storage"
# nginx refuses bodies over 25 MB (deploy/nginx/portal.conf): every upload the
# portal accepts fits in memory.
MEMORY_UPLOAD_LIMIT = 26 * 1024 * 1024


def s3_options(
    *,
    bucket: str,
    endpoint_url: str = "",
    access_key: str = "",
    secret_key: str = "",
    region: str = "",
    prefix: str = "",
    addressing_style: str = "path",
    url_expire_seconds: int = 3600,
) -> dict:
    return {
        "bucket_name": bucket,
        "endpoint_url": endpoint_url or None,
        "access_key": access_key or None,
        "secret_key": secret_key or None,
        "region_name": region or None,
        "location": prefix,
        "addressing_style": addressing_style,
        "signature_version": "s3v4",
        # A private bucket: the browser gets presigned URLs that expire.
        "default_acl": None,
        "querystring_auth": True,
        "querystring_expire": url_expire_seconds,
        # Django's rule: a name in use gets a suffix, never overwritten.
        "file_overwrite": False,
    }


def object_storage_settings(storages: dict, **options) -> dict:
    """The settings to update for object storage: STORAGES (default and the
    chunks of uploads in progress), upload handlers that never write this node's
    disk, and django-import-export's file between preview and confirmation kept
    in the shared storage (the node that confirms may not be the one that
    previewed)."""
    default = s3_options(**options)
    chunks = {
        **default,
        "location": "/".join(p for p in (default["location"], "video-uploads") if p),
        # Chunk names are decided under the upload's row lock (videos.uploads).
        "file_overwrite": True,
    }
    return {
        "STORAGES": {
            **storages,
            "default": {"BACKEND": S3_BACKEND, "OPTIONS": default},
            "video_uploads": {"BACKEND": S3_BACKEND, "OPTIONS": chunks},
        },
        "FILE_UPLOAD_HANDLERS": [
            "django.core.files.uploadhandler.MemoryFileUploadHandler"
        ],
        "FILE_UPLOAD_MAX_MEMORY_SIZE": MEMORY_UPLOAD_LIMIT,
        "IMPORT_EXPORT_TMP_STORAGE_CLASS": "import_export.tmp_storages.MediaStorage",
    }
