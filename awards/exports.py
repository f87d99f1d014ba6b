"""Excel exports: award lists (per round, per contest), the collective ranking, a
round's full ranking and the per-unit participation report.

openpyxl in write-only mode streams rows to disk, rows come from iterators, so a
100,000-row export stays in bounded memory. A sheet opens with the organizer, the
contest's title and what the list is, then the Vietnamese headers (SPEC §7), the
rows, a total of prize money and room for signatures; widths, number formats, A4
landscape fitted to the page width and repeated headers make it print as is.
Phone, CCCD and birth date are masked unless the exporter may see personal data.
Text that a spreadsheet would run as a formula (= + - @) is escaped.
"""

from __future__ import annotations

import datetime
import logging
import os
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from django.apps import apps
from django.core.files import File
from django.db.models import CharField, Count, Max
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.text import slugify
from lxml import etree
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.xml.constants import SHEET_MAIN_NS
from unidecode import unidecode

from accounts import tree
from accounts.models import Unit
from accounts.phones import format_national
from accounts.privacy import mask_birth_date, mask_cccd, mask_phone
from contests.models import Contest, Round

from . import selectors
from .models import Award, ExportJob, RoundResult, UnitResult

log = logging.getLogger(__name__)

Progress = Callable[[int], None]
PROGRESS_EVERY = 1000

# SPEC §7 headers, word for word.
H_STT = "STT"
H_NAME = "Họ và tên"
H_BIRTH = "Ngày sinh"
H_UNIT = "Đơn vị"
H_PHONE = "Số điện thoại"
H_CCCD = "Số CCCD"
H_SCORE = "Số câu đúng"
H_DURATION = "Thời gian làm bài"
H_PREDICTION = "Dự đoán"
H_PRIZE = "Giải"
H_AMOUNT = "Số tiền"
TOTAL_LABEL = "Tổng cộng"

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MSG_EXPORT_FAILED = "Không xuất được tệp Excel: {error}"


