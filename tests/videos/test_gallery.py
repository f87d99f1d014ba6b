"""The public gallery: published clips, playable; results once published."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import VideoClipFactory
from tests.factories.contests import ContestFactory
from tests.factories.videos import VideoPartFactory
from videos import services

from .conftest import close_submissions

pytestmark = pytest.mark.django_db


def _page(part) -> str:
    return (
        Client()
        .get(reverse("videos:gallery", kwargs={"slug": part.contest.slug}))
        .content.decode()
    )


@pytest.fixture
def file_clip(part, unit_rep, mp4_bytes):
    from videos.uploads import append_chunk, start_upload

    upload = start_upload(unit_rep, part, filename="clip.mp4", size=len(mp4_bytes))
    for offset in range(0, len(mp4_bytes), 65536):
        append_chunk(
            unit_rep,
            upload_id=upload.pk,
            offset=offset,
            data=mp4_bytes[offset : offset + 65536],
        )
    return services.submit_clip(
        unit_rep, part, title="Trường học số", upload_id=upload.pk
    ).clip


def test_only_published_clips_are_shown(part, file_clip, unit_b):
    link_clip = VideoClipFactory(part=part, unit=unit_b, title="Bệnh viện số")
    assert "Trường học số" not in _page(part)
    services.set_clips_published(
        part, clip_ids=[file_clip.pk, link_clip.pk], published=True
    )
    page = _page(part)
    # A stored file plays in the page from the storage URL...
    assert f'<source src="{file_clip.file_url()}" type="video/mp4">' in page
    # ...a link opens the platform.
    assert f'href="{link_clip.external_url}" target="_blank"' in page
    assert "Xem video trên YouTube" in page
    services.set_clips_published(part, clip_ids=[link_clip.pk], published=False)
    assert "Bệnh viện số" not in _page(part)


def test_the_stored_file_is_served_whole_and_by_range(
    client, part, file_clip, mp4_bytes
):
    services.set_clips_published(part, clip_ids=[file_clip.pk], published=True)
    file_clip.refresh_from_db()
    response = client.get(file_clip.file_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "video/mp4"
    assert response["Accept-Ranges"] == "bytes"
    assert b"".join(response.streaming_content) == mp4_bytes
    # Seeking: the browser asks for a byte range.
    response = client.get(file_clip.file_url(), headers={"Range": "bytes=10-99"})
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 10-99/{len(mp4_bytes)}"
    assert b"".join(response.streaming_content) == mp4_bytes[10:100]
    response = client.get(file_clip.file_url(), headers={"Range": "bytes=-5"})
    assert b"".join(response.streaming_content) == mp4_bytes[-5:]
    response = client.get(
        file_clip.file_url(), headers={"Range": f"bytes={len(mp4_bytes)}-"}
    )
    assert response.status_code == 416


def test_an_unpublished_file_reaches_only_the_people_working_on_it(
    part, file_clip, unit_rep, rep_b, judges, organizer
):
    url = file_clip.file_url()
    services.assign_judge(part, judges[0])

    def status(user):
        c = Client()
        if user is not None:
            c.force_login(user)
        return c.get(url).status_code

    assert status(None) == 404
    assert status(rep_b) == 404
    assert status(judges[1]) == 404  # a judge of the contest, not assigned
    assert status(unit_rep) == 200
    assert status(judges[0]) == 200
    assert status(organizer) == 200


def test_object_storage_replaces_the_disk_by_settings_alone(
    object_storage, part, unit_rep, mp4_bytes
):
    from videos.models import video_storage
    from videos.uploads import append_chunk, start_upload

    upload = start_upload(unit_rep, part, filename="clip.mp4", size=len(mp4_bytes))
    append_chunk(unit_rep, upload_id=upload.pk, offset=0, data=mp4_bytes[:60000])
    if len(mp4_bytes) > 60000:
        append_chunk(
            unit_rep, upload_id=upload.pk, offset=60000, data=mp4_bytes[60000:]
        )
    clip = services.submit_clip(unit_rep, part, title="S3", upload_id=upload.pk).clip
    assert video_storage().open(clip.file.name).read() == mp4_bytes
    # The browser plays the bucket's presigned URL, not a view of this node.
    assert clip.file_url().startswith(f"{object_storage}/")
    assert "X-Amz-Signature=" in clip.file_url()
    assert clip.duration_ms is not None  # ffprobe read the stored object
    assert clip.poster_url().startswith(f"{object_storage}/")


def test_results_appear_only_once_published(part, unit_a, unit_b, judges):
    clips = [VideoClipFactory(part=part, unit=u) for u in (unit_a, unit_b)]
    services.set_clips_published(part, clip_ids=[c.pk for c in clips], published=True)
    close_submissions(part)
    services.assign_judge(part, judges[0])
    criteria = list(part.criteria.all())
    for clip, points in zip(clips, ((400, 300, 300), (200, 100, 100)), strict=True):
        services.save_scores(
            judges[0],
            clip,
            points={c.pk: p for c, p in zip(criteria, points, strict=True)},
        )
    services.finalise_part(part)
    assert 'id="video-results"' not in _page(part)
    services.publish_results(part, True)
    page = _page(part)
    assert 'id="video-results"' in page
    # Clip 1: 100 of 100 points · 70 % = 70,00; clip 2: 40 of 100 · 70 % = 28,00
    # (a decimal comma, as Vietnamese write it).
    assert "70,00" in page
    assert "28,00" in page
    assert "4,000,000" in page or "4.000.000" in page


def test_the_index_lists_contests_with_a_video_part(part):
    page = Client().get(reverse("videos:index")).content.decode()
    assert part.contest.title in page


def test_the_index_points_each_person_to_their_work(part, unit_rep, judges, organizer):
    url = reverse("videos:index")
    for user, link in (
        (unit_rep, reverse("videos:submit", kwargs={"slug": part.contest.slug})),
        (judges[0], reverse("videos:judge_list", kwargs={"slug": part.contest.slug})),
        (organizer, reverse("videos:manage", kwargs={"slug": part.contest.slug})),
    ):
        client = Client()
        client.force_login(user)
        assert f'href="{link}"' in client.get(url).content.decode()


def test_pages_read_a_fixed_number_of_queries_however_many_clips(
    part, judges, organizer, django_assert_max_num_queries
):
    from tests.factories import UnitFactory

    clips = [
        VideoClipFactory(part=part, unit=UnitFactory(kind="upper"), is_published=True)
        for _ in range(12)
    ]
    services.assign_judge(part, judges[0])
    anonymous = Client()
    with django_assert_max_num_queries(6):
        anonymous.get(reverse("videos:gallery", kwargs={"slug": part.contest.slug}))
    judge = Client()
    judge.force_login(judges[0])
    with django_assert_max_num_queries(12):
        page = judge.get(
            reverse("videos:judge_list", kwargs={"slug": part.contest.slug})
        )
    assert page.content.decode().count("Chưa chấm") == len(clips)
    org = Client()
    org.force_login(organizer)
    with django_assert_max_num_queries(20):
        org.get(reverse("videos:manage", kwargs={"slug": part.contest.slug}))


def test_the_contest_page_links_to_its_video_part_only_when_it_has_one(db, client):
    with_video = ContestFactory(is_published=True)
    VideoPartFactory(contest=with_video)
    without_video = ContestFactory(is_published=True)
    page = client.get(with_video.get_absolute_url()).content.decode()
    assert reverse("videos:gallery", args=[with_video.slug]) in page
    page = client.get(without_video.get_absolute_url()).content.decode()
    assert 'id="video-part-link"' not in page


def test_the_publish_button_says_what_a_click_will_do(part, organizer):
    from tests.factories import UnitFactory

    shown = VideoClipFactory(part=part, unit=UnitFactory(kind="upper"))
    shown.is_published = True
    shown.save(update_fields=["is_published"])
    hidden = VideoClipFactory(part=part, unit=UnitFactory(kind="upper"))
    org = Client()
    org.force_login(organizer)
    page = org.get(
        reverse("videos:manage", kwargs={"slug": part.contest.slug})
    ).content.decode()
    row = page[page.index(f'id="manage-clip-{shown.pk}"') :]
    row = row[: row.index("</tr>")]
    assert "Đang công khai" in row
    assert "Ẩn khỏi thư viện video" in row
    row = page[page.index(f'id="manage-clip-{hidden.pk}"') :]
    row = row[: row.index("</tr>")]
    assert "Đang ẩn" in row
    assert "Công khai lên thư viện video" in row
