"""Import a unit roster: validate the whole file first, then apply every row or
none. Shared by the admin (django-import-export preview) and `import_units`.

Rules (SPEC §2, §8):
- codes are the keys: a code already on the portal updates that unit; units not in
  the file are left alone (never deleted);
- the parent is given by code, found in the file or on the portal;
- "Tổng số CBCCVCLĐ" may be empty for a unit that has sub-units after the import
  (its count is then the sum of theirs) and is required for a unit without any;
  a negative or non-integer value is always an error;
- each error names its Excel row (the header is row 1) and column.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.formatting import ascii_fold

from . import tree
from .models import Unit
from .unit_excel import (
    COLUMN_BY_KEY,
    COLUMNS,
    NotAnXlsxFile,
    Sheet,
    check_size,
    column_letter,
    header_key,
    normalize_header,
    read_sheet,
)

MAX_STAFF_COUNT = 10_000_000
CODE_MAX_LENGTH = Unit._meta.get_field("code").max_length
NAME_MAX_LENGTH = Unit._meta.get_field("name").max_length
# Any transaction-scoped advisory lock number unique to this job.
ROSTER_LOCK_ID = 0x554E4954  # "UNIT"

_THOUSANDS = re.compile(r"\d{1,3}(?:[.,\s]\d{3})+")


@dataclass(frozen=True)
class RowError:
    """One problem: `row` is the Excel row (None for the whole file), `column` the
    header as the organizer knows it (empty when the problem is not one cell)."""

    row: int | None
    column: str
    message: str

    def __str__(self) -> str:
        if self.row is None:
            return self.message
        if self.column:
            return _("Dòng %(row)s, cột “%(column)s”: %(message)s") % {
                "row": self.row,
                "column": self.column,
                "message": self.message,
            }
        return _("Dòng %(row)s: %(message)s") % {
            "row": self.row,
            "message": self.message,
        }


@dataclass
class PlannedRow:
    row: int
    code: str
    name: str
    kind: str
    parent_code: str | None
    staff_count: int | None
    action: str = ""  # "new", "update" or "skip" (unchanged)
    before: dict[str, Any] | None = None


@dataclass
class ImportReport:
    dry_run: bool
    rows: list[PlannedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    notices: list[RowError] = field(default_factory=list)  # codes matched by case
    applied: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    def summary(self) -> str:
        if self.errors:
            return _("Tệp bị từ chối: %(n)s lỗi, không đơn vị nào thay đổi.") % {
                "n": len(self.errors)
            }
        text = _("%(new)s đơn vị mới, %(update)s cập nhật, %(skip)s không đổi.") % {
            "new": self.count("new"),
            "update": self.count("update"),
            "skip": self.count("skip"),
        }
        if self.dry_run:
            return _("Chạy thử (chưa lưu): %(text)s") % {"text": text}
        return _("Đã nhập: %(text)s") % {"text": text}


# The file format is Vietnamese whatever the admin's language: an export made in
# English imports back, and English labels are understood too.
FILE_LANGUAGE = "vi"


def _kind_lookup() -> dict[str, str]:
    lookup: dict[str, str] = {}
    for language in (FILE_LANGUAGE, "en"):
        with translation.override(language):
            for value, label in Unit.Kind.choices:
                lookup[normalize_header(value)] = value
                lookup.setdefault(normalize_header(label), value)
                for part in str(label).split("/"):
                    lookup.setdefault(normalize_header(part), value)
    return lookup


def kind_labels() -> list[str]:
    with translation.override(FILE_LANGUAGE):
        return [str(label) for _value, label in Unit.Kind.choices]


# --- parsing single cells (pure) ---
def _text(value: Any) -> str:
    """A cell as text, NFC like the questions: the same roster typed with
    decomposed accents (macOS, some web forms) is the same roster."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFC", " ".join(str(value).split()))


