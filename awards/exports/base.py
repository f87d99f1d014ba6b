"""What every award report shares: a report yields its tables (title, columns,
heading, rows, total); ``render`` writes them with the one sheet writer
(core.sheets), so escaping, formats and print setup live there.

A sheet opens with the organizer, the contest's title and what the list is, then
the Vietnamese headers (SPEC §7), the rows, a total and room for signatures.
Phone, CCCD and birth date are masked unless the exporter may see personal data.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from django.db.models import CharField
from django.db.models.functions import Cast
from django.utils import timezone

from accounts.phones import format_national
from accounts.privacy import mask_birth_date, mask_cccd, mask_phone
from contests.models import Contest, Round
from core.formatting import format_time, local_datetime
from core.sheets import PRINTED, TOTAL_LABEL, Book, Column, safe_text

__all__ = ["TOTAL_LABEL", "Column", "safe_text"]

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


@dataclass(slots=True)
class Table:
    """One sheet of a report. ``counted``: its rows count as the report's rows
    (and its progress); a summary sheet is not counted."""

    title: str
    columns: Sequence[Column]
    heading: Sequence[str]
    rows: Iterable[Sequence]
    total: dict[str, object] | None = None
    signatures: bool = True
    counted: bool = True


class Report:
    """A report yields its tables; ``render`` writes them."""

    def tables(self) -> Iterator[Table]:
        raise NotImplementedError


def render(report: Report, path: str, *, progress: Progress | None = None) -> int:
    """Write ``report`` to ``path`` (.xlsx); return the counted data rows."""
    counted = 0
    with Book(path, PRINTED) as book:
        for table in report.tables():
            sheet = book.sheet(table.title, table.columns, table.heading)
            for values in table.rows:
                sheet.row(values)
                if table.counted:
                    counted += 1
                    if progress is not None and counted % PROGRESS_EVERY == 0:
                        progress(counted)
            if table.total is not None:
                sheet.total(table.total)
            if table.signatures:
                sheet.signatures()
    return counted


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


PERSON_FIELDS = ("full_name", "username", "birth_date", "phone", "cccd")


def person_columns(prefix: str = "") -> list:
    """PERSON_FIELDS for values_list(), the phone as its stored E.164 text: the
    model field would parse every number with phonenumbers on the way out and
    format it again (a third of a 100,000-row export's time)."""
    return [
        Cast(f"{prefix}{name}", CharField()) if name == "phone" else f"{prefix}{name}"
        for name in PERSON_FIELDS
    ]


# ------------------------------------------------------------------- headings


def heading(contest: Contest, what: str, extra: str = "") -> list[str]:
    lines = [contest.organizer_name.upper(), contest.title, what]
    stamp = format_time(timezone.now())
    lines.append(f"{extra} · Xuất lúc {stamp}" if extra else f"Xuất lúc {stamp}")
    return lines


def round_span(round_: Round) -> str:
    opens = local_datetime(round_.opens_at)
    return f"{round_} ({opens} - {end_label(round_.closes_at)})"


def end_label(value: datetime.datetime) -> str:
    """A close time as the plans write it: midnight is "24:00" of the day before."""
    local = timezone.localtime(value)
    if (local.hour, local.minute, local.second) == (0, 0, 0):
        before = local - datetime.timedelta(days=1)
        return before.strftime("24:00 %d/%m/%Y")
    return local_datetime(local)


def prize_count(count: int) -> str:
    return f"{count} giải"
