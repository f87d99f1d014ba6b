"""Word (.docx) question banks, as organizers really write them.

Detected by content, in document order:

- paragraphs: "Câu 1: …" (or "Câu hỏi 1.", "1.", or Word's automatic numbering),
  the question running over several paragraphs, then the options "A. …" … "F. …"
  each on its own line (also "a)", "A/", a soft line break or a tab between them,
  or Word's automatic a/b/c numbering, where the letter is not in the text);
- the key: the one option (or its letter) in bold, underlined, coloured or
  highlighted where the others are not; an asterisk ("*B. …" or "… *"); a line
  "Đáp án: B" after the options; or an answer table (Câu | Đáp án, pairs repeated
  across the row) anywhere in the file. When two of them are given they must agree;
- a question table: a header row with "Câu hỏi" and columns A, B, C, D (or
  "Phương án A" …) and optionally STT, "Đáp án", "Chủ đề", "Giải thích";
- headings ("Phần I …", "Chủ đề …", Word's Heading styles) name the topic of the
  questions below them.

Everything else is either reported as an error naming the question and paragraph
(text after the options, a question without options) or, before the first question
(title, instructions, the header table of an official letter), listed as skipped.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field, replace

from .. import layout
from ..text import header_key
from . import checks, legacy
from . import messages as m
from .plaintext import add_question, finish
from .types import ParseResult, RowError, Skipped

ZIP_MAGIC = b"PK\x03\x04"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

QUESTION_START = re.compile(
    r"^(?:câu(?:\s+hỏi)?|question)\s*(\d{1,5})\s*[:.)\-\u2013\u2014]\s*(.*)$",
    re.IGNORECASE | re.DOTALL,
)
NUMBERED_START = re.compile(r"^(\d{1,5})\s*[.)]\s+(.+)$", re.DOTALL)
OPTION = re.compile(r"^(\*?)\s*([A-Fa-f])\s*[.)/]\s*(.*)$", re.DOTALL)
# Options written on one line: "A. x<tab>B. y" or "A. x   B. y".
INLINE_OPTION = re.compile(r"(?:\t|\s{2,})(?=\*?[B-Fb-f]\s*[.)/]\s)")
KEY_LINE = re.compile(
    r"^(?:đáp\s*án(?:\s*đúng)?|đ/?a|answer|key)\s*(?:là)?\s*[:\uff1a]?\s*"
    r"([A-Fa-f])\s*[.)]?\s*$",
    re.IGNORECASE,
)
EXPLANATION_LINE = re.compile(
    r"^(?:giải\s*thích|gợi\s*ý|căn\s*cứ)\s*[:\uff1a]\s*(.*)$", re.IGNORECASE | re.DOTALL
)
TOPIC_LINE = re.compile(
    r"^(?:phần|chủ\s*đề|chuyên\s*đề|chương|lĩnh\s*vực)\b", re.IGNORECASE
)
# "ĐÁP ÁN" / "Bảng đáp án" above an answer table: ends the last question.
ANSWER_HEADING = re.compile(
    r"^(?:bảng\s+)?đáp\s*án(?:\s+(?:đúng|các\s+câu(?:\s+hỏi)?|tham\s+khảo))?"
    r"\s*[:.]?$",
    re.IGNORECASE,
)
LETTER_FORMATS = {"lowerLetter", "upperLetter"}


@dataclass(frozen=True)
class Fmt:
    bold: bool = False
    underline: bool = False
    color: str = ""
    highlight: str = ""

    def marks(self) -> set[str]:
        found = set()
        if self.bold:
            found.add("bold")
        if self.underline:
            found.add("underline")
        if self.color:
            found.add(f"color:{self.color}")
        if self.highlight:
            found.add(f"highlight:{self.highlight}")
        return found


@dataclass
class Line:
    """One line of text (a paragraph, or part of one split at a line break) with
    the formatting of each of its pieces."""

    pieces: list[tuple[str, Fmt]]
    paragraph: int  # 1-based, over the document's body paragraphs
    numbered: str = ""  # "letter" / "number" for Word's automatic numbering
    heading: bool = False

    @property
    def text(self) -> str:
        return "".join(text for text, _fmt in self.pieces)

    def cut(self, start: int, end: int | None = None) -> Line:
        """The line's characters start:end, with their formatting."""
        pieces, offset = [], 0
        stop = len(self.text) if end is None else end
        for text, fmt in self.pieces:
            lo, hi = max(start, offset), min(stop, offset + len(text))
            if lo < hi:
                pieces.append((text[lo - offset : hi - offset], fmt))
            offset += len(text)
        return Line(pieces, self.paragraph, self.numbered, self.heading)

    def marks(self, start: int = 0) -> set[str]:
        """Emphasis carried by every visible character from `start`."""
        common: set[str] | None = None
        offset = 0
        for text, fmt in self.pieces:
            visible = text[max(0, start - offset) :]
            offset += len(text)
            if not visible.strip():
                continue
            found = fmt.marks()
            common = found if common is None else common & found
        return common or set()


