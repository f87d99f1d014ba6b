"""Imports: a 20,000-question workbook (quizzes.services.import_questions) and a
5,000-unit roster (accounts.unit_import.import_file), each then again with one bad
row at the very end (all or nothing: nothing may be written).

    .venv/bin/python -m bench.imports [--questions 20000] [--units 5000]
"""

from __future__ import annotations

import argparse

from bench import common, stack

TARGET_ROWS_PER_S = 5000


def question_workbook(count: int, *, broken_last: bool = False) -> bytes:
    import io

    import openpyxl

    from quizzes import layout

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(list(layout.HEADERS))
    pad = [None] * (layout.MAX_CHOICES - 4)
    for i in range(count):
        correct = "ABCD"[i % 4]
        if broken_last and i == count - 1:
            correct = "F"  # names an empty choice
        sheet.append(
            [
                f"Chủ đề {i % 12}",
                f"Câu hỏi số {i}: Nghị quyết số {i}/NQ-CP quy định điều gì về "
                "chuyển đổi số?",
                f"Phương án một của câu {i}",
                f"Phương án hai của câu {i}",
                f"Phương án ba của câu {i}",
                f"Phương án bốn của câu {i}",
                *pad,
                correct,
                ("Dễ", "Trung bình", "Khó")[i % 3],
                f"Giải thích {i}",
                None,
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def roster_workbook(count: int, *, broken_last: bool = False) -> bytes:
    from accounts import unit_excel, unit_import

    labels = dict(
        zip(
            ["province", "district", "grassroots"],
            [
                "Tỉnh / Liên đoàn Lao động tỉnh",
                "Huyện / thị xã / thành phố",
                "Công đoàn cơ sở",
            ],
            strict=True,
        )
    )
    rows = [("R00000", "Liên đoàn Lao động tỉnh (bench)", labels["province"], "", None)]
    for i in range(1, 61):
        rows.append(
            (
                f"R{i:05d}",
                f"Liên đoàn Lao động huyện {i}",
                labels["district"],
                "R00000",
                None,
            )
        )
    for i in range(61, count):
        parent = f"R{1 + i % 60:05d}"
        if broken_last and i == count - 1:
            parent = "KHONG-CO"
        rows.append(
            (
                f"R{i:05d}",
                f"Công đoàn cơ sở số {i}",
                labels["grassroots"],
                parent,
                20 + i % 300,
            )
        )
    return unit_excel.write_roster(rows, unit_import.kind_labels())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--questions", type=int, default=20_000)
    parser.add_argument("--units", type=int, default=5_000)
    args = parser.parse_args()
    common.setup_django(common.fresh_database(f"{stack.BENCH_DB}_import"))
    from accounts import unit_import
    from accounts.models import Unit
    from quizzes import services
    from quizzes.models import Question

    runs = []
    good = question_workbook(args.questions)
    bad = question_workbook(args.questions, broken_last=True)
    with common.Timer() as t_bad:
        refused = services.import_questions(data=bad, bank_name="Bench (lỗi)")
    with common.Timer() as t:
        outcome = services.import_questions(data=good, bank_name="Bench")
    runs.append(
        {
            "what": f"{args.questions:,} questions (xlsx)",
            "rows": outcome.created,
            "seconds": round(t.seconds, 2),
            "rows_per_s": round(outcome.created / t.seconds),
            "file_mb": round(len(good) / 1e6, 1),
            "bad_last_row_refused": bool(refused.errors) and refused.created == 0,
            "bad_file_seconds": round(t_bad.seconds, 2),
            "written_after_bad": Question.objects.filter(
                bank__name="Bench (lỗi)"
            ).count(),
        }
    )
    good = roster_workbook(args.units)
    bad = roster_workbook(args.units, broken_last=True)
    with common.Timer() as t_bad:
        refused = unit_import.import_file(bad)
    after_bad = Unit.objects.filter(code__startswith="R").count()
    with common.Timer() as t:
        report = unit_import.import_file(good)
    created = Unit.objects.filter(code__startswith="R").count()
    runs.append(
        {
            "what": f"{args.units:,}-unit roster (xlsx)",
            "rows": created,
            "seconds": round(t.seconds, 2),
            "rows_per_s": round(created / t.seconds),
            "file_mb": round(len(good) / 1e6, 1),
            "bad_last_row_refused": bool(refused.errors) and after_bad == 0,
            "bad_file_seconds": round(t_bad.seconds, 2),
            "written_after_bad": after_bad,
            "ok": report.ok,
        }
    )
    common.save("imports", {"runs": runs, "target_rows_per_s": TARGET_ROWS_PER_S})
    common.print_table(
        "Imports (in-process service call, DEBUG=0, bench database)",
        ["file", "rows", "s", "rows/s", "MB", "bad last row: nothing written", "met"],
        [
            [
                r["what"],
                r["rows"],
                r["seconds"],
                r["rows_per_s"],
                r["file_mb"],
                "yes"
                if r["bad_last_row_refused"] and not r["written_after_bad"]
                else "NO",
                "yes" if r["rows_per_s"] >= TARGET_ROWS_PER_S else "no",
            ]
            for r in runs
        ],
    )


if __name__ == "__main__":
    main()
