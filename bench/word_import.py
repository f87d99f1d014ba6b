"""A Word question bank: 400 questions ("Câu N:", options A-D on their own lines,
the key in bold, a few keyed by a line "Đáp án: X"), checked then imported through
quizzes.services.import_questions. Target: under 2 s for the import.

    .venv/bin/python -m bench.word_import [--questions 400]
"""

from __future__ import annotations

import argparse
import io

from bench import common, stack

TARGET_SECONDS = 2.0


def word_bank(count: int) -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("BỘ CÂU HỎI TRẮC NGHIỆM TÌM HIỂU PHÁP LUẬT (bench)")
    for i in range(1, count + 1):
        stem = document.add_paragraph()
        stem.add_run(f"Câu {i}: ").bold = True
        stem.add_run(
            f"Theo Nghị quyết số {i}/NQ-CP, nội dung nào sau đây là đúng về chuyển "
            "đổi số trong cơ quan nhà nước?"
        )
        correct = i % 4
        for index, letter in enumerate("ABCD"):
            option = document.add_paragraph()
            option.add_run(f"{letter}. ")
            run = option.add_run(f"Phương án {letter.lower()} của câu {i}")
            if index == correct and i % 10:
                run.bold = True
        if not i % 10:
            document.add_paragraph(f"Đáp án: {'ABCD'[correct]}")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--questions", type=int, default=400)
    args = parser.parse_args()
    common.setup_django(common.fresh_database(f"{stack.BENCH_DB}_word"))
    from quizzes import services
    from quizzes.importing import parse_file

    data = word_bank(args.questions)
    with common.Timer() as t_parse:
        parsed = parse_file(data, "docx")
    with common.Timer() as t_check:
        checked = services.import_questions(
            data=data, bank_name="Bench Word", fmt="docx", dry_run=True
        )
    with common.Timer() as t_import:
        outcome = services.import_questions(
            data=data, bank_name="Bench Word", fmt="docx"
        )
    if parsed.errors or not checked.ok or not outcome.ok:
        raise SystemExit([str(e) for e in (parsed.errors or outcome.errors)[:3]])
    run = {
        "what": f"{args.questions} questions (docx)",
        "file_kb": round(len(data) / 1024),
        "parse_seconds": round(t_parse.seconds, 3),
        "check_seconds": round(t_check.seconds, 3),
        "import_seconds": round(t_import.seconds, 3),
        "created": outcome.created,
        "met": t_import.seconds < TARGET_SECONDS,
    }
    common.save("word_import", {"runs": [run], "target_seconds": TARGET_SECONDS})
    common.print_table(
        "Word import (in-process service call, DEBUG=0, bench database)",
        ["file", "KB", "parse s", "check s", "import s", "created", "< 2 s"],
        [
            [
                run["what"],
                run["file_kb"],
                run["parse_seconds"],
                run["check_seconds"],
                run["import_seconds"],
                run["created"],
                "yes" if run["met"] else "NO",
            ]
        ],
    )


if __name__ == "__main__":
    main()
