"""The chunked, resumable upload endpoints."""

import datetime
import io
import uuid

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from videos import messages as msg
from videos.models import VideoUpload
from videos.uploads import (
    CHUNK_BYTES,
    chunk_chain,
    chunk_prefix,
    discard_temp,
    received_bytes,
    upload_storage,
)

from .conftest import FTYP_HEADER, PNG_BYTES, upload_bytes

pytestmark = pytest.mark.django_db


def _start(client, part, size, name="clip.mp4"):
    return client.post(
        reverse("videos:upload_start", kwargs={"slug": part.contest.slug}),
        data={"filename": name, "size": size},
        content_type="application/json",
    )


def _chunk(client, url, offset, data):
    return client.post(
        url,
        data=data,
        content_type="application/octet-stream",
        headers={"Upload-Offset": str(offset)},
    )


def test_a_file_arrives_in_chunks_and_matches_byte_for_byte(client, part, unit_rep):
    client.force_login(unit_rep)
    data = FTYP_HEADER + bytes(range(256)) * 40  # 10,264 bytes
    upload_id, last = upload_bytes(client, part, data, chunk=1000)
    assert last.status_code == 200
    assert last.json() == {"offset": len(data), "complete": True}
    upload = VideoUpload.objects.get(pk=upload_id)
    assert upload.status == VideoUpload.Status.COMPLETE
    assert upload.detected_format == "mp4"
    assert received_bytes(upload) == data


def test_a_retried_chunk_is_not_written_twice_and_the_client_resumes(
    client, part, unit_rep
):
    client.force_login(unit_rep)
    data = FTYP_HEADER + b"x" * 200
    start = _start(client, part, len(data)).json()
    url = start["url"]
    assert _chunk(client, url, 0, data[:100]).json()["offset"] == 100
    # The answer to the next chunk was lost; the client sends it again...
    assert _chunk(client, url, 100, data[100:150]).status_code == 200
    again = _chunk(client, url, 100, data[100:150])
    # ...and is told where the server is instead of doubling the bytes.
    assert again.status_code == 409
    assert again.json()["offset"] == 150
    # After a dropped connection the client asks and carries on.
    assert client.get(url).json()["offset"] == 150
    assert _chunk(client, url, 150, data[150:]).json() == {
        "offset": len(data),
        "complete": True,
    }
    upload = VideoUpload.objects.get(pk=start["upload_id"])
    assert received_bytes(upload) == data


def test_a_file_over_the_contest_limit_is_refused_before_any_byte(
    client, part, unit_rep
):
    part.max_upload_mb = 1
    part.save()
    client.force_login(unit_rep)
    response = _start(client, part, 1024 * 1024 + 1, name="phim-dai.mp4")
    assert response.status_code == 400
    assert response.json()["error"] == msg.FILE_TOO_LARGE % {
        "name": "phim-dai.mp4",
        "size_mb": "1",
        "limit_mb": 1,
    }
    assert not VideoUpload.objects.exists()


def test_bytes_beyond_the_declared_size_are_refused(client, part, unit_rep):
    client.force_login(unit_rep)
    data = FTYP_HEADER + b"x" * 100
    url = _start(client, part, len(data)).json()["url"]
    response = _chunk(client, url, 0, data + b"more")
    assert response.status_code == 400
    assert response.json()["error"] == msg.UPLOAD_BEYOND_SIZE % {"size": len(data)}
    assert client.get(url).json()["offset"] == 0


def test_a_chunk_above_the_chunk_size_is_refused_unread(client, part, unit_rep):
    client.force_login(unit_rep)
    size = CHUNK_BYTES + 10
    url = _start(client, part, size).json()["url"]
    response = _chunk(client, url, 0, FTYP_HEADER + b"\0" * (size - len(FTYP_HEADER)))
    assert response.status_code == 413
    assert client.get(url).json()["offset"] == 0


def test_a_png_named_mp4_is_refused_at_the_first_chunk(client, part, unit_rep):
    client.force_login(unit_rep)
    upload_id, response = upload_bytes(client, part, PNG_BYTES, name="clip.mp4")
    assert response.status_code == 400
    assert response.json()["error"] == msg.BAD_FILE_TYPE % {
        "name": "clip.mp4",
        "formats": "MP4/MOV/WebM",
    }
    assert VideoUpload.objects.get(pk=upload_id).received == 0


def test_a_format_the_contest_does_not_accept_is_refused(client, part, unit_rep):
    part.accept_mp4 = False
    part.save()
    client.force_login(unit_rep)
    _, response = upload_bytes(client, part, FTYP_HEADER, name="clip.mp4")
    assert response.status_code == 400
    assert "MOV/WebM" in response.json()["error"]


def test_only_the_owner_sees_or_extends_an_upload(client, part, unit_rep, rep_b):
    client.force_login(unit_rep)
    url = _start(client, part, 100).json()["url"]
    other = Client()
    other.force_login(rep_b)
    assert other.get(url).status_code == 404
    assert _chunk(other, url, 0, FTYP_HEADER).status_code == 404
    assert Client().get(url).status_code == 404


def test_chunks_need_the_csrf_token(part, unit_rep):
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(unit_rep)
    response = _start(csrf_client, part, 100)
    assert response.status_code == 403
    assert not VideoUpload.objects.exists()


def test_only_representatives_of_competing_units_may_start(
    client, part, contestant_a, organizer
):
    for user in (contestant_a, organizer):
        client.force_login(user)
        response = _start(client, part, 100)
        assert response.status_code == 403
        assert response.json()["error"] == msg.NOT_A_REPRESENTATIVE
    client.logout()
    assert _start(client, part, 100).status_code == 403


