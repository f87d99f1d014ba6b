"""Reading a Word paragraph's runs: their text and the formatting (bold,
underline, colour, highlight) that may mark an answer key, through styles and
Word's automatic numbering. Only python-docx's public API and the part's XML."""

from __future__ import annotations

from dataclasses import dataclass

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
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


def style_flag(style, name: str) -> bool | None:
    while style is not None:
        value = getattr(style.font, name)
        if value is not None:
            return bool(value)
        style = style.base_style
    return None


class Styles:
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
            self.flags[key] = style_flag(style, name)
        return self.flags[key]

    def run_style(self, element):
        rpr = element.find(f"{W}rPr")
        node = rpr.find(f"{W}rStyle") if rpr is not None else None
        return self.by_id.get(node.get(f"{W}val")) if node is not None else None


def run_fmt(run, element, paragraph_style, styles: Styles) -> Fmt:
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


class Numbering:
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
