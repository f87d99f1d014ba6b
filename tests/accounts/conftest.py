import io

import openpyxl
import pytest
from django.core.cache import cache
from django.utils import translation

from accounts.unit_excel import COLUMNS

HEADERS = [c.header for c in COLUMNS]


@pytest.fixture(autouse=True)
def _default_language():
    # A request in English leaves English active in this thread: reset it.
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    # allauth keeps its rate-limit counters in the cache (this run's Redis db).
    cache.clear()
    yield
    cache.clear()


def make_xlsx(rows, headers=None) -> bytes:
    """An .xlsx whose first sheet has `headers` in row 1 and `rows` below it."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADERS if headers is None else headers)
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def signup_data(unit_a):
    return {
        "phone": "0987 654 321",
        "full_name": "Nguyễn Văn An",
        "birth_date": "1992-04-30",
        "gender": "male",
        "cccd": "083092001234",
        "group": "worker",
        "unit": str(unit_a.pk),
        "email": "an.nguyen@example.com",
        "password1": "Thi-dua-2024!",
        "password2": "Thi-dua-2024!",
    }
