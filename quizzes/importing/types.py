"""What a parser hands to the import service: checked questions, errors, skips."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class RowError:
    """One thing wrong, and where: the Excel row (header = 1) or the text line."""

    message: str
    row: int | None = None
    column: str = ""
    cell: str = ""  # "H7" for a workbook cell
    # Where, in the file's own terms, when rows are not lines: "Câu 12 (đoạn 37)".
    place: str = ""

    @property
    def where(self) -> str:
        """The location as the organizer reads it; "" for the whole file."""
        text = str(self)
        return text[: -len(self.message) - 2] if text != self.message else ""

    def __str__(self) -> str:
        if self.place:
            return f"{self.place}: {self.message}"
        if self.row is None:
            return self.message
        if self.column and self.cell:
            where = _("Dòng %(row)s, cột “%(column)s” (ô %(cell)s)") % {
                "row": self.row,
                "column": self.column,
                "cell": self.cell,
            }
        elif self.cell:
            where = _("Dòng %(row)s (ô %(cell)s)") % {
                "row": self.row,
                "cell": self.cell,
            }
        elif self.column:
            where = _("Dòng %(row)s, cột “%(column)s”") % {
                "row": self.row,
                "column": self.column,
            }
        else:
            where = _("Dòng %(row)s") % {"row": self.row}
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class Skipped:
    """A question of a Moodle file that is not single-answer multiple choice."""

    line: int
    message: str
    text: str = ""
    place: str = ""  # "Bảng 1" in a Word file

    def __str__(self) -> str:
        if self.place:
            return f"{self.place}: {self.message}"
        return _("Dòng %(line)s: %(message)s") % {
            "line": self.line,
            "message": self.message,
        }


@dataclass
class QuestionRow:
    """A question that passed every check that needs no database."""

    row: int
    text: str
    choices: list[str]
    correct: int  # index into choices: 0 = A
    key: str  # quizzes.text.text_key(text)
    topic: str = ""
    document_title: str = ""
    difficulty: str = "medium"
    explanation: str = ""


@dataclass
class ParseResult:
    rows: list[QuestionRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    # What was understood or tidied, said in the preview: "title rows skipped",
    # "“Câu 1:” removed from the question" (with the cell).
    notices: list[RowError] = field(default_factory=list)
    # Raw cell values of rows with errors, in layout order: the admin shows them.
    error_values: dict[int, tuple[str, ...]] = field(default_factory=dict)