def safe_text(value) -> str:
    """Text as a spreadsheet shows it, never as a formula: a leading = + - @ (or a
    tab / carriage return) gets an apostrophe in front."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


# ------------------------------------------------------------------ sheet writer

THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
BOLD = Font(name="Times New Roman", size=12, bold=True)
TITLE = Font(name="Times New Roman", size=14, bold=True)
PLAIN = Font(name="Times New Roman", size=12)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)

FORMATS = {
    "int": "#,##0",
    "money": "#,##0",
    "date": "DD/MM/YYYY",
    "duration": "[MM]:SS.000",
    "percent": "0.0%",
    "datetime": "DD/MM/YYYY HH:MM:SS",
}


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    width: float
    kind: str = "text"  # text, int, money, date, duration, percent, datetime


class _RawRow(tuple):
    """A data row already serialised as SpreadsheetML: ``(xml_bytes,)``
    (a tuple so that WriteOnlyWorksheet.append accepts it)."""


class _FastRowsWriter(WorksheetWriter):
    """openpyxl's sheet writer streaming to a file object of ours, so that a
    pre-serialised row is copied to it as is once lxml has flushed its buffer."""

    def get_stream(self):  # WorksheetWriter.get_stream on our own file object
        with (
            open(self.out, "wb") as self._raw,
            etree.xmlfile(self._raw) as xf,
            xf.element("worksheet", xmlns=SHEET_MAIN_NS),
        ):
            try:
                while True:
                    el = yield
                    if el is True:
                        yield xf
                    elif el is not None:
                        xf.write(el)
            except GeneratorExit:
                pass

    def write_row(self, xf, row, row_idx):
        if isinstance(row, _RawRow):
            xf.flush()
            self._raw.write(row[0])
        else:
            super().write_row(xf, row, row_idx)


class _FastRowsSheet(WriteOnlyWorksheet):
    """openpyxl's write-only sheet that also takes pre-serialised data rows.

    openpyxl spends ~30 µs per cell on this machine (a Cell object, its style
    hashed, an lxml element per cell): 40 s for a 100,000-row ranking. Data rows
    are instead formatted as one XML string with the column's style index and
    handed to the same lxml stream; headings, totals and signatures still go
    through openpyxl cells. Relies on openpyxl 3.1's write-only internals
    (``_values_to_row``, ``WorksheetWriter.write_row``), pinned in requirements.
    """

    def _get_writer(self):
        if self._writer is None:
            self._writer = _FastRowsWriter(self)
            self._writer.write_top()

    def _values_to_row(self, values, row_idx):
        if isinstance(values, _RawRow):
            self._max_row = row_idx
            return values
        return super()._values_to_row(values, row_idx)


def _xml_text(text: str) -> str:
    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class SheetWriter:
    """One printable sheet: heading lines, the header row, typed rows, a total."""

    def __init__(
        self,
        workbook: Workbook,
        title: str,
        columns: Sequence[Column],
        heading: Sequence[str],
    ):
        self.columns = list(columns)
        self._styles: dict[tuple, StyleArray] = {}
        self.ws = ws = _FastRowsSheet(parent=workbook, title=safe_sheet_title(title))
        workbook._add_sheet(ws)
        for index, column in enumerate(self.columns, 1):
            ws.column_dimensions[_letter(index)].width = column.width
        header_row = len(heading) + 2
        ws.freeze_panes = f"A{header_row + 1}"
        ws.print_title_rows = f"{header_row}:{header_row}"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_options.gridLines = True
        ws.print_options.horizontalCentered = True
        last = _letter(len(self.columns))
        for number, line in enumerate(heading, 1):
            cell = WriteOnlyCell(ws, safe_text(line))
            cell.font = TITLE if number <= 2 else BOLD
            cell.alignment = CENTER
            ws.merged_cells.add(f"A{number}:{last}{number}")
            ws.append([cell])
        ws.append([])
        ws.append([self._styled(c.header, BOLD, CENTER, BOX) for c in self.columns])
        self.row_number = header_row
        self._tz = timezone.get_current_timezone()
        self.rows = 0
        # Per column: its letter, the style index of a plain cell and of a number.
        self._cells = []
        for index, column in enumerate(self.columns, 1):
            text_style = self._style_index(PLAIN, LEFT, None, None)
            number_style = self._style_index(
                PLAIN, LEFT, None, FORMATS.get(column.kind)
            )
            self._cells.append((column, _letter(index), text_style, number_style))

    def _style_index(self, font, alignment, border, fmt) -> int:
        cell = self._styled(None, font, alignment, border, fmt)
        return self.ws.parent._cell_styles.add(cell._style)

    def _styled(self, value, font=PLAIN, alignment=LEFT, border=None, fmt=None):
        """A cell with the given look. openpyxl hashes every Font/Alignment/Border
        assigned to a cell (most of the time of a 100,000-row export), so each
        combination is resolved once and later cells copy its style indices."""
        cell = WriteOnlyCell(self.ws, value)
        key = (id(font), id(alignment), id(border), fmt)
        style = self._styles.get(key)
        if style is None:
            cell.font = font
            cell.alignment = alignment
            if border is not None:
                cell.border = border
            if fmt:
                cell.number_format = fmt
            self._styles[key] = StyleArray(cell._style)
        else:
            cell._style = StyleArray(style)
        return cell

    def row(self, values: Sequence) -> None:
        """One data row, typed by its column (see _FastRowsSheet for why it is
        serialised here): text escaped and never a formula, numbers, dates and
        durations as Excel serials with the column's number format."""
        self.rows += 1
        self.row_number += 1
        r = self.row_number
        parts = [f'<row r="{r}">']
        for (column, letter, text_style, number_style), value in zip(
            self._cells, values, strict=True
        ):
            if value is None or value == "":
                continue
            if column.kind == "text" or isinstance(value, str):
                text = _xml_text(safe_text(value))
                space = ' xml:space="preserve"' if text != text.strip() else ""
                parts.append(
                    f'<c r="{letter}{r}" s="{text_style}" t="inlineStr">'
                    f"<is><t{space}>{text}</t></is></c>"
                )
                continue
            if column.kind == "duration":
                value = value / 86_400_000
            elif column.kind == "datetime":
                value = to_excel(value.astimezone(self._tz).replace(tzinfo=None))
            elif isinstance(value, datetime.date):
                value = to_excel(value)
            elif isinstance(value, bool):
                value = int(value)
            number = repr(value) if isinstance(value, float) else str(value)
            parts.append(f'<c r="{letter}{r}" s="{number_style}"><v>{number}</v></c>')
        parts.append("</row>")
        self.ws.append(_RawRow(("".join(parts).encode(),)))

    def total(self, values: dict[str, object]) -> None:
        """A bold total row: ``values`` by header; the first column says Tổng cộng."""
        cells = []
        for index, column in enumerate(self.columns):
            value = values.get(column.header)
            if index == 0:
                value = TOTAL_LABEL
            fmt = FORMATS.get(column.kind) if not isinstance(value, str) else None
            cells.append(self._styled(value, BOLD, LEFT, BOX, fmt))
        self.ws.append(cells)

    def lines(self, texts: Iterable[str]) -> None:
        for text in texts:
            self.ws.append([self._styled(safe_text(text))])

    def signatures(self) -> None:
        """Room to sign under the list: who drew it up, for the organizing board."""
        today = timezone.localdate()
        self.ws.append([])
        right = max(len(self.columns) - 3, 2)
        date_row = [None] * right + [
            self._styled(
                f"Ngày {today.day:02d} tháng {today.month:02d} năm {today.year}",
                Font(name="Times New Roman", size=12, italic=True),
                CENTER,
            )
        ]
        self.ws.append(date_row)
        self.ws.append(
            [None, self._styled("NGƯỜI LẬP BIỂU", BOLD, CENTER)]
            + [None] * (right - 2)
            + [self._styled("TM. BAN TỔ CHỨC", BOLD, CENTER)]
        )


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)