def test_no_upload_after_the_deadline(client, part, unit_rep):
    client.force_login(unit_rep)
    url = _start(client, part, 200).json()["url"]
    part.submission_deadline = timezone.now() - datetime.timedelta(seconds=1)
    part.save()
    response = _chunk(client, url, 0, FTYP_HEADER)
    assert response.status_code == 400
    assert "Đã hết hạn gửi video" in response.json()["error"]
    assert _start(client, part, 200).status_code == 400


def test_a_lost_temporary_file_makes_the_client_start_over(client, part, unit_rep):
    client.force_login(unit_rep)
    data = FTYP_HEADER + b"y" * 100
    start = _start(client, part, len(data)).json()
    assert _chunk(client, start["url"], 0, data[:70]).status_code == 200
    discard_temp(VideoUpload.objects.get(pk=start["upload_id"]))
    response = _chunk(client, start["url"], 70, data[70:])
    assert response.status_code == 409
    assert response.json()["offset"] == 0
    assert _chunk(client, start["url"], 0, data).json()["complete"] is True


def test_starting_again_discards_the_unfinished_upload(client, part, unit_rep):
    client.force_login(unit_rep)
    first = _start(client, part, 500).json()
    _chunk(client, first["url"], 0, FTYP_HEADER)
    second = _start(client, part, 500).json()
    assert list(VideoUpload.objects.values_list("pk", flat=True)) == [
        uuid.UUID(second["upload_id"])
    ]


def test_abandoned_uploads_are_purged_with_their_temporary_files(
    client, part, unit_rep
):

    client.force_login(unit_rep)
    data = FTYP_HEADER + b"z" * 100
    start = _start(client, part, len(data)).json()
    _chunk(client, start["url"], 0, data[:80])
    upload = VideoUpload.objects.get(pk=start["upload_id"])
    assert chunk_chain(upload)
    out = io.StringIO()
    call_command("purge_video_uploads", stdout=out)
    assert VideoUpload.objects.exists()  # fresh: kept
    with time_machine.travel(timezone.now() + datetime.timedelta(days=3)):
        call_command("purge_video_uploads", stdout=out)
    assert not VideoUpload.objects.exists()
    assert not chunk_chain(upload)
    assert "Đã xoá 1 lượt" in out.getvalue()


def test_starting_again_with_on_commit_callbacks_run_discards_the_earlier_file(
    client, part, unit_rep, django_capture_on_commit_callbacks
):
    """A representative whose line dropped mid-upload starts again: the earlier
    row and its temporary file go, the new start answers 201, and a third start
    still works (no row left behind that blocks every later start)."""
    client.force_login(unit_rep)
    data = FTYP_HEADER + b"q" * 100
    with django_capture_on_commit_callbacks(execute=True):
        first = _start(client, part, len(data)).json()
    with django_capture_on_commit_callbacks(execute=True):
        assert _chunk(client, first["url"], 0, data[:80]).status_code == 200
    first_upload = VideoUpload.objects.get(pk=first["upload_id"])
    assert chunk_chain(first_upload)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        second = _start(client, part, len(data))
    assert second.status_code == 201
    assert len(callbacks) == 1
    assert not chunk_chain(first_upload)
    with django_capture_on_commit_callbacks(execute=True):
        third = _start(client, part, len(data))
    assert third.status_code == 201
    assert list(VideoUpload.objects.values_list("pk", flat=True)) == [
        uuid.UUID(third.json()["upload_id"])
    ]
    url = third.json()["url"]
    with django_capture_on_commit_callbacks(execute=True):
        assert _chunk(client, url, 0, data).json() == {
            "offset": len(data),
            "complete": True,
        }


def test_an_unfinished_row_without_its_file_never_blocks_a_new_start(
    client, part, unit_rep, django_capture_on_commit_callbacks
):
    """What a failed request used to leave behind: a receiving row whose temporary
    file never existed (or was lost with a machine). Starting again still works."""
    left = VideoUpload.objects.create(
        part=part, owner=unit_rep, filename="clip.mp4", size=500
    )
    client.force_login(unit_rep)
    with django_capture_on_commit_callbacks(execute=True):
        response = _start(client, part, 500)
    assert response.status_code == 201
    assert not VideoUpload.objects.filter(pk=left.pk).exists()
    assert VideoUpload.objects.get().pk == uuid.UUID(response.json()["upload_id"])


def test_a_chunk_stored_by_a_request_that_died_before_committing_never_counts(
    client, part, unit_rep
):
    """Chunks are objects named by their bytes; the row says how many count. A
    request on another node stored bytes 100-224 and died before its row update
    committed: the retried chunks at 100 replace it, byte for byte."""
    client.force_login(unit_rep)
    data = FTYP_HEADER + bytes(range(200))
    start = _start(client, part, len(data)).json()
    assert _chunk(client, start["url"], 0, data[:100]).status_code == 200
    upload = VideoUpload.objects.get(pk=start["upload_id"])
    upload_storage().save(
        f"{chunk_prefix(upload)}/{100:012d}-{len(data):012d}", ContentFile(b"!" * 124)
    )
    assert _chunk(client, start["url"], 100, data[100:150]).status_code == 200
    assert _chunk(client, start["url"], 150, data[150:]).json()["complete"] is True
    upload.refresh_from_db()
    assert received_bytes(upload) == data
