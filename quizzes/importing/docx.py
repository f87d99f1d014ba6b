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

from core import workbooks

from .. import layout
from . import checks, legacy
from . import messages as m
from .docx_questions import Option, Pending, assemble
from .docx_runs import Fmt, Line, Numbering, Styles, W, run_fmt
from .docx_tables import TableReading
from .plaintext import finish
from .types import ParseResult, RowError, Skipped

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


def sniff_docx(data: bytes) -> str | None:
    if not data.startswith(workbooks.ZIP_MAGIC):
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


def lettered_option(line: Line, text: str, option: re.Match) -> Option:
    """An option whose letter is in the text ("B. …", "*b) …"): the emphasis of
    the letter and of the body are told apart."""
    raw = line.text
    lead = len(raw) - len(raw.lstrip())
    star, letter, body = option.groups()
    body_start = lead + text.index(body) if body else len(raw)
    starred = bool(star) or body.rstrip().endswith("*")
    letter_marks = {("letter", mark) for mark in line.cut(0, body_start).marks(lead)}
    body_marks = {("body", mark) for mark in line.marks(body_start)}
    return Option(
        letter=letter.upper(),
        text=body.strip().rstrip("*").strip() if starred else body.strip(),
        marks=letter_marks | body_marks,
        starred=starred,
        paragraph=line.paragraph,
    )


class _Reader(TableReading):
    def __init__(self, document):
        self.document = document
        self.numbering = Numbering(document)
        self.styles = Styles(document)
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
                out.append((text, run_fmt(run, node, style, self.styles)))
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
        text = line.text.strip()
        if not text or self.read_boundary(line, text):
            return
        pending = self.pending
        if pending is None:
            self.read_intro(line, text)
        elif not self.read_key_or_explanation(pending, line, text):
            self.read_option_or_stem(pending, line, text)

    def read_boundary(self, line: Line, text: str) -> bool:
        """An answer heading, a topic heading or the start of a question: each
        ends the question before it (once that one has options)."""
        pending = self.pending
        between = pending is None or pending.options
        if ANSWER_HEADING.match(text) and between:
            self.close()
            return True
        is_heading = line.heading or (
            TOPIC_LINE.match(text) and not QUESTION_START.match(text)
        )
        if is_heading and between:
            self.close()
            self.topic = text
            return True
        start = QUESTION_START.match(text)
        number, stem = self.question_number(line, text, start, between=between)
        if number is not None and (start or between):
            self.close()
            self.pending = Pending(
                number=number,
                paragraph=line.paragraph,
                stem=[stem.strip()] if stem.strip() else [],
                topic=self.topic,
            )
            return True
        return False

    def question_number(
        self, line: Line, text: str, start, *, between
    ) -> tuple[int | None, str]:
        """The number and stem of a question starting here, (None, "") if none:
        "Câu 3: …" anywhere; Word's numbering or "3. …" only between questions."""
        if start is None and line.numbered == "number" and between:
            self.auto_number += 1
            return self.auto_number, text
        if start is None and between:
            numbered = NUMBERED_START.match(text)
            return (
                (int(numbered.group(1)), numbered.group(2)) if numbered else (None, "")
            )
        return (int(start.group(1)), start.group(2)) if start else (None, "")

    def read_intro(self, line: Line, text: str) -> None:
        """Before the first question: an option is an error, the rest is skipped."""
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

    def read_key_or_explanation(self, pending: Pending, line: Line, text: str) -> bool:
        """ "Đáp án: B" or "Giải thích: …" after the options."""
        if not pending.options:
            return False
        key = KEY_LINE.match(text)
        if key:
            if pending.key_letter:
                pending.errors.append(
                    self.error(pending, m.DOCX_TWO_KEY_LINES, line.paragraph)
                )
            pending.key_letter = key.group(1).upper()
            pending.key_paragraph = line.paragraph
            return True
        explanation = EXPLANATION_LINE.match(text)
        if explanation:
            pending.explanation = explanation.group(1).strip()
            return True
        return False

    def read_option_or_stem(self, pending: Pending, line: Line, text: str) -> None:
        """An option (lettered by Word or in the text), or more of the stem; text
        after the options is an error."""
        if line.numbered == "letter":
            starred = text.startswith("*") or text.endswith("*")
            pending.options.append(
                Option(
                    letter="",
                    text=text.strip("*").strip(),
                    marks={("body", mark) for mark in line.marks()},
                    starred=starred,
                    paragraph=line.paragraph,
                )
            )
            return
        option = OPTION.match(text)
        if option and (pending.stem or pending.options):
            pending.options.append(lettered_option(line, text, option))
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
            assemble(result, pending, place=pending.place(), answer_key=self.answer_key)
            if pending.number is not None:
                used_numbers.add(pending.number)
        for pending, place in self.table_questions:
            assemble(result, pending, place=place, answer_key=self.answer_key)
        for number in sorted(set(self.answer_key) - used_numbers):
            _letter, place = self.answer_key[number]
            result.errors.append(
                RowError(
                    checks.say(m.DOCX_ANSWER_FOR_NOTHING, number=number),
                    row=self.paragraph,
                    place=place,
                )
            )