def safe_sheet_title(title: str) -> str:
    """A sheet name Excel accepts: no []:*?/\\, at most 31 characters."""
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in title).strip()
    return (cleaned or "Trang")[:31]


# ---------------------------------------------------------------- personal data


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    birth: datetime.date | str | None
    phone: str
    cccd: str


def person(full_name, username, birth_date, phone, cccd, *, personal: bool) -> Person:
    """A person's columns as the exporter may see them."""
    if personal:
        return Person(
            name=full_name or username,
            birth=birth_date,
            phone=format_national(phone) if phone else "",
            cccd=cccd or "",
        )
    return Person(
        name=full_name or username,
        birth=mask_birth_date(birth_date) or None,
        phone=mask_phone(phone),
        cccd=mask_cccd(cccd),
    )


PERSON_FIELDS = (
    "full_name",
    "username",
    "birth_date",
    "phone",
    "cccd",
)


def person_columns(prefix: str = "") -> list:
    """PERSON_FIELDS for values_list(), the phone as its stored E.164 text: the
    model field would parse every number with phonenumbers on the way out and
    format it again (a third of a 100,000-row export's time)."""
    return [
        Cast(f"{prefix}{name}", CharField()) if name == "phone" else f"{prefix}{name}"
        for name in PERSON_FIELDS
    ]


def _people(user_ids: Iterable[int], *, personal: bool) -> dict[int, Person]:
    from accounts.models import User

    return {
        pk: person(*values, personal=personal)
        for pk, *values in User.objects.filter(pk__in=set(user_ids)).values_list(
            "pk", *person_columns()
        )
    }


# ------------------------------------------------------------------- headings


def _heading(contest: Contest, what: str, extra: str = "") -> list[str]:
    lines = [contest.organizer_name.upper(), contest.title, what]
    stamp = timezone.localtime().strftime("%H:%M ngày %d/%m/%Y")
    lines.append(f"{extra} · Xuất lúc {stamp}" if extra else f"Xuất lúc {stamp}")
    return lines


def _round_span(round_: Round) -> str:
    opens = timezone.localtime(round_.opens_at).strftime("%H:%M %d/%m/%Y")
    return f"{round_} ({opens} - {end_label(round_.closes_at)})"


def end_label(value: datetime.datetime) -> str:
    """A close time as the plans write it: midnight is "24:00" of the day before."""
    local = timezone.localtime(value)
    if (local.hour, local.minute, local.second) == (0, 0, 0):
        before = local - datetime.timedelta(days=1)
        return before.strftime("24:00 %d/%m/%Y")
    return local.strftime("%H:%M %d/%m/%Y")


def _money_label(amount: int) -> str:
    return f"{amount:,}".replace(",", ".") + " đồng"


# ----------------------------------------------------------- individual lists

INDIVIDUAL_COLUMNS = [
    Column(H_STT, 6, "int"),
    Column(H_NAME, 26),
    Column(H_BIRTH, 12, "date"),
    Column(H_UNIT, 34),
    Column(H_PHONE, 15),
    Column(H_CCCD, 15),
    Column(H_SCORE, 9, "int"),
    Column(H_DURATION, 13, "duration"),
    Column(H_PREDICTION, 10, "int"),
    Column(H_PRIZE, 18),
    Column(H_AMOUNT, 14, "money"),
]