def parse_staff_count(value: Any) -> int | None:
    """None for an empty cell; raises ValueError (Vietnamese) for anything but a
    whole number ≥ 0. Accepts 1200, 1200.0, "1200", "1.200", "1 200"."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError(
            _("phải là số nguyên, không phải %(value)s.") % {"value": value}
        )
    if isinstance(value, int):
        number = value
    elif isinstance(value, float | Decimal):
        if value != int(value):
            raise ValueError(
                _("phải là số nguyên, không phải %(value)s.") % {"value": value}
            )
        number = int(value)
    else:
        text = str(value).strip()
        if re.fullmatch(r"-?\d+", text):
            number = int(text)
        elif _THOUSANDS.fullmatch(text):
            number = int(re.sub(r"\D", "", text))
        else:
            raise ValueError(
                _("phải là số nguyên, không phải “%(value)s”.") % {"value": text}
            )
    if number < 0:
        raise ValueError(_("không được âm (%(value)s).") % {"value": number})
    if number > MAX_STAFF_COUNT:
        raise ValueError(_("quá lớn (%(value)s).") % {"value": number})
    return number


# --- the whole file ---
def _map_headers(sheet: Sheet, errors: list[RowError]) -> dict[str, int]:
    positions: dict[str, int] = {}
    for index, raw in enumerate(sheet.headers):
        if raw is None or not str(raw).strip():
            continue
        key = header_key(raw)
        if key is None:
            errors.append(
                RowError(
                    1,
                    str(raw).strip(),
                    _("tên cột không được hỗ trợ (cột %(letter)s). Các cột: %(all)s.")
                    % {
                        "letter": column_letter(index),
                        "all": ", ".join(c.header for c in COLUMNS),
                    },
                )
            )
        elif key in positions:
            errors.append(
                RowError(
                    1,
                    str(raw).strip(),
                    _("cột bị lặp (cột %(letter)s).")
                    % {"letter": column_letter(index)},
                )
            )
        else:
            positions[key] = index
    for column in COLUMNS:
        if column.required and column.key not in positions:
            errors.append(RowError(1, column.header, _("thiếu cột bắt buộc này.")))
    return positions


def _existing_units() -> dict[str, dict[str, Any]]:
    rows = Unit.objects.values_list(
        "pk", "code", "name", "kind", "parent__code", "staff_count"
    )
    return {
        code: {
            "pk": pk,
            "name": name,
            "kind": kind,
            "parent_code": parent_code,
            "staff_count": staff_count,
        }
        for pk, code, name, kind, parent_code, staff_count in rows
    }


def validate(
    sheet: Sheet,
    existing: dict[str, dict[str, Any]],
    *,
    notices: list[RowError] | None = None,
) -> tuple[list[PlannedRow], list[RowError]]:
    """Check every row against the file and the units already on the portal.
    Returns the planned rows and every error found (all of them, not the first).
    Codes are matched without regard to case ("cd-gd" is the unit "CD-GD"); each
    such match is added to `notices`."""
    errors: list[RowError] = []
    if not sheet.headers or all(h is None for h in sheet.headers):
        return [], [RowError(None, "", _("Tệp không có dòng tiêu đề (dòng 1)."))]
    positions = _map_headers(sheet, errors)
    if errors:
        return [], errors
    if not sheet.rows:
        return [], [RowError(None, "", _("Tệp không có đơn vị nào (từ dòng 2)."))]
    check = _Validation(
        existing, positions, notices if notices is not None else [], errors
    )
    planned = [check.read_row(number, values) for number, values in sheet.rows]
    for p in planned:
        if p.parent_code is not None:
            p.parent_code = check.same_code(
                p.row, check.header["parent_code"], p.parent_code
            )
    check.check_tree(planned)
    errors.sort(key=lambda e: (e.row or 0,))
    return planned, errors


class _Validation:
    """One file's check: the codes seen so far (first row of each, their case
    as first written) and the errors and notices found."""

    def __init__(
        self,
        existing: dict[str, dict[str, Any]],
        positions: dict[str, int],
        notices: list[RowError],
        errors: list[RowError],
    ):
        self.existing = existing
        self.positions = positions
        self.notices = notices
        self.errors = errors
        self.canonical = {code.casefold(): code for code in existing}
        self.header = {key: COLUMN_BY_KEY[key].header for key in COLUMN_BY_KEY}
        self.kinds = _kind_lookup()
        self.first_row_of: dict[str, int] = {}
        self.bad_staff_rows: set[int] = set()

    def same_code(self, number: int, column: str, code: str) -> str:
        known = self.canonical.setdefault(code.casefold(), code)
        if known != code:
            self.notices.append(
                RowError(
                    number,
                    column,
                    _(
                        "mã “%(code)s” được hiểu là “%(known)s” (mã đơn vị không "
                        "phân biệt chữ hoa, chữ thường)."
                    )
                    % {"code": code, "known": known},
                )
            )
        return known

    def cell(self, values: tuple[Any, ...], key: str) -> Any:
        index = self.positions.get(key)
        return values[index] if index is not None and index < len(values) else None

    def read_row(self, number: int, values: tuple[Any, ...]) -> PlannedRow:
        """The row as planned; its errors added, in column order."""
        code = _text(self.cell(values, "code"))
        if code and len(code) <= CODE_MAX_LENGTH and code not in self.first_row_of:
            code = self.same_code(number, self.header["code"], code)
        self.check_code(number, code)
        name = _text(self.cell(values, "name"))
        self.check_name(number, name)
        kind = self.read_kind(number, _text(self.cell(values, "kind")))
        staff_count = None
        try:
            staff_count = parse_staff_count(self.cell(values, "staff_count"))
        except ValueError as exc:
            self.bad_staff_rows.add(number)
            self.errors.append(RowError(number, self.header["staff_count"], str(exc)))
        parent_code = _text(self.cell(values, "parent_code")) or None
        return PlannedRow(number, code, name, kind, parent_code, staff_count)

    def check_code(self, number: int, code: str) -> None:
        column = self.header["code"]
        if not code:
            self.errors.append(RowError(number, column, _("bắt buộc.")))
        elif len(code) > CODE_MAX_LENGTH:
            self.errors.append(
                RowError(
                    number, column, _("dài quá %(n)s ký tự.") % {"n": CODE_MAX_LENGTH}
                )
            )
        elif code in self.first_row_of:
            self.errors.append(
                RowError(
                    number,
                    column,
                    _("mã “%(code)s” trùng với dòng %(first)s.")
                    % {"code": code, "first": self.first_row_of[code]},
                )
            )
        else:
            self.first_row_of[code] = number

    def check_name(self, number: int, name: str) -> None:
        column = self.header["name"]
        if not name:
            self.errors.append(RowError(number, column, _("bắt buộc.")))
        elif len(name) > NAME_MAX_LENGTH:
            self.errors.append(
                RowError(
                    number, column, _("dài quá %(n)s ký tự.") % {"n": NAME_MAX_LENGTH}
                )
            )

    def read_kind(self, number: int, raw_kind: str) -> str:
        if not raw_kind:
            return ""
        kind = self.kinds.get(normalize_header(raw_kind), "")
        if not kind:
            self.errors.append(
                RowError(
                    number,
                    self.header["kind"],
                    _("không có loại “%(kind)s”. Chọn một trong: %(all)s.")
                    % {"kind": raw_kind, "all": "; ".join(kind_labels())},
                )
            )
        return kind

    def check_tree(self, planned: list[PlannedRow]) -> None:
        """The tree after the import (the portal's units with the file laid over
        them): parents exist, nobody is their own parent, leaves have a staff
        count, no parent chain loops."""
        in_file = {
            p.code: p
            for p in planned
            if p.code and self.first_row_of.get(p.code) == p.row
        }
        parents: dict[str, str | None] = {
            code: unit["parent_code"] for code, unit in self.existing.items()
        }
        parents.update({code: p.parent_code for code, p in in_file.items()})
        has_children = {parent for parent in parents.values() if parent is not None}
        for p in planned:
            self.check_parent(p, parents)
            if (
                p.staff_count is None
                and p.code
                and p.code not in has_children
                and p.row not in self.bad_staff_rows
            ):
                self.errors.append(
                    RowError(
                        p.row,
                        self.header["staff_count"],
                        _(
                            "bắt buộc với đơn vị không có đơn vị trực thuộc (chỉ được "
                            "để trống khi tổng số lấy từ các đơn vị trực thuộc)."
                        ),
                    )
                )
        self.check_cycles(parents, in_file)

    def check_parent(self, p: PlannedRow, parents: dict[str, str | None]) -> None:
        if p.parent_code is not None and p.parent_code not in parents:
            self.errors.append(
                RowError(
                    p.row,
                    self.header["parent_code"],
                    _("không có đơn vị mã “%(code)s” trong tệp hay trên hệ thống.")
                    % {"code": p.parent_code},
                )
            )
        elif p.parent_code is not None and p.parent_code == p.code:
            self.errors.append(
                RowError(
                    p.row,
                    self.header["parent_code"],
                    _("đơn vị không thể là cấp trên của chính nó."),
                )
            )

    def check_cycles(
        self, parents: dict[str, str | None], in_file: dict[str, PlannedRow]
    ) -> None:
        """Parent chains that loop back (A under B, B under A), self-parents
        aside."""
        known = {c: p for c, p in parents.items() if p in parents and p != c}
        for cycle in tree.find_cycles(known):
            loop = " → ".join([*cycle, cycle[0]])
            for code in cycle:
                if code in in_file:
                    self.errors.append(
                        RowError(
                            in_file[code].row,
                            self.header["parent_code"],
                            _("tạo vòng lặp cấp trên: %(loop)s.") % {"loop": loop},
                        )
                    )


def _plan_actions(planned: list[PlannedRow], existing: dict[str, dict]) -> None:
    for p in planned:
        before = existing.get(p.code)
        if before is None:
            p.kind = p.kind or Unit.Kind.OTHER
            p.action = "new"
            continue
        p.kind = p.kind or before["kind"]
        p.before = before
        same = (
            before["name"] == p.name
            and before["kind"] == p.kind
            and before["parent_code"] == p.parent_code
            and before["staff_count"] == p.staff_count
        )
        p.action = "skip" if same else "update"


def _lock_roster() -> None:
    # Two imports at once must not interleave (each validates the tree it then
    # changes). Postgres: a transaction-scoped advisory lock. SQLite runs
    # IMMEDIATE transactions, which already serialise writers.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ROSTER_LOCK_ID])


def import_sheet(sheet: Sheet, *, dry_run: bool = False) -> ImportReport:
    """Validate every row of `sheet`; when nothing is wrong and not `dry_run`,
    create and update the units in one transaction. With any error nothing is
    written. Running the same file twice changes nothing the second time."""
    report = ImportReport(dry_run=dry_run)
    with transaction.atomic():
        _lock_roster()
        existing = _existing_units()
        planned, errors = validate(sheet, existing, notices=report.notices)
        report.rows, report.errors = planned, errors
        if errors:
            return report
        _plan_actions(planned, existing)
        if not dry_run:
            _apply(planned, existing)
            report.applied = True
    return report


def import_file(data: bytes, *, dry_run: bool = False) -> ImportReport:
    """import_sheet() for the bytes of an uploaded or local .xlsx file."""
    try:
        sheet = read_sheet(data)
    except NotAnXlsxFile as exc:
        return ImportReport(dry_run=dry_run, errors=[RowError(None, "", str(exc))])
    return import_sheet(sheet, dry_run=dry_run)


def import_path(path: Path, *, dry_run: bool = False) -> ImportReport:
    """import_file() for a file on disk; an oversized file is refused unread."""
    try:
        check_size(path.stat().st_size)
    except NotAnXlsxFile as exc:
        return ImportReport(dry_run=dry_run, errors=[RowError(None, "", str(exc))])
    return import_file(path.read_bytes(), dry_run=dry_run)


def _apply(planned: list[PlannedRow], existing: dict[str, dict]) -> None:
    """New units are inserted parents first, a level of the tree at a time, each
    with its parent already set (one INSERT … RETURNING per level and batch);
    changed units are updated with one bulk UPDATE, parent included."""
    now = timezone.now()
    pk_of = {code: row["pk"] for code, row in existing.items()}
    pending = [p for p in planned if p.action == "new"]
    while pending:
        ready = [p for p in pending if not p.parent_code or p.parent_code in pk_of]
        if not ready:  # validate() refuses cycles; never leave a unit unlinked
            raise RuntimeError("roster import: parents form a cycle")
        created = Unit.objects.bulk_create(
            [
                Unit(
                    code=p.code,
                    name=p.name,
                    name_ascii=ascii_fold(p.name),
                    kind=p.kind,
                    staff_count=p.staff_count,
                    parent_id=pk_of[p.parent_code] if p.parent_code else None,
                )
                for p in ready
            ],
            batch_size=1000,
        )
        pk_of.update((unit.code, unit.pk) for unit in created)
        placed = {p.code for p in ready}
        pending = [p for p in pending if p.code not in placed]
    changed = [p for p in planned if p.action == "update"]
    if changed:
        units = Unit.objects.in_bulk([p.code for p in changed], field_name="code")
        for p in changed:
            unit = units[p.code]
            unit.name = p.name
            unit.name_ascii = ascii_fold(p.name)
            unit.kind = p.kind
            unit.staff_count = p.staff_count
            unit.parent_id = pk_of[p.parent_code] if p.parent_code else None
            unit.updated_at = now
        Unit.objects.bulk_update(
            units.values(),
            ["name", "name_ascii", "kind", "staff_count", "parent", "updated_at"],
            batch_size=1000,
        )


def roster_rows() -> list[tuple[str, str, str, str, int | None]]:
    """The export: one line per unit, in the import's column order."""
    labels = dict(zip(Unit.Kind.values, kind_labels(), strict=True))
    rows = Unit.objects.order_by("code").values_list(
        "code", "name", "kind", "parent__code", "staff_count"
    )
    return [
        (code, name, str(labels.get(kind, kind)), parent or "", count)
        for code, name, kind, parent, count in rows
    ]
