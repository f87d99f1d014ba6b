"""Recognising video files by their content, and probing them with ffmpeg.

No Django here. `sniff_format` reads the first bytes only: an ISO-BMFF file (mp4, mov)
starts with a box whose type is `ftyp`; a WebM file starts with the EBML magic
1A 45 DF A3 and declares the DocType "webm" in its header. File names are never
trusted. ffprobe/ffmpeg are optional: when they are missing every function here
returns None and the upload still works (without duration and poster).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

HEAD_BYTES = 64
EBML_MAGIC = b"\x1a\x45\xdf\xa3"
# QuickTime's major brand; every other ftyp brand (isom, mp41, mp42, avc1, M4V ...)
# is treated as mp4.
QUICKTIME_BRAND = b"qt  "
# ffprobe's format names for the ISO-BMFF and Matroska/WebM demuxers.
VIDEO_CONTAINERS = frozenset({"mov", "mp4", "matroska", "webm"})
PROBE_TIMEOUT_S = 30
POSTER_TIMEOUT_S = 60


def sniff_format(head: bytes) -> str | None:
    """Return "mp4", "mov" or "webm" from a file's first bytes, else None."""
    if len(head) >= 12 and head[4:8] == b"ftyp":
        box_size = int.from_bytes(head[0:4], "big")
        # A real ftyp box holds at least size, type, major brand and minor version.
        if box_size < 16 and box_size != 1:
            return None
        return "mov" if head[8:12] == QUICKTIME_BRAND else "mp4"
    if head.startswith(EBML_MAGIC) and b"webm" in head[:HEAD_BYTES]:
        return "webm"
    return None


def read_head(path: str | Path) -> bytes:
    with open(path, "rb") as fh:
        return fh.read(HEAD_BYTES)


@dataclass(frozen=True)
class Probe:
    """What ffprobe says about a file."""

    has_video: bool
    duration_ms: int | None
    format_names: tuple[str, ...]


def ffprobe_path() -> str | None:
    return shutil.which("ffprobe")


def ffmpeg_path() -> str | None:
    return shutil.which("ffmpeg")


def probe(path: str | Path, timeout: float = PROBE_TIMEOUT_S) -> Probe | None:
    """Run ffprobe on a local file or a URL (object storage). None when ffprobe is
    missing or times out; a Probe with has_video=False when ffprobe cannot read it
    as a video."""
    exe = ffprobe_path()
    if exe is None:
        return None
    argv = [
        exe,
        "-v",
        "error",
        "-print_format",
        "json",
        "-show_format",
        "-show_streams",
        str(path),
    ]
    try:
        done = subprocess.run(  # noqa: S603 -- fixed argv, no shell
            argv, capture_output=True, timeout=timeout, check=False
        )
    except (subprocess.TimeoutExpired, OSError):
        return None
    if done.returncode != 0:
        return Probe(has_video=False, duration_ms=None, format_names=())
    try:
        data = json.loads(done.stdout or b"{}")
    except ValueError:
        return Probe(has_video=False, duration_ms=None, format_names=())
    streams = data.get("streams") or []
    has_video = any(
        s.get("codec_type") == "video"
        and not (s.get("disposition") or {}).get("attached_pic")
        for s in streams
    )
    fmt = data.get("format") or {}
    names = tuple(str(fmt.get("format_name", "")).split(","))
    return Probe(
        # An image (png_pipe, gif ...) also has a "video" stream: the container
        # must be one of ours too.
        has_video=has_video and bool(VIDEO_CONTAINERS.intersection(names)),
        duration_ms=_seconds_to_ms(fmt.get("duration")),
        format_names=names,
    )


def _seconds_to_ms(value) -> int | None:
    if value in (None, "", "N/A"):
        return None
    try:
        ms = int(Decimal(str(value)) * 1000)
    except (InvalidOperation, ValueError):
        return None
    return ms if ms >= 0 else None


def extract_poster(
    path: str | Path,
    out_path: str | Path,
    at_ms: int = 1000,
    timeout: float = POSTER_TIMEOUT_S,
) -> bool:
    """Write one JPEG frame of the video at `at_ms` (or the first frame for shorter
    clips). Returns False when ffmpeg is missing, fails or times out."""
    data = poster_jpeg(path, at_ms=at_ms, timeout=timeout)
    if data is None:
        return False
    Path(out_path).write_bytes(data)
    return True


def poster_jpeg(
    source: str | Path, *, at_ms: int = 1000, timeout: float = POSTER_TIMEOUT_S
) -> bytes | None:
    """One JPEG frame of the video at `at_ms` (or the first frame for shorter clips)
    read from a local path or a URL (object storage), written to a pipe: no file.
    None when ffmpeg is missing, fails or times out."""
    exe = ffmpeg_path()
    if exe is None:
        return None
    for seek in dict.fromkeys((at_ms, 0)):
        argv = [
            exe,
            "-v",
            "error",
            "-ss",
            f"{seek / 1000:.3f}",
            "-i",
            str(source),
            "-frames:v",
            "1",
            "-vf",
            "scale='min(1280,iw)':-2",
            "-f",
            "image2pipe",
            "-c:v",
            "mjpeg",
            "pipe:1",
        ]
        try:
            done = subprocess.run(  # noqa: S603 -- fixed argv, no shell
                argv, capture_output=True, timeout=timeout, check=False
            )
        except (subprocess.TimeoutExpired, OSError):
            return None
        if done.returncode == 0 and done.stdout:
            return done.stdout
    return None