def _individual_rows(
    awards: Sequence[Award], *, personal: bool, with_scope: bool
) -> Iterator[list]:
    people = _people((a.winner_user_id for a in awards), personal=personal)
    results = RoundResult.objects.in_bulk(
        [a.source_id for a in awards if a.source_id], field_name="attempt_id"
    )
    contest_results = (
        selectors.contest_results_by_user(
            awards[0].contest_id,
            [a.winner_user_id for a in awards if a.part == Award.Part.CONTEST],
        )
        if awards
        else {}
    )
    for number, award in enumerate(awards, 1):
        who = people[award.winner_user_id]
        result = results.get(award.source_id)
        if result is not None:
            score, duration, prediction = (
                result.score,
                result.duration_ms,
                result.prediction,
            )
        elif award.part == Award.Part.CONTEST:
            standing = contest_results.get(award.winner_user_id)
            score = standing.total_score if standing else None
            duration = standing.total_duration_ms if standing else None
            prediction = None
        else:
            score = duration = prediction = None
        prize = award.tier_name + (f" — {award.group}" if award.group else "")
        row = [
            number,
            who.name,
            who.birth,
            award.unit.name if award.unit_id else "",
            who.phone,
            who.cccd,
            score,
            duration,
            prediction,
            prize,
            award.amount_vnd,
        ]
        if with_scope:
            row.insert(1, _scope_label(award))
        yield row


def _scope_label(award: Award) -> str:
    if award.round_id:
        return str(award.round)
    return str(award.get_part_display())


def write_round_awards(
    round_: Round, path: str, *, personal: bool, progress: Progress | None = None
) -> int:
    """The winners of a round, by group and tier: one sheet. Returns the rows."""
    contest = round_.contest
    closing = selectors.round_closing(round_.id)
    awards = [
        a
        for a in selectors.round_awards(round_.id)
        if a.part == Award.Part.ROUND and a.winner_user_id
    ]
    extra = ""
    if closing is not None and closing.true_answer is not None:
        extra = f"Đáp án câu dự đoán: {closing.true_answer}"
    if closing is not None:
        extra = " · ".join(
            filter(None, [f"Số người dự thi: {closing.participants:,}", extra])
        ).replace(",", ".")
    workbook = Workbook(write_only=True)
    sheet = SheetWriter(
        workbook,
        str(round_),
        INDIVIDUAL_COLUMNS,
        _heading(
            contest, f"DANH SÁCH THÍ SINH ĐẠT GIẢI — {_round_span(round_)}", extra
        ),
    )
    for row in _individual_rows(awards, personal=personal, with_scope=False):
        sheet.row(row)
        _tick(progress, sheet.rows)
    sheet.total(
        {
            H_PRIZE: f"{len(awards)} giải",
            H_AMOUNT: sum(a.amount_vnd for a in awards),
        }
    )
    sheet.signatures()
    workbook.save(path)
    return sheet.rows


def _tick(progress: Progress | None, rows: int) -> None:
    if progress is not None and rows % PROGRESS_EVERY == 0:
        progress(rows)


INDIVIDUAL_WITH_SCOPE = [
    INDIVIDUAL_COLUMNS[0],
    Column("Đợt thi / phần thi", 18),
    *INDIVIDUAL_COLUMNS[1:],
]
UNIT_AWARD_COLUMNS = [
    Column(H_STT, 6, "int"),
    Column("Đợt thi / phần thi", 22),
    Column(H_UNIT, 40),
    Column("Hạng", 8, "int"),
    Column(H_PRIZE, 26),
    Column(H_AMOUNT, 14, "money"),
]


