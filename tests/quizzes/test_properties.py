"""Whatever a workbook holds, the importer never crashes and never half-imports."""

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizzes import layout
from quizzes.importing import parse_file
from quizzes.models import Choice, Question
from quizzes.services import import_questions

from .workbooks import workbook

pytestmark = pytest.mark.django_db

_names = itertools.count()

cell = st.one_of(
    st.none(),
    st.sampled_from(
        ["", "A", "b", "C ", "G", "A,B", "Dễ", "Khó", "trung binh", "=1+1", "  "]
    ),
    st.text(alphabet="aăâđeêoôơuưAĐÊỜ ạảấầẩẫậ0123456789?,.", max_size=30),
    st.integers(min_value=-5, max_value=3000),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
)
header = st.one_of(
    st.sampled_from(layout.HEADERS), st.sampled_from(["Ghi chú", "Đáp án G", None])
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    headers=st.one_of(
        st.just(list(layout.HEADERS)), st.lists(header, min_size=1, max_size=14)
    ),
    rows=st.lists(st.lists(cell, min_size=0, max_size=14), max_size=12),
)
def test_random_workbooks_import_fully_or_not_at_all(headers, rows):
    before = (Question.objects.count(), Choice.objects.count())
    outcome = import_questions(
        data=workbook(rows, headers=headers), bank_name=f"Ngẫu nhiên {next(_names)}"
    )
    added = (Question.objects.count() - before[0], Choice.objects.count() - before[1])
    if outcome.ok:
        assert added[0] == len(outcome.rows) > 0
        assert added[1] == sum(len(r.choices) for r in outcome.rows)
    else:
        assert added == (0, 0)
        assert all(str(error) for error in outcome.errors)


@settings(max_examples=60, deadline=None)
@given(data=st.binary(max_size=400), fmt=st.sampled_from(["xlsx", "aiken", "gift"]))
def test_random_bytes_never_crash_the_parsers(data, fmt):
    result = parse_file(data, fmt)
    assert result.errors or result.rows or result.skipped


@settings(max_examples=60, deadline=None)
@given(
    text=st.text(alphabet="{}=~#:\\/%->\n ABCabcđêơ0123456789TF$CATEGORY", max_size=120)
)
def test_random_gift_text_never_crashes(text):
    result = parse_file(text.encode(), "gift")
    for row in result.rows:
        assert 2 <= len(row.choices) <= layout.MAX_CHOICES
        assert 0 <= row.correct < len(row.choices)
