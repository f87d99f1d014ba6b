"""Celery tasks of the video part: thin wrappers over services."""

from celery import shared_task


@shared_task(name="videos.purge_video_uploads")
def purge_video_uploads() -> int:
    """Delete chunked uploads abandoned for two days; returns how many. Re-runnable."""
    from videos.uploads import purge_stale_uploads

    return purge_stale_uploads()