def write_contest_awards(
    contest: Contest, path: str, *, personal: bool, progress: Progress | None = None
) -> int:
    """Every prize of a contest: individual prizes (every round and contest-wide),
    collective, special and video prizes, and a summary of money by part."""
    awards = list(selectors.contest_awards(contest.id))
    # The live final's prizes have a sheet of their own (candidate numbers, the
    # question each player fell at), whether a person or a unit won them.
    finals = [a for a in awards if a.part == Award.Part.FINAL]
    individual = [a for a in awards if a.winner_user_id and a.part != Award.Part.FINAL]
    units = [
        a
        for a in awards
        if not a.winner_user_id and a.winner_unit_id and a.part != Award.Part.FINAL
    ]
    workbook = Workbook(write_only=True)
    sheet = SheetWriter(
        workbook,
        "Giải cá nhân",
        INDIVIDUAL_WITH_SCOPE,
        _heading(contest, "DANH SÁCH CÁ NHÂN ĐẠT GIẢI"),
    )
    for row in _individual_rows(individual, personal=personal, with_scope=True):
        sheet.row(row)
        _tick(progress, sheet.rows)
    sheet.total(
        {
            H_PRIZE: f"{len(individual)} giải",
            H_AMOUNT: sum(a.amount_vnd for a in individual),
        }
    )
    sheet.signatures()
    unit_sheet = SheetWriter(
        workbook,
        "Giải tập thể",
        UNIT_AWARD_COLUMNS,
        _heading(contest, "DANH SÁCH TẬP THỂ ĐẠT GIẢI"),
    )
    for number, award in enumerate(units, 1):
        unit_sheet.row(
            [
                number,
                _scope_label(award),
                award.winner_unit.name,
                award.rank,
                award.tier_name,
                award.amount_vnd,
            ]
        )
    unit_sheet.total(
        {
            H_PRIZE: f"{len(units)} giải",
            H_AMOUNT: sum(a.amount_vnd for a in units),
        }
    )
    unit_sheet.signatures()
    final_rows = _write_final_awards(workbook, contest, finals) if finals else 0
    summary = SheetWriter(
        workbook,
        "Tổng hợp",
        [
            Column(H_STT, 6, "int"),
            Column("Phần thi", 34),
            Column("Số giải", 10, "int"),
            Column(H_AMOUNT, 16, "money"),
        ],
        _heading(contest, "TỔNG HỢP GIẢI THƯỞNG"),
    )
    counts: Counter = Counter()
    money: Counter = Counter()
    for award in awards:
        counts[award.part] += 1
        money[award.part] += award.amount_vnd
    for number, part in enumerate((p for p in Award.Part if counts[p]), 1):
        summary.row([number, str(part.label), counts[part], money[part]])
    summary.total({"Số giải": sum(counts.values()), H_AMOUNT: sum(money.values())})
    summary.signatures()
    workbook.save(path)
    return sheet.rows + unit_sheet.rows + final_rows


FINAL_COLUMNS = [
    Column(H_STT, 6, "int"),
    Column("Trận thi", 24),
    Column("Số báo danh", 10, "int"),
    Column(H_NAME, 26),
    Column(H_UNIT, 34),
    Column("Kết quả", 22),
    Column(H_SCORE, 9, "int"),
    Column("Hạng", 7, "int"),
    Column(H_PRIZE, 18),
    Column(H_AMOUNT, 14, "money"),
]


def _final_players(player_ids: list[int]) -> dict[int, tuple]:
    """The live final's players behind its awards (source_id), read through the
    app registry: the live app writes awards, awards does not import it."""
    if not apps.is_installed("live"):
        return {}
    player_model = apps.get_model("live", "LivePlayer")
    return {
        row[0]: row[1:]
        for row in player_model.objects.filter(pk__in=player_ids).values_list(
            "id", "number", "full_name", "is_in", "out_run__number", "correct_count"
        )
    }


def _write_final_awards(workbook, contest: Contest, finals: Sequence[Award]) -> int:
    players = _final_players([a.source_id for a in finals if a.source_id])
    sheet = SheetWriter(
        workbook,
        "Chung kết trực tiếp",
        FINAL_COLUMNS,
        _heading(contest, "DANH SÁCH ĐẠT GIẢI THI TRỰC TIẾP (RUNG CHUÔNG VÀNG)"),
    )
    for number, award in enumerate(sorted(finals, key=lambda a: (a.group, a.rank)), 1):
        sbd, name, is_in, out_at, correct = players.get(
            award.source_id, (None, "", False, None, None)
        )
        if not name and award.winner_user_id:
            name = str(award.winner_user)
        result = (
            "Trụ lại đến cuối"
            if is_in
            else (f"Bị loại ở câu {out_at}" if out_at else "Bị loại")
        )
        sheet.row(
            [
                number,
                award.group,
                sbd,
                name,
                award.unit.name if award.unit_id else "",
                result,
                correct,
                award.rank,
                award.tier_name,
                award.amount_vnd,
            ]
        )
    sheet.total(
        {H_PRIZE: f"{len(finals)} giải", H_AMOUNT: sum(a.amount_vnd for a in finals)}
    )
    sheet.signatures()
    return sheet.rows


UNIT_RANKING_COLUMNS = [
    Column(H_STT, 6, "int"),
    Column(H_UNIT, 40),
    Column("Tổng số CBCCVCLĐ", 12, "int"),
    Column("Số thí sinh", 11, "int"),
    Column("Tỷ lệ tham gia", 11, "percent"),
    Column("Số giải cá nhân", 11, "int"),
    Column("Điểm TB lần thi tốt nhất", 12),
    Column("Hạng", 7, "int"),
    Column(H_PRIZE, 18),
    Column(H_AMOUNT, 14, "money"),
    Column("Ghi chú", 36),
]


