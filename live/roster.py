"""Players typed or pasted from Excel by the organizers: one line per player,
columns SBD, họ và tên, mã đơn vị, tài khoản (số điện thoại hoặc email; may be
empty). Tabs (a paste from Excel), semicolons or commas separate the columns.
Pure parsing here; the service checks units, accounts and numbers in the game."""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_LINES = 2000
_HEADER = re.compile(r"^\s*(sbd|số báo danh|so bao danh)\b", re.IGNORECASE)


@dataclass(frozen=True)
class RosterRow:
    line: int
    number: int
    full_name: str
    unit_code: str
    account: str


def _cells(text: str) -> list[str]:
    for separator in ("\t", ";", ","):
        if separator in text:
            return [c.strip() for c in text.split(separator)]
    return [text.strip()]


def parse_roster(text: str) -> tuple[list[RosterRow], list[str]]:
    """Rows and every error found (each naming its line); a header line is skipped."""
    rows: list[RosterRow] = []
    errors: list[str] = []
    seen: dict[int, int] = {}
    lines = text.splitlines()
    if len(lines) > MAX_LINES:
        return [], [f"Quá {MAX_LINES} dòng; hãy chia nhỏ danh sách."]
    for index, raw in enumerate(lines, 1):
        if not raw.strip() or (index == 1 and _HEADER.match(raw)):
            continue
        cells = [*_cells(raw), "", "", ""]
        number_text, name, unit_code, account = cells[:4]
        # ASCII and short first: int() refuses "²" and 5,000 digits (a 500).
        significant = number_text.lstrip("0")
        digits = number_text.isascii() and number_text.isdigit()
        if (
            not digits
            or len(significant) > 5
            or not 1 <= int(significant or 0) <= 99999
        ):
            errors.append(
                f"Dòng {index}: số báo danh «{number_text}» phải là số từ 1 đến 99999."
            )
            continue
        number = int(significant)
        if number in seen:
            errors.append(
                f"Dòng {index}: số báo danh {number} trùng với dòng {seen[number]}."
            )
            continue
        seen[number] = index
        if not name:
            errors.append(f"Dòng {index}: thiếu họ và tên.")
            continue
        if len(name) > 150:
            errors.append(f"Dòng {index}: họ và tên dài quá 150 ký tự.")
            continue
        if not unit_code and not account:
            errors.append(f"Dòng {index}: cần mã đơn vị hoặc tài khoản của thí sinh.")
            continue
        rows.append(RosterRow(index, number, name, unit_code, account))
    return rows, errors
