"""Read a question-bank workbook: the documented layout (quizzes.layout), and the
layouts organizers really have.

The file is judged by its content: an .xlsx is a zip holding xl/workbook.xml. The
sheet named "Câu hỏi" is read, or the one sheet whose header row names questions,
or the first sheet. Tolerated, and said in the preview's notices:

- headers without accents and common variants ("Noi dung", "Phương án A", "ĐA"),
  an STT column (ignored), title rows above the header row;
- all options in one cell ("A. …\\nB. …"), split on "A." / "A)" / "A/";
- "Đáp án: B" at the end of the question cell; a key given as the option's text;
- "Câu 1:" before a question and "A. " before an option (stripped);
- invisible characters (zero-width spaces, soft hyphens; removed).

What would lose content without a word is an error naming the cell: a formula
whose result was never saved, an error value (#N/A), merged cells, several sheets
holding questions.
"""

from core import workbooks

from .. import layout
from ..text import INVISIBLE
from . import checks, legacy
from . import messages as m
from .types import ParseResult, RowError
from .xlsx_cells import cell_text, column_letter
from .xlsx_header import find_header, holds_questions
from .xlsx_row import parse_row

SHEET_NAME = "Câu hỏi"

# The layout has 12 columns; a sheet far wider is not a question bank.
MAX_COLUMNS = 64
# Sheets looked at for a header row besides the one read.
MAX_SHEETS = 20


def parse_xlsx(data: bytes) -> ParseResult:
    """Parse and check a workbook; touches no database.

    Every sheet's extent is checked before it is read (core.workbooks): a far
    cell is refused by name instead of taking the worker down.
    """
    result = ParseResult()
    limits = {"max_rows": layout.MAX_ROWS + 1, "max_columns": MAX_COLUMNS}
    try:
        sheets = workbooks.open_xlsx(data, max_unzipped=layout.MAX_UNCOMPRESSED_BYTES)
        if not sheets:
            result.errors.append(RowError(str(m.NO_QUESTIONS)))
            return result
        named = workbooks.pick_sheet(sheets, SHEET_NAME)
        candidates: dict[str, list[list]] = {}
        if len(sheets) > 1:
            for sheet in sheets[:MAX_SHEETS]:
                try:
                    rows = workbooks.read_rows(data, sheet, **limits)
                except workbooks.WorkbookError as exc:
                    if sheet is named:
                        raise
                    if exc.reason == workbooks.FAR_CELL:
                        continue  # a sheet of something else, too big to look at
                    raise
                if holds_questions(rows):
                    candidates[sheet.name] = rows
        if named.name == SHEET_NAME or not candidates:
            sheet = named
            rows = candidates.get(sheet.name) or workbooks.read_rows(
                data, sheet, **limits
            )
        else:
            sheet = next(s for s in sheets if s.name in candidates)
            rows = candidates[sheet.name]
        others = [name for name in candidates if name != sheet.name]
        if others and sheet.name != SHEET_NAME:
            result.errors.append(
                RowError(
                    checks.say(
                        m.MANY_QUESTION_SHEETS,
                        names=", ".join(f"“{n}”" for n in candidates),
                        read=sheet.name,
                        expected=SHEET_NAME,
                    )
                )
            )
            return result
        if others:
            result.notices.append(
                RowError(
                    checks.say(
                        m.OTHER_SHEETS_NOT_READ,
                        read=sheet.name,
                        names=", ".join(f"“{n}”" for n in others),
                    )
                )
            )
        elif len(sheets) > 1:
            result.notices.append(RowError(checks.say(m.SHEET_READ, sheet=sheet.name)))
        facts = workbooks.inspect_sheet(data, sheet)
    except workbooks.WorkbookError as exc:
        result.errors.append(RowError(exc.message))
        return result
    if not _convert_legacy(rows, result):
        return result
    _parse_rows(rows, result, facts)
    return result


def _convert_legacy(rows: list[list], result: ParseResult) -> bool:
    """Convert text typed in TCVN3 or VNI to Unicode in place (said in the
    notices); False, with the error, when the file mixes both."""
    try:
        encoding = legacy.detect(
            value for cells in rows for value in cells if type(value) is str
        )
    except legacy.MixedEncoding as exc:
        result.errors.append(
            RowError(checks.say(m.LEGACY_MIXED, encoding=legacy.NAMES[exc.encoding]))
        )
        return False
    if encoding is None:
        return True
    for cells in rows:
        for index, value in enumerate(cells):
            if type(value) is str and value:
                cells[index] = legacy.convert(value, encoding)
    result.notices.append(
        RowError(checks.say(m.LEGACY_CONVERTED, encoding=legacy.NAMES[encoding]))
    )
    return True


def _fact_errors(facts: workbooks.SheetFacts, header_row: int) -> list[RowError]:
    errors = []
    for ref in facts.unsaved_formulas:
        place = workbooks.parse_ref(ref)
        if place and place[0] >= header_row:
            errors.append(
                RowError(checks.say(m.UNSAVED_FORMULA), row=place[0], cell=ref)
            )
    for ref, value in facts.error_values:
        place = workbooks.parse_ref(ref)
        if place and place[0] >= header_row:
            errors.append(
                RowError(checks.say(m.ERROR_VALUE, value=value), row=place[0], cell=ref)
            )
    for span in facts.merged:
        first, _, last = span.partition(":")
        top, bottom = workbooks.parse_ref(first), workbooks.parse_ref(last or first)
        if top and bottom and bottom[0] >= header_row:
            errors.append(
                RowError(
                    checks.say(m.MERGED_CELLS, range=span),
                    row=max(top[0], header_row),
                    cell=span,
                )
            )
    return errors


def _parse_rows(
    rows: list[list], result: ParseResult, facts: workbooks.SheetFacts | None = None
) -> None:
    if not rows:
        result.errors.append(RowError(str(m.NO_QUESTIONS)))
        return
    header = find_header(rows)
    if header.errors:
        result.errors.extend(header.errors)
        return
    if facts is not None:
        problems = _fact_errors(facts, header.row)
        if problems:
            result.errors.extend(sorted(problems, key=lambda e: e.row or 0))
            return
    header.invisible = bool(
        INVISIBLE.search(
            "\n".join(value for cells in rows for value in cells if type(value) is str)
        )
    )
    if header.row > 1:
        result.notices.append(
            RowError(
                checks.say(m.TITLE_ROWS_SKIPPED, count=header.row - 1, row=header.row)
            )
        )
    reported_unnamed: set[int] = set()
    for row_number, cells in enumerate(rows[header.row :], start=header.row + 1):
        if not any(
            value.strip() if type(value) is str else value is not None
            for value in cells
        ):
            continue
        for index in header.unnamed:
            if (
                index not in reported_unnamed
                and index < len(cells)
                and cell_text(cells[index])
            ):
                reported_unnamed.add(index)
                letter = column_letter(index)
                result.errors.append(
                    RowError(
                        checks.say(m.HEADERLESS_DATA, column=letter, row=header.row),
                        row=header.row,
                        cell=f"{letter}{header.row}",
                    )
                )
        parse_row(row_number, cells, header, result)
    if not result.rows and not result.errors:
        result.errors.append(RowError(str(m.NO_QUESTIONS)))
        return
    result.errors.extend(checks.find_duplicates(result.rows))
    result.errors.extend(checks.check_topic_documents(result.rows))
    result.errors.sort(key=lambda error: error.row or 0)