def write_collective(
    contest: Contest, path: str, *, progress: Progress | None = None
) -> int:
    """The collective ranking (whole contest, and each round that ranks units),
    with every unit listed, unranked ones with the reason, and the prizes."""
    workbook = Workbook(write_only=True)
    scopes: list[Round | None] = [None] + [
        r
        for r in Round.objects.filter(contest=contest).order_by("closes_at", "number")
        if UnitResult.objects.filter(contest=contest, round=r).exists()
    ]
    total_rows = 0
    for scope in scopes:
        rows = selectors.unit_results(contest.id, scope.id if scope else None)
        prizes = {
            (a.winner_unit_id, a.part): a
            for a in Award.objects.filter(
                contest=contest,
                round=scope,
                part__in=(Award.Part.COLLECTIVE, Award.Part.SPECIAL),
            )
        }
        kinds = sorted({(r.unit_kind, r.rule) for r in rows})
        if not kinds and scope is not None:
            continue
        for kind, rule in kinds or [(contest.collective_unit_kind, "")]:
            what = "XẾP HẠNG TẬP THỂ"
            if kind:
                what += f" — {Unit.Kind(kind).label}"
            if rule:
                what += f" — tiêu chí riêng: {rule}"
            what += f" — {scope}" if scope else " — TOÀN CUỘC THI"
            title = (
                f"{scope or 'Toàn cuộc thi'} {Unit.Kind(kind).label if kind else ''}"
            )
            sheet = SheetWriter(
                workbook, title, UNIT_RANKING_COLUMNS, _heading(contest, what)
            )
            money = 0
            part = Award.Part.COLLECTIVE if rule == "" else Award.Part.SPECIAL
            for number, unit_row in enumerate(
                (r for r in rows if (r.unit_kind, r.rule) == (kind, rule)), 1
            ):
                award = prizes.get((unit_row.unit_id, part))
                money += award.amount_vnd if award else 0
                avg = unit_row.avg_best_score_milli
                sheet.row(
                    [
                        number,
                        unit_row.unit.name,
                        unit_row.staff_count,
                        unit_row.contestants,
                        (
                            unit_row.contestants / unit_row.staff_count
                            if unit_row.staff_count
                            else None
                        ),
                        unit_row.prizes,
                        f"{avg / 1000:.2f}".replace(".", ",")
                        if avg is not None
                        else "",
                        unit_row.rank,
                        award.tier_name if award else "",
                        award.amount_vnd if award else None,
                        unit_row.reason,
                    ]
                )
                _tick(progress, total_rows + sheet.rows)
            sheet.total({H_AMOUNT: money})
            sheet.signatures()
            total_rows += sheet.rows
    if not workbook.worksheets:
        SheetWriter(
            workbook,
            "Tập thể",
            UNIT_RANKING_COLUMNS,
            _heading(contest, "XẾP HẠNG TẬP THỂ — CHƯA CÓ KẾT QUẢ"),
        )
    workbook.save(path)
    return total_rows


RANKING_COLUMNS = [
    Column("Hạng", 8, "int"),
    Column("Hạng trong nhóm", 9, "int"),
    Column(H_NAME, 26),
    Column(H_BIRTH, 12, "date"),
    Column(H_UNIT, 34),
    Column(H_PHONE, 15),
    Column(H_CCCD, 15),
    Column(H_SCORE, 9, "int"),
    Column(H_PREDICTION, 10, "int"),
    Column("Chênh lệch dự đoán", 11, "int"),
    Column(H_DURATION, 13, "duration"),
    Column("Nộp bài lúc", 20, "datetime"),
]


