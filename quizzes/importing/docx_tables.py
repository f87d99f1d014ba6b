"""Tables in a Word bank: a question table (a header with "Câu hỏi" and
columns A, B, C, D …) or an answer table (Câu | Đáp án pairs). Read into the
same questions and answer key as the paragraphs."""

from __future__ import annotations

import re

from .. import layout
from ..text import header_key
from . import checks
from . import messages as m
from .docx_questions import Option, Pending
from .docx_runs import Cell, Line, W
from .types import RowError, Skipped

QUESTION_HEADERS = {"cau hoi", "noi dung", "noi dung cau hoi", "cau", "de bai"}
KEY_HEADERS = {"dap an", "dap an dung", "da", "d a", "key", "answer", "ket qua"}
TOPIC_HEADERS = {"chu de", "hang muc", "linh vuc", "nhom"}
EXPLANATION_HEADERS = {"giai thich", "ghi chu giai thich", "can cu"}
SKIP_HEADERS = {"stt", "tt", "so tt", "so thu tu", "ma", "ma cau"}
_OPTION_HEADER = re.compile(
    r"^(?:(?:dap an|phuong an|lua chon|dap an lua chon|pa|option)\s+)?([a-f])$"
)


class TableReading:
    """The reader's table half; the reader provides ``pieces``, the paragraph
    and table counters, the topic and the lists it fills."""

    def grid(self, table) -> list[list[Cell]]:
        """The table's rows, a cell merged across columns repeated as `merged`
        placeholders so that columns line up with the header."""
        rows = []
        for tr in table.iterchildren(f"{W}tr"):
            cells: list[Cell] = []
            for tc in tr.iterchildren(f"{W}tc"):
                span, merged = 1, False
                properties = tc.find(f"{W}tcPr")
                if properties is not None:
                    node = properties.find(f"{W}gridSpan")
                    if node is not None and (node.get(f"{W}val") or "").isdigit():
                        span = max(1, int(node.get(f"{W}val")))
                    node = properties.find(f"{W}vMerge")
                    merged = node is not None and node.get(f"{W}val") != "restart"
                lines = [
                    Line(self.pieces(paragraph), self.paragraph)
                    for paragraph in tc.iter(f"{W}p")
                ]
                marks: set[str] | None = None
                for line in lines:
                    if line.text.strip():
                        found = line.marks()
                        marks = found if marks is None else marks & found
                text = "\n".join(line.text for line in lines).strip()
                cells.append(Cell(text, marks or set(), merged))
                cells.extend(Cell("", set(), True) for _ in range(span - 1))
            rows.append(cells)
        return rows

    def read_table(self, table) -> None:
        grid = self.grid(table)
        rows = [[cell.text for cell in cells] for cells in grid]
        if not rows:
            return
        header = [header_key(text) for text in rows[0]]
        answer_pairs = [
            i
            for i in range(len(header) - 1)
            if header[i] in {"cau", "cau hoi", "cau so", "so cau"}
            and header[i + 1] in KEY_HEADERS
        ]
        if answer_pairs and not any(
            _OPTION_HEADER.match(h) for h in header if h not in KEY_HEADERS
        ):
            self.read_answer_table(rows, answer_pairs)
            return
        columns = self.question_columns(header)
        if columns is not None:
            self.read_question_table(grid, rows, columns)
            return
        place = checks.say(m.DOCX_TABLE, table=self.tables)
        if not self.questions and self.pending is None:
            self.skipped.append(
                Skipped(self.paragraph, str(m.DOCX_TABLE_SKIPPED), place=place)
            )
        else:
            self.errors.append(
                RowError(str(m.DOCX_TABLE_UNKNOWN), row=self.paragraph, place=place)
            )

    def question_columns(self, header: list[str]) -> dict | None:
        columns: dict = {"options": {}}
        for index, name in enumerate(header):
            option = _OPTION_HEADER.match(name)
            if name in QUESTION_HEADERS and "question" not in columns:
                columns["question"] = index
            elif option:
                columns["options"].setdefault(option.group(1).upper(), index)
            elif name in KEY_HEADERS:
                columns["key"] = index
            elif name in TOPIC_HEADERS:
                columns["topic"] = index
            elif name in EXPLANATION_HEADERS:
                columns["explanation"] = index
        if "question" not in columns or len(columns["options"]) < layout.MIN_CHOICES:
            return None
        used = {
            columns["question"],
            *columns["options"].values(),
            *(columns[k] for k in ("key", "topic", "explanation") if k in columns),
        }
        columns["ignored"] = [
            i
            for i, name in enumerate(header)
            if i not in used and name not in SKIP_HEADERS
        ]
        return columns

    def read_question_table(self, grid, rows, columns) -> None:
        letters = sorted(columns["options"])
        for index in columns["ignored"]:
            if any(index < len(cells) and cells[index] for cells in rows[1:]):
                self.skipped.append(
                    Skipped(
                        self.paragraph,
                        checks.say(m.DOCX_COLUMN_IGNORED, column=rows[0][index]),
                        place=checks.say(m.DOCX_TABLE, table=self.tables),
                    )
                )
        used = [
            columns["question"],
            *(columns["options"][letter] for letter in letters),
            *(columns[k] for k in ("key", "topic", "explanation") if k in columns),
        ]
        for row_index, (cells, texts) in enumerate(
            zip(grid, rows, strict=True), start=1
        ):
            if row_index == 1 or not any(texts):
                continue
            place = checks.say(m.DOCX_TABLE_ROW, table=self.tables, row=row_index)

            def get(index, texts=texts):
                return texts[index] if index is not None and index < len(texts) else ""

            pending = Pending(
                number=None,
                paragraph=self.paragraph,
                stem=[get(columns["question"])],
                topic=get(columns.get("topic")) or self.topic,
                explanation=get(columns.get("explanation")),
            )
            merged = [i for i in used if i < len(cells) and cells[i].merged]
            if merged:
                pending.errors.append(
                    RowError(
                        checks.say(m.DOCX_MERGED_CELL, column=rows[0][merged[0]]),
                        row=self.paragraph,
                        place=place,
                    )
                )
            for letter in letters:
                index = columns["options"][letter]
                text = get(index)
                cell_marks = cells[index].marks if index < len(cells) else set()
                starred = text.startswith("*") or text.endswith("*")
                pending.options.append(
                    Option(
                        letter=letter,
                        text=text.strip("*").strip() if starred else text,
                        marks={("body", mark) for mark in cell_marks},
                        starred=starred,
                        paragraph=self.paragraph,
                    )
                )
            while len(pending.options) > 1 and not pending.options[-1].text:
                pending.options.pop()  # D left empty in a table made for four
            key = get(columns.get("key")).strip().strip(".)").upper()
            if key:
                pending.key_letter = key
            self.table_questions.append((pending, place))

    def read_answer_table(self, rows, pairs) -> None:
        for row_index, cells in enumerate(rows[1:], start=2):
            for i in pairs:
                number, letter = cells[i].strip(), cells[i + 1].strip()
                if not number and not letter:
                    continue
                place = checks.say(m.DOCX_TABLE_ROW, table=self.tables, row=row_index)
                digits = re.sub(r"\D", "", number)
                letter = letter.strip(".) ").upper()
                if not digits or len(letter) != 1 or letter not in layout.LETTERS:
                    self.errors.append(
                        RowError(
                            checks.say(
                                m.DOCX_ANSWER_TABLE_BAD, number=number, letter=letter
                            ),
                            row=self.paragraph,
                            place=place,
                        )
                    )
                    continue
                self.answer_key[int(digits)] = (letter, place)
