"""Recognising clips by content, probing them, and which links are accepted."""

import pytest

from videos import media
from videos.links import link_platform

from .conftest import FTYP_HEADER, HAS_FFMPEG, PNG_BYTES


def test_ftyp_box_is_recognised_as_mp4():
    assert media.sniff_format(FTYP_HEADER) == "mp4"


def test_quicktime_brand_is_recognised_as_mov():
    head = (20).to_bytes(4, "big") + b"ftypqt  " + b"\x00\x00\x02\x00qt  "
    assert media.sniff_format(head) == "mov"


def test_webm_ebml_header_with_webm_doctype_is_recognised():
    head = b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\x82\x84webm\x42\x87\x81\x02"
    assert media.sniff_format(head) == "webm"


@pytest.mark.parametrize(
    "head",
    [
        PNG_BYTES,
        b"",
        b"GIF89a" + b"\x00" * 20,
        # Matroska that is not WebM.
        b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\x82\x88matroska",
        # "ftyp" at the right place but a box too small to be real.
        (4).to_bytes(4, "big") + b"ftypisom",
        b"%PDF-1.7\n" + b"\x00" * 20,
    ],
)
def test_anything_else_is_not_a_video(head):
    assert media.sniff_format(head) is None


def test_real_clips_are_recognised_and_probed(mp4_bytes, webm_bytes, tmp_path):
    if not HAS_FFMPEG:
        pytest.fail("ffmpeg is installed by `make test`; this test needs it")
    mp4 = tmp_path / "a.mp4"
    mp4.write_bytes(mp4_bytes)
    webm = tmp_path / "a.webm"
    webm.write_bytes(webm_bytes)
    assert media.sniff_format(media.read_head(mp4)) == "mp4"
    assert media.sniff_format(media.read_head(webm)) == "webm"
    probe = media.probe(mp4)
    assert probe.has_video
    assert 1900 <= probe.duration_ms <= 2100  # a 2-second test clip
    poster = tmp_path / "poster.jpg"
    assert media.extract_poster(mp4, poster)
    assert poster.read_bytes()[:3] == b"\xff\xd8\xff"  # JPEG


def test_ffprobe_sees_no_video_in_a_png(tmp_path):
    if not HAS_FFMPEG:
        pytest.fail("ffmpeg is installed by `make test`; this test needs it")
    png = tmp_path / "x.mp4"
    png.write_bytes(PNG_BYTES)
    assert media.probe(png).has_video is False


def test_missing_ffmpeg_means_no_probe_and_no_poster(monkeypatch, tmp_path):
    monkeypatch.setattr(media.shutil, "which", lambda name: None)
    clip = tmp_path / "a.mp4"
    clip.write_bytes(FTYP_HEADER)
    assert media.probe(clip) is None
    assert media.extract_poster(clip, tmp_path / "p.jpg") is False


def test_a_hanging_ffprobe_is_cut_off_by_the_timeout(monkeypatch, tmp_path):
    import subprocess

    def hang(*args, **kwargs):
        raise subprocess.TimeoutExpired(cmd=args[0], timeout=kwargs["timeout"])

    monkeypatch.setattr(media.subprocess, "run", hang)
    monkeypatch.setattr(media.shutil, "which", lambda name: f"/usr/bin/{name}")
    assert media.probe(tmp_path / "a.mp4") is None
    assert media.extract_poster(tmp_path / "a.mp4", tmp_path / "p.jpg") is False


@pytest.mark.parametrize(
    ("url", "platform"),
    [
        ("https://www.youtube.com/watch?v=abc", "youtube"),
        ("https://youtu.be/abc", "youtube"),
        ("https://m.youtube.com/shorts/abc", "youtube"),
        ("https://www.facebook.com/congdoanbentre/videos/123", "facebook"),
        ("https://fb.watch/abc/", "facebook"),
        ("https://www.tiktok.com/@congdoan/video/1", "tiktok"),
        ("https://vt.tiktok.com/ZS123/", "tiktok"),
        ("http://www.youtube.com/watch?v=abc", "youtube"),
    ],
)
def test_public_links_of_the_three_platforms_are_accepted(url, platform):
    assert link_platform(url) == platform


@pytest.mark.parametrize(
    "url",
    [
        "https://notyoutube.com/watch?v=abc",
        "https://youtube.com.evil.example/watch",
        "https://drive.google.com/file/d/1",
        "javascript:alert(1)",
        "ftp://youtube.com/x",
        "https://user:pw@youtube.com/watch",
        "youtube.com/watch?v=abc",
        "",
    ],
)
def test_other_links_are_refused(url):
    assert link_platform(url) is None
