"""Certificates: one PDF (WeasyPrint, the bundled Noto Serif, a QR code) and a zip
of many, rendered in this process. Rendering is the whole cost of the zip job (the
re-match is a few queries), so no database is needed: the certificates are built
in memory. Target: under 0.2 s a certificate (the worker makes 300 a minute).

    .venv/bin/python -m bench.certificates [--count 100]
"""

from __future__ import annotations

import argparse
import datetime
import io
import os
import time
import zipfile

from bench import common

TARGET_SECONDS = 0.2


def certificates(count: int) -> list:
    from certificates.models import Certificate

    return [
        Certificate(
            pk=i,
            code=f"bench-{i:06d}-aBcDeFgHiJkLmN",
            contest_title="Cuộc thi tìm hiểu về chuyển đổi số tỉnh Đắk Lắk năm 2023",
            organizer_name="Ban Chỉ đạo Đề án 06 tỉnh Đắk Lắk",
            winner_name=f"Nguyễn Thị Thùy Dương {i}",
            unit_name="Công đoàn ngành Giáo dục và Đào tạo",
            tier_name=("Giải Nhất", "Giải Nhì", "Giải Ba", "Giải Khuyến khích")[i % 4],
            scope="Giải cá nhân theo đợt — Đợt 2 — Nhóm 1",
            issued_on=datetime.date(2023, 10, 2),
        )
        for i in range(1, count + 1)
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=100)
    args = parser.parse_args()
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from certificates.services import render_pdf

    batch = certificates(args.count)
    with common.Timer() as t_first:
        first = render_pdf(batch[0], base_url="https://thi.example.vn/")
    buffer = io.BytesIO()
    archive = zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED)
    cpu_before = time.process_time()
    with common.Timer() as t_zip, archive:
        for c in batch:
            archive.writestr(f"{c.pk:06d}.pdf", render_pdf(c, base_url="https://x/"))
    per_page = t_zip.seconds / args.count
    cpu_each_ms = (time.process_time() - cpu_before) * 1000 / args.count
    run = {
        "what": f"{args.count} certificates",
        "first_seconds": round(t_first.seconds, 3),
        "pdf_kb": round(len(first) / 1024),
        "zip_seconds": round(t_zip.seconds, 2),
        "per_certificate_ms": round(per_page * 1000, 1),
        # CPU time: what the figure would be on a quiet machine (it was shared).
        "cpu_per_certificate_ms": round(cpu_each_ms, 1),
        "zip_kb": round(len(buffer.getvalue()) / 1024),
        "peak_rss_mb": round(common.peak_rss_mb()),
        "met": per_page < TARGET_SECONDS,
        "loadavg_1m": os.getloadavg()[0],
    }
    common.save("certificates", {"runs": [run], "target_seconds": TARGET_SECONDS})
    common.print_table(
        "Certificates (in-process WeasyPrint, one CPU)",
        ["batch", "first s", "PDF KB", "zip s", "ms each", "CPU ms", "zip KB", "met"],
        [
            [
                run["what"], run["first_seconds"], run["pdf_kb"],
                run["zip_seconds"], run["per_certificate_ms"],
                run["cpu_per_certificate_ms"], run["zip_kb"], run["met"],
            ]
        ],
    )  # fmt: skip


if __name__ == "__main__":
    main()