def write_ranking(
    round_: Round, path: str, *, personal: bool, progress: Progress | None = None
) -> int:
    """A closed round's full ranking with every key, streamed (1 row per person)."""
    contest = round_.contest
    closing = selectors.round_closing(round_.id)
    extra = ""
    if closing is not None and closing.true_answer is not None:
        extra = f"Đáp án câu dự đoán: {closing.true_answer}"
    workbook = Workbook(write_only=True)
    sheet = SheetWriter(
        workbook,
        str(round_),
        RANKING_COLUMNS,
        _heading(
            contest,
            f"BẢNG XẾP HẠNG — {_round_span(round_)} — thứ tự: số câu đúng ↓, "
            "chênh lệch dự đoán ↑, thời gian làm bài ↑, thời điểm nộp bài ↑",
            extra,
        ),
    )
    rows = (
        RoundResult.objects.filter(round=round_)
        .order_by("rank")
        .values_list(
            "rank",
            "group_rank",
            *person_columns("user__"),
            "unit__name",
            "score",
            "prediction",
            "gap",
            "duration_ms",
            "submitted_at",
        )
        .iterator(chunk_size=5000)
    )
    for rank, group_rank, *fields in rows:
        who = person(*fields[:5], personal=personal)
        unit, score, prediction, gap, duration, submitted = fields[5:]
        sheet.row(
            [
                rank,
                group_rank,
                who.name,
                who.birth,
                unit or "",
                who.phone,
                who.cccd,
                score,
                prediction,
                gap,
                duration,
                submitted,
            ]
        )
        _tick(progress, sheet.rows)
    workbook.save(path)
    return sheet.rows


PARTICIPATION_UNIT_COLUMNS = [
    Column(H_STT, 6, "int"),
    Column("Mã đơn vị", 12),
    Column(H_UNIT, 44),
    Column("Tổng số CBCCVCLĐ", 12, "int"),
    Column("Số thí sinh", 11, "int"),
    Column("Tỷ lệ tham gia", 11, "percent"),
    Column("Số lượt thi", 11, "int"),
    Column("Số giải cá nhân", 11, "int"),
]
PARTICIPATION_PEOPLE_COLUMNS = [
    Column(H_STT, 7, "int"),
    Column(H_NAME, 26),
    Column(H_BIRTH, 12, "date"),
    Column(H_UNIT, 36),
    Column(H_PHONE, 15),
    Column(H_CCCD, 15),
    Column("Số lượt thi", 9, "int"),
    Column("Số câu đúng cao nhất", 11, "int"),
    Column(H_PRIZE, 26),
]


def write_participation(
    contest: Contest,
    root: Unit,
    path: str,
    *,
    personal: bool,
    progress: Progress | None = None,
) -> int:
    """Participation in a unit's subtree (e.g. the Bắc Sơn district): a summary
    per unit (staff, distinct contestants of its subtree, rate, attempts, prizes)
    and the list of its contestants with their attempts, best score and prizes."""
    report = selectors.participation_report(contest, root)
    workbook = Workbook(write_only=True)
    summary = SheetWriter(
        workbook,
        "Tổng hợp theo đơn vị",
        PARTICIPATION_UNIT_COLUMNS,
        _heading(contest, f"BÁO CÁO THAM GIA — {root.name}"),
    )
    for number, line in enumerate(report.lines, 1):
        summary.row(
            [
                number,
                line.code,
                "    " * line.depth + line.name,
                line.staff_count,
                line.contestants,
                float(line.rate) if line.rate is not None else None,
                line.attempts,
                line.prizes,
            ]
        )
    summary.signatures()
    attempts = selectors.participation_attempts(contest, report.unit_ids)
    won = report.won

    listing = SheetWriter(
        workbook,
        "Danh sách thí sinh",
        PARTICIPATION_PEOPLE_COLUMNS,
        _heading(contest, f"DANH SÁCH THÍ SINH — {root.name}"),
    )
    rows = (
        attempts.order_by("user__full_name", "user_id")
        .values_list("user_id", *person_columns("user__"))
        .annotate(n=Count("id"), best=Max("score"), unit=Max("unit__name"))
        .iterator(chunk_size=5000)
    )
    for user_id, *fields, n, best, unit in rows:
        who = person(*fields, personal=personal)
        listing.row(
            [
                listing.rows + 1,
                who.name,
                who.birth,
                unit or "",
                who.phone,
                who.cccd,
                n,
                best,
                "; ".join(won.get(user_id, [])),
            ]
        )
        _tick(progress, listing.rows)
    listing.signatures()
    workbook.save(path)
    return summary.rows + listing.rows


# ----------------------------------------------------------------------- jobs


def filename_for(
    kind: str, contest: Contest, round_: Round | None, unit: Unit | None
) -> str:
    """An ASCII file name: danh-sach-giai-<contest>-<round>.xlsx and so on."""
    stem = {
        ExportJob.Kind.ROUND: "danh-sach-giai",
        ExportJob.Kind.CONTEST: "danh-sach-giai",
        ExportJob.Kind.COLLECTIVE: "xep-hang-tap-the",
        ExportJob.Kind.RANKING: "bang-xep-hang",
        ExportJob.Kind.PARTICIPATION: "bao-cao-tham-gia",
    }[kind]
    parts = [stem, contest.slug]
    if round_ is not None:
        parts.append(slugify(unidecode(str(round_))) or f"dot-{round_.number}")
    if unit is not None:
        parts.append(slugify(unidecode(unit.code)))
    return "-".join(parts)[:150] + ".xlsx"


