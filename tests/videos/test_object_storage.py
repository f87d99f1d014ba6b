"""With object storage configured, no request path writes this node's disk: the
chunks of an upload, the clip, its poster, import previews, large form uploads
and export downloads all go to (or come from) the shared bucket. moto's
S3-protocol server on loopback stands in for the S3-compatible service."""

import builtins
import os
import tempfile
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from accounts.models import Unit
from awards.exports import run_export_job
from awards.models import ExportJob
from quizzes.models import QuestionBank
from tests.accounts.conftest import make_xlsx
from tests.quizzes.workbooks import many_rows, workbook
from videos.models import VideoClip, VideoUpload, video_storage
from videos.uploads import chunk_chain

from .conftest import upload_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def local_disk(tmp_path, settings, monkeypatch):
    """Watches this process's disk: ``with local_disk() as written:`` lists every
    file opened for writing or created inside the block; the temporary directory
    is the test's own, so nothing else's files count."""
    own_tmp = tmp_path / "tmp"
    own_tmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(own_tmp))
    settings.FILE_UPLOAD_TEMP_DIR = str(own_tmp)
    watched = [own_tmp, Path(settings.MEDIA_ROOT), Path(settings.VIDEO_UPLOAD_TEMP_DIR)]
    real_open, real_os_open = builtins.open, os.open

    def open_watched(file, mode="r", *args, **kwargs):
        if isinstance(file, (str, bytes, os.PathLike)) and set(mode) & set("wax+"):
            written.append(os.fsdecode(file))
        return real_open(file, mode, *args, **kwargs)

    def os_open_watched(path, flags, *args, **kwargs):
        if flags & os.O_CREAT:
            written.append(os.fsdecode(path))
        return real_os_open(path, flags, *args, **kwargs)

    written: list[str] = []

    @contextmanager
    def watch():
        with monkeypatch.context() as patch:
            patch.setattr(builtins, "open", open_watched)
            patch.setattr(os, "open", os_open_watched)
            yield written
        written.extend(
            str(path)
            for directory in watched
            if directory.exists()
            for path in directory.rglob("*")
            if path.is_file()
        )

    return watch


def _fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 -- loopback
        return response.read()


def test_an_upload_in_chunks_and_its_clip_never_touch_the_local_disk(
    object_storage,
    local_disk,
    part,
    unit_rep,
    mp4_bytes,
    django_capture_on_commit_callbacks,
):
    client = Client()
    client.force_login(unit_rep)
    with local_disk() as written, django_capture_on_commit_callbacks(execute=True):
        upload_id, last = upload_bytes(client, part, mp4_bytes, chunk=4096)
        assert last.status_code == 200, last.content
        submitted = client.post(
            reverse("videos:submit", kwargs={"slug": part.contest.slug}),
            {"title": "Từ kho chung", "upload_id": upload_id},
        )
        assert submitted.status_code == 302, submitted.content
        clip = VideoClip.objects.get()
        played = client.get(
            reverse("videos:clip_file", kwargs={"clip_id": clip.pk, "kind": "video"})
        )
    assert written == []
    storage = video_storage()
    assert storage.open(clip.file.name).read() == mp4_bytes
    assert clip.poster
    assert storage.exists(clip.poster.name)
    assert clip.duration_ms is not None  # ffprobe read the object through its URL
    assert not chunk_chain(VideoUpload.objects.get(pk=upload_id))  # chunks deleted
    # The browser plays (and seeks in) the bucket's presigned URL.
    assert played.status_code == 302
    assert played["Location"].startswith(f"{object_storage}/")
    assert _fetch(played["Location"]) == mp4_bytes


def test_admin_imports_preview_and_confirm_through_the_shared_storage(
    object_storage, local_disk, organizer, province
):
    client = Client()
    client.force_login(organizer)
    bank = workbook(many_rows(30))
    roster_file = make_xlsx([("KC-1", "Công đoàn Kho chung", "upper", "LDLD", 9)])
    with local_disk() as written:
        preview = client.post(
            reverse("admin:quizzes_question_import"),
            {
                "import_file": SimpleUploadedFile("bank.xlsx", bank),
                "format": "0",
                "resource": "0",
                "new_bank_name": "Ngân hàng kho chung",
            },
        )
        form = preview.context["confirm_form"]
        # Another node may take the confirmation: the file waits in the bucket.
        confirmed = Client()
        confirmed.force_login(organizer)
        done = confirmed.post(
            reverse("admin:quizzes_question_process_import"),
            {name: form[name].value() for name in form.fields},
        )
        assert done.status_code == 302
        roster = client.post(
            reverse("admin:accounts_unit_import"),
            {
                "import_file": SimpleUploadedFile("don-vi.xlsx", roster_file),
                "format": "0",
                "resource": "0",
            },
        )
        roster_form = roster.context["confirm_form"]
        roster_done = client.post(
            reverse("admin:accounts_unit_process_import"),
            {**roster_form.initial, "confirm": "1"},
        )
        assert roster_done.status_code == 302
        # Bigger than Django's in-memory limit (2.5 MB): kept in memory all the same.
        big = client.post(
            reverse("admin:quizzes_question_import"),
            {
                "import_file": SimpleUploadedFile("big.xlsx", b"x" * (3 << 20)),
                "format": "0",
                "resource": "0",
                "new_bank_name": "Tệp lớn",
            },
        )
        assert big.status_code == 200
    assert written == []
    assert QuestionBank.objects.get(name="Ngân hàng kho chung").questions.count() == 30
    assert Unit.objects.get(code="KC-1").parent == province


def test_an_export_is_downloaded_from_the_bucket(
    object_storage, local_disk, part, organizer, django_capture_on_commit_callbacks
):
    client = Client()
    client.force_login(organizer)
    with django_capture_on_commit_callbacks(execute=False):
        client.post(
            reverse("awards:export_start", kwargs={"slug": part.contest.slug}),
            {"kind": "contest"},
        )
    job = ExportJob.objects.get()
    # The Celery task may use a temporary file; the request paths may not.
    assert run_export_job(str(job.pk)) == ExportJob.Status.DONE
    with local_disk() as written:
        download = client.get(reverse("awards:export_download", args=[job.pk]))
    assert written == []
    assert download.status_code == 302
    assert download["Location"].startswith(f"{object_storage}/")
    assert _fetch(download["Location"]).startswith(b"PK")  # an .xlsx (zip)
