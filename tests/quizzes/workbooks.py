"""Build question workbooks and text files for the tests."""

import io

import openpyxl

from quizzes import layout


def row(
    text="Câu hỏi?",
    choices=("Một", "Hai", "Ba", "Bốn"),
    correct="A",
    topic="",
    difficulty="",
    explanation="",
    document="",
):
    """A data row in the layout order of quizzes.layout.HEADERS."""
    padded = list(choices) + [None] * (layout.MAX_CHOICES - len(choices))
    return [topic, text, *padded, correct, difficulty, explanation, document]


def workbook(rows, headers=layout.HEADERS, sheet_title=None) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    if sheet_title:
        sheet.title = sheet_title
    sheet.append(list(headers))
    for values in rows:
        sheet.append(list(values))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def many_rows(count: int, prefix="Câu hỏi số", topics=5):
    return [
        row(
            text=f"{prefix} {i}: Quyết định số {i}/QĐ-TTg được ban hành ngày nào?",
            choices=(f"{i % 28 + 1}/6/2020", f"{i % 28 + 1}/7/2021", f"{i}/2022"),
            correct="ABC"[i % 3],
            topic=f"Chủ đề {i % topics}",
            difficulty=("Dễ", "Trung bình", "Khó")[i % 3],
            explanation=f"Giải thích {i}",
        )
        for i in range(count)
    ]


def read_rows(data: bytes) -> list[tuple]:
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    sheet = book.worksheets[0]
    values = [tuple(r) for r in sheet.iter_rows(values_only=True)]
    book.close()
    return values
