"""Demo question bank for `python manage.py seed_demo`.

The questions live in demo_questions.json, one topic per reference document; every fact
is taken from the contest plans in shared/seeds/ or the documents' titles as written
there. Re-running adds only what is missing.
"""

import json
from pathlib import Path

from .importing import QuestionRow
from .models import QuestionBank
from .services import add_question_rows
from .text import clean_text, text_key

DEMO_BANK_NAME = "Ngân hàng câu hỏi mẫu — Chuyển đổi số"
DATA_FILE = Path(__file__).with_name("demo_questions.json")


def demo_rows(data_file: Path = DATA_FILE) -> list[QuestionRow]:
    """The demo questions of ``data_file`` (this app's bank, or another demo bank in
    the same layout); the right answer's position rotates (A, B, C, D, ...)."""
    data = json.loads(data_file.read_text(encoding="utf-8"))
    rows = []
    for topic in data["topics"]:
        for item in topic["questions"]:
            number = len(rows)
            choices = [clean_text(choice) for choice in item["wrong"]]
            correct = number % (len(choices) + 1)
            choices.insert(correct, clean_text(item["answer"]))
            text = clean_text(item["text"])
            rows.append(
                QuestionRow(
                    row=number + 1,
                    text=text,
                    choices=choices,
                    correct=correct,
                    key=text_key(text),
                    topic=clean_text(topic["name"]),
                    document_title=clean_text(topic["document_title"]),
                    difficulty=item["difficulty"],
                    explanation=clean_text(item["explanation"]),
                )
            )
    return rows


def seed(stdout) -> None:
    bank, _ = QuestionBank.objects.get_or_create(
        name=DEMO_BANK_NAME,
        defaults={
            "description": "Câu hỏi mẫu về các văn bản tham khảo và thể lệ của các "
            "cuộc thi tìm hiểu về chuyển đổi số."
        },
    )
    existing = set(bank.questions.values_list("text_key", flat=True))
    rows = [row for row in demo_rows() if row.key not in existing]
    topics, created = add_question_rows(bank, rows)
    stdout.write(
        f"{DEMO_BANK_NAME}: {len(created)} câu hỏi mới, {topics} chủ đề mới "
        f"(tổng {len(existing) + len(created)} câu hỏi).\n"
    )