@dataclass
class Cell:
    text: str
    marks: set[str]
    merged: bool  # covered by a neighbour merged across it


@dataclass
class Option:
    letter: str  # as written, upper case; "" when Word numbers it
    text: str
    marks: set[tuple[str, str]]  # ("letter" | "body", "bold" | "color:FF0000" …)
    starred: bool
    paragraph: int


@dataclass
class Pending:
    number: int | None
    paragraph: int
    stem: list[str]
    topic: str
    options: list[Option] = field(default_factory=list)
    key_letter: str = ""
    key_paragraph: int = 0
    explanation: str = ""
    errors: list[RowError] = field(default_factory=list)

    def place(self, paragraph: int | None = None) -> str:
        name = (
            checks.say(m.DOCX_QUESTION, number=self.number)
            if self.number is not None
            else checks.say(m.DOCX_QUESTION_AT, paragraph=self.paragraph)
        )
        return checks.say(
            m.DOCX_PLACE, question=name, paragraph=paragraph or self.paragraph
        )


def sniff_docx(data: bytes) -> str | None:
    if not data.startswith(ZIP_MAGIC):
        return str(m.NOT_DOCX)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return str(m.NOT_DOCX)
    if "word/document.xml" not in {info.filename for info in infos}:
        return str(m.NOT_DOCX)
    total = sum(info.file_size for info in infos)
    if total > layout.MAX_UNCOMPRESSED_BYTES:
        return checks.say(
            m.UNCOMPRESSED_TOO_LARGE,
            size=total // (1024 * 1024),
            limit=layout.MAX_UNCOMPRESSED_BYTES // (1024 * 1024),
        )
    return None


def looks_like_docx(data: bytes) -> bool:
    return sniff_docx(data) is None


def parse_docx(data: bytes) -> ParseResult:
    """Parse and check a Word bank; touches no database."""
    import docx  # python-docx: imported here, only Word imports pay for it

    result = ParseResult()
    problem = sniff_docx(data)
    if problem:
        result.errors.append(RowError(problem))
        return result
    try:
        document = docx.Document(io.BytesIO(data))
        reader = _Reader(document)
        reader.read()
    except legacy.MixedEncoding as exc:
        result.errors.append(
            RowError(checks.say(m.LEGACY_MIXED, encoding=legacy.NAMES[exc.encoding]))
        )
        return result
    except Exception as exc:  # untrusted bytes: any reader failure is "broken file"
        result.errors.append(
            RowError(checks.say(m.DOCX_UNREADABLE, detail=type(exc).__name__))
        )
        return result
    reader.finish(result)
    return finish(result)


# --- formatting and numbering through python-docx's public API ---
def _style_flag(style, name: str) -> bool | None:
    while style is not None:
        value = getattr(style.font, name)
        if value is not None:
            return bool(value)
        style = style.base_style
    return None


