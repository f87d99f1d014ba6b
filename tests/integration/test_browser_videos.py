"""In Chromium: a unit representative uploads the unit's clip in chunks and submits
it; a judge watches it and scores it."""

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

from tests.videos.conftest import (
    build_judges,
    build_part,
    close_submissions,
    make_clip_bytes,
)
from videos import services, uploads
from videos.models import JudgeAssignment, VideoClip
from videos.views import representatives as views

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def part(settings, tmp_path, organizer):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.VIDEO_UPLOAD_TEMP_DIR = str(tmp_path / "uploads")
    return build_part(organizer)


@pytest.fixture
def judges(part, province):
    return build_judges(part, province)


@pytest.fixture(scope="module")
def clip_file(tmp_path_factory) -> tuple[bytes, str, str]:
    """A WebM (VP8 plays in any Chromium) made by ffmpeg, else the mp4 stand-in."""
    directory = tmp_path_factory.mktemp("clips")
    webm = make_clip_bytes(directory, "webm")
    if webm is not None:
        return webm, "video/webm", "clip.webm"
    return make_clip_bytes(directory, "mp4"), "video/mp4", "clip.mp4"


def _login(context, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
    context.add_cookies(
        [
            {
                "name": django_settings.SESSION_COOKIE_NAME,
                "value": cookie.value,
                "url": live_server.url,
            }
        ]
    )


def test_representative_submits_in_chunks_and_judge_scores(
    live_server, new_context, part, unit_rep, judges, clip_file, monkeypatch
):
    # Small chunks, so even a tiny test clip travels in several requests.
    monkeypatch.setattr(uploads, "CHUNK_BYTES", 1024)
    monkeypatch.setattr(views, "CHUNK_BYTES", 1024)
    clip_bytes, mime, name = clip_file
    chunks = []

    rep_context = new_context()
    _login(rep_context, live_server, unit_rep)
    page = rep_context.new_page()
    dropped = []

    def flaky_network(route):
        # The connection drops once, in the middle of the file: the page must ask
        # the server where it stands and carry on.
        if route.request.method == "POST" and len(chunks) == 3 and not dropped:
            dropped.append(route.request.url)
            route.abort("connectionreset")
            return
        chunks.append(route.request.url)
        route.continue_()

    page.route("**/video/tai-len/*/", flaky_network)
    page.goto(live_server.url + reverse("videos:submit", args=[part.contest.slug]))
    page.get_by_label("Tên video").fill("Nhà giáo số hoá bài giảng")
    page.get_by_label("Mô tả").fill("Clip dự thi của Công đoàn ngành Giáo dục.")
    page.locator("#video-file").set_input_files(
        files=[{"name": name, "mimeType": mime, "buffer": clip_bytes}]
    )
    page.get_by_role("button", name="Gửi video").click()
    page.get_by_text("Đã gửi video «Nhà giáo số hoá bài giảng»").wait_for()
    assert dropped
    assert len(chunks) >= len(clip_bytes) // 1024 >= 3
    clip = VideoClip.objects.get(unit=unit_rep.represented_unit)
    assert clip.file_size == len(clip_bytes)
    assert clip.file.storage.open(clip.file.name).read() == clip_bytes
    # The page now shows the submitted clip, playable.
    assert page.locator("#current-clip video").count() == 1
    rep_context.close()

    # --- The deadline passes; the organizer assigns a judge. ------------------------
    close_submissions(part)
    services.assign_judge(part, judges[0])

    judge_context = new_context()
    _login(judge_context, live_server, judges[0])
    page = judge_context.new_page()
    page.goto(live_server.url + reverse("videos:judge_list", args=[part.contest.slug]))
    page.get_by_text("Nhà giáo số hoá bài giảng").click()
    # The clip loads in the player (metadata read through the seekable file view).
    # A function, not an expression: Playwright evals expressions in the page,
    # which the Content-Security-Policy forbids.
    page.wait_for_function("() => document.querySelector('video').readyState >= 1")
    page.get_by_label("Nội dung (0-40)").fill("45")
    page.get_by_label("Sáng tạo (0-30)").fill("25,5")
    page.get_by_label("Kỹ thuật (0-30)").fill("24")
    page.get_by_label("Nhận xét").fill("Ý tưởng tốt")
    page.get_by_role("button", name="Lưu điểm").click()
    page.get_by_text("Điểm tiêu chí «Nội dung» phải từ 0 đến 40").wait_for()
    assert not JudgeAssignment.objects.filter(scores__isnull=False).exists()
    page.get_by_label("Nội dung (0-40)").fill("35")
    page.get_by_role("button", name="Lưu điểm").click()
    page.get_by_text("Đã lưu điểm video «Nhà giáo số hoá bài giảng»").wait_for()
    assert page.get_by_text("Đã chấm").is_visible()
    assignment = JudgeAssignment.objects.get(judge=judges[0], clip=clip)
    assert sorted(assignment.scores.values_list("points_tenths", flat=True)) == [
        240,
        255,
        350,
    ]
    assert assignment.comment == "Ý tưởng tốt"
    judge_context.close()