def rows_expected(kind: str, contest: Contest, round_, unit) -> int:
    """A cheap estimate of the rows to write, for the progress bar."""
    if kind == ExportJob.Kind.RANKING:
        return RoundResult.objects.filter(round=round_).count()
    if kind == ExportJob.Kind.PARTICIPATION:
        subtree = selectors_subtree(unit)
        return (
            selectors.participation_attempts(contest, subtree)
            .values("user_id")
            .distinct()
            .count()
        )
    if kind == ExportJob.Kind.COLLECTIVE:
        return UnitResult.objects.filter(contest=contest).count()
    qs = Award.objects.filter(contest=contest)
    if kind == ExportJob.Kind.ROUND:
        qs = qs.filter(round=round_, part=Award.Part.ROUND)
    return qs.count()


def selectors_subtree(unit: Unit) -> set[int]:
    parents = dict(Unit.objects.values_list("id", "parent_id"))
    return tree.descendants(parents, [unit.id])


def write_export(
    kind: str,
    contest: Contest,
    path: str,
    *,
    round_: Round | None = None,
    unit: Unit | None = None,
    personal: bool = False,
    progress: Progress | None = None,
) -> int:
    """Write one export of ``kind`` to ``path``; return the data rows written."""
    if kind == ExportJob.Kind.ROUND:
        return write_round_awards(round_, path, personal=personal, progress=progress)
    if kind == ExportJob.Kind.RANKING:
        return write_ranking(round_, path, personal=personal, progress=progress)
    if kind == ExportJob.Kind.CONTEST:
        return write_contest_awards(contest, path, personal=personal, progress=progress)
    if kind == ExportJob.Kind.COLLECTIVE:
        return write_collective(contest, path, progress=progress)
    if kind == ExportJob.Kind.PARTICIPATION:
        return write_participation(
            contest, unit, path, personal=personal, progress=progress
        )
    raise ValueError(f"unknown export kind {kind!r}")


def run_export_job(job_id: str) -> str:
    """Run an ExportJob: write the file, store it, mark it done (or failed with the
    reason). Personal numbers follow the requester's permission at run time. Safe
    to re-run: a finished job is left as it is. Returns the job's status."""
    from accounts.privacy import can_view_personal_data

    job = ExportJob.objects.select_related(
        "contest", "round", "unit", "requested_by"
    ).get(pk=job_id)
    if job.is_finished:
        return job.status
    total = rows_expected(job.kind, job.contest, job.round, job.unit)
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportJob.Status.RUNNING, rows_total=total, rows_done=0
    )

    def progress(rows: int) -> None:
        ExportJob.objects.filter(pk=job.pk).update(rows_done=rows)

    handle, path = tempfile.mkstemp(suffix=".xlsx")
    os.close(handle)
    try:
        rows = write_export(
            job.kind,
            job.contest,
            path,
            round_=job.round,
            unit=job.unit,
            personal=can_view_personal_data(job.requested_by, None),
            progress=progress,
        )
        name = filename_for(job.kind, job.contest, job.round, job.unit)
        with open(path, "rb") as handle_in:
            job.file.save(f"{job.pk}.xlsx", File(handle_in), save=False)
        job.filename = name
        job.rows_done = rows
        job.status = ExportJob.Status.DONE
    except Exception as error:  # the job page shows why; the log keeps the trace
        log.exception("export %s failed", job.pk)
        job.status = ExportJob.Status.FAILED
        job.error = MSG_EXPORT_FAILED.format(error=error)
    finally:
        os.unlink(path)
    job.finished_at = timezone.now()
    job.save(
        update_fields=[
            "file",
            "filename",
            "rows_done",
            "status",
            "error",
            "finished_at",
            "updated_at",
        ]
    )
    return job.status


EXPORT_KEEP_DAYS = 7


def purge_old_exports(*, days: int = EXPORT_KEEP_DAYS, now=None) -> int:
    """Delete export jobs finished more than ``days`` ago, with their files (they
    hold personal data). Returns how many. Safe to repeat."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=days)
    old = list(ExportJob.objects.filter(created_at__lt=cutoff))
    for job in old:
        if job.file:
            job.file.delete(save=False)
    ExportJob.objects.filter(pk__in=[job.pk for job in old]).delete()
    return len(old)
