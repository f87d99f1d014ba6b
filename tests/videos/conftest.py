"""Fixtures of the video part: the Bến Tre-shaped contest, its staff, real clips."""

import datetime
import shutil
import subprocess
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts import roles
from contests.models import ContestStaff
from tests.factories import (
    CriterionFactory,
    UnitFactory,
    UserFactory,
    VideoContestFactory,
    VideoPartFactory,
    VideoPrizeTierFactory,
    VideoStaffFactory,
)
from tests.s3 import object_storage, s3_endpoint  # noqa: F401 (fixtures)

HAS_FFMPEG = shutil.which("ffmpeg") is not None and shutil.which("ffprobe") is not None

# A minimal ISO-BMFF header: a 24-byte ftyp box (major brand isom, minor 512,
# compatible isom/mp41) followed by an empty mdat box. Enough for the content check;
# used as "the mp4" only when ffmpeg is not installed to make a real one.
FTYP_HEADER = (
    (24).to_bytes(4, "big")
    + b"ftyp"
    + b"isom"
    + (512).to_bytes(4, "big")
    + b"isom"
    + b"mp41"
    + (8).to_bytes(4, "big")
    + b"mdat"
)
PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06"
    b"\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01"
    b"\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Stored clips and temporary uploads go to this test's own directory."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.VIDEO_UPLOAD_TEMP_DIR = str(tmp_path / "uploads")


def _ffmpeg(out: Path, *codec_args: str) -> bytes:
    subprocess.run(
        [
            "ffmpeg",
            "-v",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            "testsrc=duration=2:size=64x48:rate=10",
            *codec_args,
            str(out),
        ],
        check=True,
        timeout=60,
    )
    return out.read_bytes()


def make_clip_bytes(directory: Path, kind: str) -> bytes | None:
    """A real 2-second clip made by ffmpeg ("mp4" H.264 or "webm" VP8). Without
    ffmpeg: the hand-built ftyp header for mp4, None for webm."""
    if not HAS_FFMPEG:
        return FTYP_HEADER if kind == "mp4" else None
    if kind == "mp4":
        args = ("-pix_fmt", "yuv420p", "-c:v", "libx264", "-preset", "ultrafast")
    else:
        args = ("-c:v", "libvpx", "-b:v", "100k")
    return _ffmpeg(directory / f"clip.{kind}", *args)


@pytest.fixture(scope="session")
def mp4_bytes(tmp_path_factory) -> bytes:
    return make_clip_bytes(tmp_path_factory.mktemp("clips"), "mp4")


@pytest.fixture(scope="session")
def webm_bytes(tmp_path_factory) -> bytes | None:
    return make_clip_bytes(tmp_path_factory.mktemp("clips"), "webm")


@pytest.fixture
def unit_c(province):
    return UnitFactory(
        code="CDC",
        name="Công đoàn Khu công nghiệp",
        kind="upper",
        parent=province,
        staff_count=300,
    )


@pytest.fixture
def grassroots_a(unit_a):
    """A grassroots union inside unit A (for the own-unit rule)."""
    return UnitFactory(code="CDA-01", name="CĐCS Trường THPT A", parent=unit_a)


def make_rep(username: str, unit) -> object:
    user = UserFactory(username=username, unit=unit, represented_unit=unit)
    group, _ = Group.objects.get_or_create(name=roles.UNIT_REPRESENTATIVE)
    user.groups.add(group)
    return user


@pytest.fixture
def rep_b(unit_b):
    return make_rep("daidien_b", unit_b)


@pytest.fixture
def rep_c(unit_c):
    return make_rep("daidien_c", unit_c)


def build_part(organizer):
    """A Bến Tre-shaped video part: three criteria (40/30/30), drop highest and
    lowest, jury 70 / public 30, reaction 1, share 2, comment 1, and the seed's
    tiers 1 nhất 4,000,000, 1 nhì 3,500,000, 2 ba 3,000,000."""
    contest = VideoContestFactory(
        title="Cuộc thi tìm hiểu về Chuyển đổi số năm 2024",
        slug="video-ben-tre",
        organizer_name="Liên đoàn Lao động tỉnh Bến Tre",
    )
    part = VideoPartFactory(
        contest=contest,
        submission_deadline=timezone.now() + datetime.timedelta(days=3),
        drop_extremes=True,
        jury_weight=70,
        public_weight=30,
        reaction_points=1,
        share_points=2,
        comment_points=1,
    )
    for order, (name, max_points) in enumerate(
        [("Nội dung", 40), ("Sáng tạo", 30), ("Kỹ thuật", 30)]
    ):
        CriterionFactory(part=part, name=name, max_points=max_points, order=order)
    for order, (name, count, amount) in enumerate(
        [
            ("Giải Nhất", 1, 4_000_000),
            ("Giải Nhì", 1, 3_500_000),
            ("Giải Ba", 2, 3_000_000),
        ]
    ):
        VideoPrizeTierFactory(
            part=part, name=name, count=count, amount_vnd=amount, order=order
        )
    VideoStaffFactory(contest=contest, user=organizer, role=ContestStaff.Role.ORGANIZER)
    return part


@pytest.fixture
def part(db, organizer):
    return build_part(organizer)


def make_judge(part, username: str, unit):
    user = UserFactory(username=username, unit=unit)
    group, _ = Group.objects.get_or_create(name=roles.JUDGE)
    user.groups.add(group)
    VideoStaffFactory(contest=part.contest, user=user, role=ContestStaff.Role.JUDGE)
    return user


def build_judges(part, province):
    """Three judges of the contest, all at the province level (no own-unit clash)."""
    judges = [make_judge(part, f"giamkhao{i}", province) for i in (1, 2, 3)]
    for i, judge in enumerate(judges, start=1):
        judge.full_name = f"Giám khảo {i}"
        judge.save(update_fields=["full_name"])
    return judges


@pytest.fixture
def judges(part, province):
    return build_judges(part, province)


def close_submissions(part) -> None:
    part.submission_deadline = timezone.now() - datetime.timedelta(minutes=1)
    part.save(update_fields=["submission_deadline"])


def upload_bytes(client, part, data: bytes, name: str = "clip.mp4", chunk: int = 0):
    """Drive the chunked-upload endpoints; returns (upload_id, last response)."""
    from django.urls import reverse

    start = client.post(
        reverse("videos:upload_start", kwargs={"slug": part.contest.slug}),
        data={"filename": name, "size": len(data)},
        content_type="application/json",
    )
    if start.status_code != 201:
        return None, start
    body = start.json()
    step = chunk or body["chunk_size"]
    response = start
    for offset in range(0, len(data), step):
        response = client.post(
            body["url"],
            data=data[offset : offset + step],
            content_type="application/octet-stream",
            headers={"Upload-Offset": str(offset)},
        )
        if response.status_code != 200:
            return body["upload_id"], response
    return body["upload_id"], response
