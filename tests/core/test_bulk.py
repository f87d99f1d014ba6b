"""core.bulk: COPY on Postgres writes text, times and keys exactly as given."""

import datetime as dt

import pytest
from django.db import connection

from core import bulk
from quizzes.models import QuestionBank, Topic

TRICKY = [
    "plain",
    "tab\there",
    "two\nlines",
    "back\\slash",
    "cr\r\nlf",
    "Đà Nẵng",
    "\\N",
]


@pytest.mark.django_db
def test_text_with_escapes_round_trips_through_copy():
    assert connection.vendor == "postgresql"
    now = dt.datetime(2024, 6, 10, 1, 0, tzinfo=dt.UTC)
    rows = [(name, "" if i % 2 else name, now, now) for i, name in enumerate(TRICKY)]
    count = bulk.insert_rows(
        QuestionBank, ["name", "description", "created_at", "updated_at"], rows
    )
    assert count == len(TRICKY)
    stored = dict(QuestionBank.objects.values_list("name", "description"))
    assert stored == {name: desc for name, desc, _, _ in rows}
    assert set(QuestionBank.objects.values_list("created_at", flat=True)) == {now}


@pytest.mark.django_db
def test_a_foreign_key_is_given_by_its_field_name(monkeypatch):
    bank = QuestionBank.objects.create(name="Ngân hàng")
    monkeypatch.setattr(bulk, "COPY_CHUNK", 2)  # several chunks, one transaction
    now = dt.datetime(2024, 6, 10, tzinfo=dt.UTC)
    rows = ((bank.pk, f"Chủ đề {i}", "", "", now, now) for i in range(5))
    fields = ["bank", "name", "document_title", "document_url"]
    assert bulk.insert_rows(Topic, [*fields, "created_at", "updated_at"], rows) == 5
    assert sorted(bank.topics.values_list("name", flat=True)) == [
        f"Chủ đề {i}" for i in range(5)
    ]