class _Styles:
    """Style lookups by id, once per file: python-docx's Run.style and
    Paragraph.style scan every style of the document on each call (400 questions
    took 18 s that way)."""

    def __init__(self, document):
        from docx.enum.style import WD_STYLE_TYPE

        self.by_id = {style.style_id: style for style in document.styles}
        self.default_paragraph = document.styles.default(WD_STYLE_TYPE.PARAGRAPH)
        self.flags: dict[tuple[str, str], bool | None] = {}

    def paragraph_style(self, element):
        ppr = element.find(f"{W}pPr")
        node = ppr.find(f"{W}pStyle") if ppr is not None else None
        if node is None:
            return self.default_paragraph
        return self.by_id.get(node.get(f"{W}val"), self.default_paragraph)

    def flag(self, style, name: str) -> bool | None:
        if style is None:
            return None
        key = (style.style_id, name)
        if key not in self.flags:
            self.flags[key] = _style_flag(style, name)
        return self.flags[key]

    def run_style(self, element):
        rpr = element.find(f"{W}rPr")
        node = rpr.find(f"{W}rStyle") if rpr is not None else None
        return self.by_id.get(node.get(f"{W}val")) if node is not None else None


def _run_fmt(run, element, paragraph_style, styles: _Styles) -> Fmt:
    run_style = styles.run_style(element)
    bold = run.bold
    if bold is None:
        bold = styles.flag(run_style, "bold")
    if bold is None:
        bold = styles.flag(paragraph_style, "bold")
    underline = run.underline
    if underline is None:
        underline = styles.flag(run_style, "underline")
    color = ""
    font_color = run.font.color
    if font_color.type is not None:
        if font_color.rgb is not None and str(font_color.rgb) != "000000":
            color = str(font_color.rgb)
        elif font_color.theme_color is not None and font_color.theme_color.name not in {
            "TEXT_1",
            "DARK_1",
        }:
            color = font_color.theme_color.name
    highlight = run.font.highlight_color
    return Fmt(
        bold=bool(bold),
        underline=bool(underline),
        color=color,
        highlight=highlight.name if highlight is not None else "",
    )


class _Numbering:
    """Word's automatic numbering: which list level is lettered (a, b, c) and which
    numbered (1, 2, 3). Read from numbering.xml through the part's element."""

    def __init__(self, document):
        self.formats: dict[tuple[str, str], str] = {}
        try:
            part = document.part.numbering_part
        except (KeyError, NotImplementedError):
            return
        root = part.element
        abstract = {}
        for node in root.iter(f"{W}abstractNum"):
            levels = {}
            for level in node.iter(f"{W}lvl"):
                fmt = level.find(f"{W}numFmt")
                levels[level.get(f"{W}ilvl")] = (
                    fmt.get(f"{W}val") if fmt is not None else ""
                )
            abstract[node.get(f"{W}abstractNumId")] = levels
        for num in root.iter(f"{W}num"):
            ref = num.find(f"{W}abstractNumId")
            if ref is None:
                continue
            for ilvl, fmt in abstract.get(ref.get(f"{W}val"), {}).items():
                self.formats[(num.get(f"{W}numId"), ilvl)] = fmt

    def kind(self, element, style) -> str:
        num_pr = None
        ppr = element.find(f"{W}pPr")
        if ppr is not None:
            num_pr = ppr.find(f"{W}numPr")
        while num_pr is None and style is not None:
            sppr = style.element.find(f"{W}pPr")
            if sppr is not None:
                num_pr = sppr.find(f"{W}numPr")
            style = style.base_style
        if num_pr is None:
            return ""
        num_id = num_pr.find(f"{W}numId")
        ilvl = num_pr.find(f"{W}ilvl")
        key = (
            num_id.get(f"{W}val") if num_id is not None else "",
            ilvl.get(f"{W}val") if ilvl is not None else "0",
        )
        fmt = self.formats.get(key, "")
        if key[0] == "0":  # numId 0 switches numbering off
            return ""
        if fmt in LETTER_FORMATS:
            return "letter"
        if fmt in {"decimal", "decimalZero"}:
            return "number"
        return ""


