"""Submitting and replacing a unit's clip (services and the submission page)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from tests.factories import VideoClipFactory
from videos import media, services
from videos import messages as msg
from videos.models import VideoClip, VideoUpload, video_storage
from videos.uploads import append_chunk, chunk_chain, start_upload

from .conftest import FTYP_HEADER, HAS_FFMPEG

pytestmark = pytest.mark.django_db


def _uploaded(user, part, data: bytes, name="clip.mp4") -> VideoUpload:
    upload = start_upload(user, part, filename=name, size=len(data))
    for offset in range(0, len(data), 4096):
        append_chunk(
            user, upload_id=upload.pk, offset=offset, data=data[offset : offset + 4096]
        )
    return upload


def test_a_link_clip_is_stored_with_its_platform(part, unit_rep):
    outcome = services.submit_clip(
        unit_rep,
        part,
        title="Giáo dục số",
        external_url=" https://www.tiktok.com/@cd/video/9 ",
    )
    clip = outcome.clip
    assert not outcome.replaced
    assert (clip.unit, clip.link_platform, clip.external_url) == (
        unit_rep.represented_unit,
        "tiktok",
        "https://www.tiktok.com/@cd/video/9",
    )


@pytest.mark.parametrize(
    "url", ["https://drive.google.com/x", "https://youtube.com.evil.vn/x", "abc"]
)
def test_links_outside_the_three_platforms_are_refused(part, unit_rep, url):
    with pytest.raises(ValidationError) as error:
        services.submit_clip(unit_rep, part, title="X", external_url=url)
    assert error.value.messages == [msg.BAD_LINK % {"url": url}]
    assert not VideoClip.objects.exists()


def test_exactly_one_source_is_needed(part, unit_rep, mp4_bytes):
    with pytest.raises(ValidationError) as error:
        services.submit_clip(unit_rep, part, title="X")
    assert error.value.messages == [msg.SOURCE_REQUIRED]
    upload = _uploaded(unit_rep, part, mp4_bytes)
    with pytest.raises(ValidationError) as error:
        services.submit_clip(
            unit_rep,
            part,
            title="X",
            upload_id=upload.pk,
            external_url="https://youtu.be/x",
        )
    assert error.value.messages == [msg.SOURCE_BOTH]


def test_a_second_clip_is_refused_but_a_replacement_is_taken(
    part, unit_rep, mp4_bytes, django_capture_on_commit_callbacks
):
    upload = _uploaded(unit_rep, part, mp4_bytes)
    with django_capture_on_commit_callbacks(execute=True):
        first = services.submit_clip(
            unit_rep, part, title="Bản đầu", upload_id=upload.pk
        ).clip
    old_file = first.file.name
    assert video_storage().exists(old_file)
    assert not chunk_chain(upload)  # the upload's chunks are gone
    with pytest.raises(ValidationError) as error:
        services.submit_clip(
            unit_rep, part, title="Bản hai", external_url="https://youtu.be/2"
        )
    assert error.value.messages == [msg.SECOND_CLIP % {"unit": first.unit}]
    with django_capture_on_commit_callbacks(execute=True):
        outcome = services.submit_clip(
            unit_rep,
            part,
            title="Bản hai",
            external_url="https://youtu.be/2",
            replace=True,
        )
    assert outcome.replaced
    assert outcome.clip.pk == first.pk
    clip = VideoClip.objects.get()
    assert (clip.title, clip.file.name, clip.link_platform) == (
        "Bản hai",
        "",
        "youtube",
    )
    assert not video_storage().exists(old_file)  # the replaced file is deleted


def test_the_database_holds_one_clip_per_unit(part, unit_a):
    VideoClipFactory(part=part, unit=unit_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        VideoClipFactory(part=part, unit=unit_a)


def test_the_database_refuses_a_clip_with_both_or_no_source(part, unit_a, unit_b):
    with pytest.raises(IntegrityError), transaction.atomic():
        VideoClipFactory(part=part, unit=unit_a, file="videos/x.mp4")
    with pytest.raises(IntegrityError), transaction.atomic():
        VideoClipFactory(part=part, unit=unit_b, external_url="", link_platform="")


def test_nothing_is_taken_after_the_deadline(part, unit_rep):
    part.submission_deadline = timezone.now() - datetime.timedelta(minutes=5)
    part.save()
    with pytest.raises(ValidationError) as error:
        services.submit_clip(
            unit_rep, part, title="Muộn", external_url="https://youtu.be/late"
        )
    assert error.value.code == "deadline_passed"
    assert "Đã hết hạn gửi video" in error.value.messages[0]
    assert not VideoClip.objects.exists()


def test_nothing_is_taken_before_a_deadline_is_announced(part, unit_rep):
    part.submission_deadline = None
    part.save()
    with pytest.raises(ValidationError) as error:
        services.submit_clip(
            unit_rep, part, title="Sớm", external_url="https://youtu.be/early"
        )
    assert error.value.messages == [msg.DEADLINE_NOT_SET]


def test_someone_elses_upload_cannot_be_used(part, unit_rep, rep_b, mp4_bytes):
    upload = _uploaded(unit_rep, part, mp4_bytes)
    with pytest.raises(ValidationError) as error:
        services.submit_clip(rep_b, part, title="Lấy hộ", upload_id=upload.pk)
    assert error.value.messages == [msg.UPLOAD_NOT_FOUND]


def test_an_unfinished_upload_cannot_be_submitted(part, unit_rep, mp4_bytes):
    upload = start_upload(unit_rep, part, filename="clip.mp4", size=len(mp4_bytes))
    append_chunk(unit_rep, upload_id=upload.pk, offset=0, data=mp4_bytes[:100])
    with pytest.raises(ValidationError) as error:
        services.submit_clip(unit_rep, part, title="Dở dang", upload_id=upload.pk)
    assert error.value.code == "upload_incomplete"


def test_an_ftyp_header_without_a_real_video_is_refused_by_ffprobe(part, unit_rep):
    if not HAS_FFMPEG:
        pytest.fail("ffmpeg is installed by `make test`; this test needs it")
    upload = _uploaded(unit_rep, part, FTYP_HEADER + b"\0" * 200, name="gia.mp4")
    with pytest.raises(ValidationError) as error:
        services.submit_clip(unit_rep, part, title="Giả", upload_id=upload.pk)
    assert error.value.messages == [msg.NOT_A_VIDEO % {"name": "gia.mp4"}]
    assert not VideoClip.objects.exists()
    storage = video_storage()
    assert not storage.exists("videos") or storage.listdir(
        f"videos/{part.contest_id}"
    ) == ([], [])  # nothing was stored


def test_without_ffmpeg_a_checked_file_is_still_taken(monkeypatch, part, unit_rep):
    monkeypatch.setattr(media.shutil, "which", lambda name: None)
    upload = _uploaded(unit_rep, part, FTYP_HEADER)
    clip = services.submit_clip(
        unit_rep, part, title="Không ffmpeg", upload_id=upload.pk
    ).clip
    assert (clip.file_format, clip.duration_ms, clip.poster.name) == ("mp4", None, "")
    assert video_storage().open(clip.file.name).read() == FTYP_HEADER


def test_the_stored_name_never_comes_from_the_user(part, unit_rep, mp4_bytes):
    upload = _uploaded(unit_rep, part, mp4_bytes, name="../../etc/passwd.mp4")
    clip = services.submit_clip(unit_rep, part, title="T", upload_id=upload.pk).clip
    assert clip.file.name.startswith(f"videos/{part.contest_id}/")
    assert "passwd" not in clip.file.name
    assert clip.file.name.endswith(".mp4")


def test_the_submission_page_shows_the_form_only_before_the_deadline(
    client, part, unit_rep
):
    client.force_login(unit_rep)
    url = reverse("videos:submit", kwargs={"slug": part.contest.slug})
    assert 'id="clip-form"' in client.get(url).content.decode()
    part.submission_deadline = timezone.now() - datetime.timedelta(minutes=1)
    part.save()
    page = client.get(url).content.decode()
    assert 'id="clip-form"' not in page
    assert "Đã hết hạn gửi video" in page


def test_the_submission_page_reports_a_bad_link_and_keeps_the_input(
    client, part, unit_rep
):
    client.force_login(unit_rep)
    url = reverse("videos:submit", kwargs={"slug": part.contest.slug})
    response = client.post(
        url, {"title": "Tên hay", "external_url": "https://vimeo.com/1"}
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        msg.BAD_LINK % {"url": "https://vimeo.com/1"}
    ]
    assert 'value="Tên hay"' in response.content.decode()
    assert not VideoClip.objects.exists()
