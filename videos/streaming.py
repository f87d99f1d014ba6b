"""Serving a stored clip with HTTP Range support (seeking in <video> needs it).

Used when the clips live on the local disk (FileSystemStorage), where nothing else
serves them outside DEBUG. With object storage the browser fetches the storage's own
URL instead and this is never called.
"""

from __future__ import annotations

import re

from django.http import HttpResponse, StreamingHttpResponse

BLOCK = 64 * 1024
_RANGE_RE = re.compile(r"bytes=(\d*)-(\d*)")


def parse_range(header: str, size: int) -> tuple[int, int] | None:
    """The (start, end) inclusive byte range of a single-range header, or None when
    there is no usable header. Raises ValueError when it cannot be satisfied."""
    match = _RANGE_RE.fullmatch((header or "").strip())
    if not match or size <= 0:
        return None
    first, last = match.groups()
    if first == "" and last == "":
        return None
    if first == "":
        # "bytes=-500": the last 500 bytes.
        length = int(last)
        if length == 0:
            raise ValueError("empty suffix range")
        return max(size - length, 0), size - 1
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if start >= size or end < start:
        raise ValueError("range not satisfiable")
    return start, end


def _blocks(fh, start: int, length: int):
    try:
        fh.seek(start)
        remaining = length
        while remaining > 0:
            data = fh.read(min(BLOCK, remaining))
            if not data:
                break
            remaining -= len(data)
            yield data
    finally:
        fh.close()


def stream_stored_file(
    storage, name: str, content_type: str, range_header: str, private: bool
) -> HttpResponse:
    size = storage.size(name)
    try:
        wanted = parse_range(range_header, size)
    except ValueError:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        return response
    start, end = wanted if wanted else (0, size - 1)
    length = max(end - start + 1, 0)
    response = StreamingHttpResponse(
        _blocks(storage.open(name, "rb"), start, length),
        status=206 if wanted else 200,
        content_type=content_type,
    )
    response["Content-Length"] = str(length)
    response["Accept-Ranges"] = "bytes"
    if wanted:
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
    response["Cache-Control"] = (
        "private, max-age=3600" if private else "public, max-age=3600"
    )
    return response