# --- tables ---
QUESTION_HEADERS = {"cau hoi", "noi dung", "noi dung cau hoi", "cau", "de bai"}
KEY_HEADERS = {"dap an", "dap an dung", "da", "d a", "key", "answer", "ket qua"}
TOPIC_HEADERS = {"chu de", "hang muc", "linh vuc", "nhom"}
EXPLANATION_HEADERS = {"giai thich", "ghi chu giai thich", "can cu"}
SKIP_HEADERS = {"stt", "tt", "so tt", "so thu tu", "ma", "ma cau"}
_OPTION_HEADER = re.compile(
    r"^(?:(?:dap an|phuong an|lua chon|dap an lua chon|pa|option)\s+)?([a-f])$"
)


class _Reader:
    def __init__(self, document):
        self.document = document
        self.numbering = _Numbering(document)
        self.styles = _Styles(document)
        self.pending: Pending | None = None
        self.questions: list[Pending] = []
        self.topic = ""
        self.answer_key: dict[int, tuple[str, str]] = {}  # number -> (letter, place)
        self.paragraph = 0
        self.tables = 0
        self.intro: list[int] = []
        self.errors: list[RowError] = []
        self.skipped: list[Skipped] = []
        self.auto_number = 0
        self.table_questions: list[tuple[Pending, str]] = []
        self.encoding: str | None = None

    # --- walking the body ---
    def read(self) -> None:
        body = self.document.element.body
        fonts = [
            value
            for node in body.iter(f"{W}rFonts")
            for key, value in node.attrib.items()
            if key in {f"{W}ascii", f"{W}hAnsi"}
        ]
        self.encoding = legacy.detect(
            ["".join(p.itertext()) for p in body.iter(f"{W}p")], fonts
        )
        self.walk(body)
        self.close()

    def walk(self, parent) -> None:
        """Body paragraphs and tables in document order; content controls (w:sdt)
        are opened, so no text in them is lost."""
        for child in parent:
            if child.tag == f"{W}p":
                self.paragraph += 1
                for line in self.lines(child):
                    self.read_line(line)
            elif child.tag == f"{W}tbl":
                self.close()
                self.tables += 1
                self.read_table(child)
            elif child.tag == f"{W}sdt":
                content = child.find(f"{W}sdtContent")
                if content is not None:
                    self.walk(content)

    def pieces(self, element) -> list[tuple[str, Fmt]]:
        """Every run of a w:p, also inside hyperlinks, tracked insertions and
        smart tags (python-docx's Paragraph.runs lists only direct children)."""
        from docx.text.run import Run

        style = self.styles.paragraph_style(element)
        out = []
        for node in element.iter(f"{W}r"):
            run = Run(node, None)
            text = run.text
            if text and self.encoding:
                text = legacy.convert(text, self.encoding)
            if text:
                out.append((text, _run_fmt(run, node, style, self.styles)))
        return out

    def lines(self, element) -> list[Line]:
        style = self.styles.paragraph_style(element)
        whole = Line(
            self.pieces(element),
            self.paragraph,
            numbered=self.numbering.kind(element, style),
            heading=bool(
                style is not None
                and (style.name or "").lower().startswith(("heading", "title"))
            ),
        )
        text = whole.text
        out, start = [], 0
        for index, char in enumerate(text + "\n"):
            if char in "\n\r\v":
                out.append(whole.cut(start, index))
                start = index + 1
        split = []
        for line in out:
            if OPTION.match(line.text.strip()) and INLINE_OPTION.search(line.text):
                bounds = [0, *(mm.end() for mm in INLINE_OPTION.finditer(line.text))]
                for lo, hi in zip(bounds, [*bounds[1:], None], strict=True):
                    split.append(line.cut(lo, hi))
            else:
                split.append(line)
        return split

    def read_line(self, line: Line) -> None:
        raw = line.text
        text = raw.strip()
        if not text:
            return
        lead = len(raw) - len(raw.lstrip())
        pending = self.pending
        if ANSWER_HEADING.match(text) and (pending is None or pending.options):
            self.close()
            return
        is_heading = line.heading or (
            TOPIC_LINE.match(text) and not QUESTION_START.match(text)
        )
        if is_heading and (pending is None or pending.options):
            self.close()
            self.topic = text
            return
        start = QUESTION_START.match(text)
        if (
            start is None
            and line.numbered == "number"
            and (pending is None or pending.options)
        ):
            self.auto_number += 1
            start_number, stem = self.auto_number, text
        elif start is None and (pending is None or pending.options):
            numbered = NUMBERED_START.match(text)
            start_number, stem = (
                (int(numbered.group(1)), numbered.group(2)) if numbered else (None, "")
            )
        else:
            start_number, stem = (
                (int(start.group(1)), start.group(2)) if start else (None, "")
            )
        if start_number is not None and (start or pending is None or pending.options):
            self.close()
            self.pending = Pending(
                number=start_number,
                paragraph=line.paragraph,
                stem=[stem.strip()] if stem.strip() else [],
                topic=self.topic,
            )
            return
        if pending is None:
            if line.numbered == "letter" or OPTION.match(text):
                self.errors.append(
                    RowError(
                        str(m.DOCX_OPTION_WITHOUT_QUESTION),
                        row=line.paragraph,
                        place=checks.say(m.DOCX_PARAGRAPH, paragraph=line.paragraph),
                    )
                )
            else:
                self.intro.append(line.paragraph)
            return
        key = KEY_LINE.match(text)
        if key and pending.options:
            if pending.key_letter:
                pending.errors.append(
                    self.error(pending, m.DOCX_TWO_KEY_LINES, line.paragraph)
                )
            pending.key_letter = key.group(1).upper()
            pending.key_paragraph = line.paragraph
            return
        explanation = EXPLANATION_LINE.match(text)
        if explanation and pending.options:
            pending.explanation = explanation.group(1).strip()
            return
        option = OPTION.match(text)
        if line.numbered == "letter":
            body = text
            starred = body.startswith("*") or body.endswith("*")
            pending.options.append(
                Option(
                    letter="",
                    text=body.strip("*").strip(),
                    marks={("body", mark) for mark in line.marks()},
                    starred=starred,
                    paragraph=line.paragraph,
                )
            )
            return
        if option and (pending.stem or pending.options):
            star, letter, body = option.groups()
            body_start = lead + text.index(body) if body else len(raw)
            starred = bool(star) or body.rstrip().endswith("*")
            letter_marks = {
                ("letter", mark) for mark in line.cut(0, body_start).marks(lead)
            }
            body_marks = {("body", mark) for mark in line.marks(body_start)}
            pending.options.append(
                Option(
                    letter=letter.upper(),
                    text=body.strip().rstrip("*").strip() if starred else body.strip(),
                    marks=letter_marks | body_marks,
                    starred=starred,
                    paragraph=line.paragraph,
                )
            )
            return
        if pending.options:
            pending.errors.append(
                self.error(
                    pending, m.DOCX_TEXT_AFTER_OPTIONS, line.paragraph, line=text[:80]
                )
            )
            return
        pending.stem.append(text)

    def error(self, pending: Pending, message, paragraph=None, **params) -> RowError:
        return RowError(
            checks.say(message, **params),
            row=paragraph or pending.paragraph,
            place=pending.place(paragraph),
        )

    def close(self) -> None:
        if self.pending is not None:
            self.questions.append(self.pending)
            self.pending = None

    # --- tables ---
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

    # --- turning what was read into questions ---
    def finish(self, result: ParseResult) -> None:
        if self.encoding:
            result.notices.append(
                RowError(
                    checks.say(m.LEGACY_CONVERTED, encoding=legacy.NAMES[self.encoding])
                )
            )
        result.errors.extend(self.errors)
        result.skipped.extend(self.skipped)
        if self.intro:
            result.skipped.append(
                Skipped(
                    self.intro[0],
                    checks.say(m.DOCX_INTRO_SKIPPED, count=len(self.intro)),
                    place=checks.say(m.DOCX_PARAGRAPH, paragraph=self.intro[0]),
                )
            )
        used_numbers = set()
        for pending in self.questions:
            self.add(result, pending, pending.place())
            if pending.number is not None:
                used_numbers.add(pending.number)
        for pending, place in self.table_questions:
            self.add(result, pending, place)
        for number in sorted(set(self.answer_key) - used_numbers):
            _letter, place = self.answer_key[number]
            result.errors.append(
                RowError(
                    checks.say(m.DOCX_ANSWER_FOR_NOTHING, number=number),
                    row=self.paragraph,
                    place=place,
                )
            )

    def add(self, result: ParseResult, pending: Pending, place: str) -> None:
        errors = list(pending.errors)

        def fail(message, **params):
            errors.append(
                RowError(
                    checks.say(message, **params), row=pending.paragraph, place=place
                )
            )

        options = pending.options
        if not options:
            fail(m.DOCX_NO_OPTIONS)
        for index, option in enumerate(options):
            expected = layout.LETTERS[index] if index < len(layout.LETTERS) else "?"
            if option.letter and option.letter != expected:
                fail(m.DOCX_OPTION_ORDER, letter=option.letter, expected=expected)
                break
        correct = None if errors else self.key(pending, options, fail)
        if errors or correct is None:
            result.errors.extend(errors)
            return
        before = len(result.errors)
        add_question(
            result,
            line=pending.paragraph,
            text="\n".join(pending.stem),
            choices=[option.text for option in options],
            correct=correct,
            topic=pending.topic,
            explanation=pending.explanation,
        )
        result.errors[before:] = [
            replace(error, place=place) for error in result.errors[before:]
        ]

    def key(self, pending: Pending, options: list[Option], fail) -> int | None:
        """The index of the correct option, from every way the file marks it."""
        letters = layout.LETTERS[: len(options)]
        # Emphasis marks the key only where it sets one option apart.
        counts: dict[tuple[str, str], int] = {}
        for option in options:
            for mark in option.marks:
                counts[mark] = counts.get(mark, 0) + 1
        telling = {mark for mark, n in counts.items() if n < len(options)}
        marked = [
            i
            for i, option in enumerate(options)
            if option.starred or option.marks & telling
        ]
        if len(marked) > 1:
            fail(
                m.DOCX_TWO_MARKED,
                letters=", ".join(letters[i] for i in marked),
            )
            return None
        sources: list[tuple[str, int]] = []
        if marked:
            sources.append((str(m.DOCX_BY_MARK), marked[0]))
        for label, letter in (
            (str(m.DOCX_BY_KEY_LINE), pending.key_letter),
            (
                str(m.DOCX_BY_ANSWER_TABLE),
                self.answer_key.get(pending.number, ("", ""))[0]
                if pending.number is not None
                else "",
            ),
        ):
            if not letter:
                continue
            if letter not in letters:
                fail(m.DOCX_KEY_NO_OPTION, letter=letter, source=label)
                return None
            sources.append((label, letters.index(letter)))
        if not sources:
            fail(m.DOCX_NO_KEY)
            return None
        first_label, first = sources[0]
        for label, index in sources[1:]:
            if index != first:
                fail(
                    m.DOCX_KEY_DISAGREES,
                    first=first_label,
                    first_letter=letters[first],
                    second=label,
                    second_letter=letters[index],
                )
                return None
        return first
