"""The demo bank: 60+ valid questions on the seed documents, loaded idempotently."""

import io

import pytest

from quizzes import demo, exports
from quizzes.importing import parse_file
from quizzes.models import Question, QuestionBank


def test_the_demo_bank_has_its_exact_name():
    assert demo.DEMO_BANK_NAME == "Ngân hàng câu hỏi mẫu — Chuyển đổi số"


def test_demo_questions_pass_the_importer_checks():
    rows = demo.demo_rows()
    assert len(rows) >= 60
    assert all(3 <= len(r.choices) <= 4 for r in rows)
    # Through the same checks as an uploaded workbook: no duplicates, keys valid...
    table = [
        (
            r.topic,
            r.text,
            *r.choices,
            *[""] * (6 - len(r.choices)),
            "ABCDEF"[r.correct],
            {"easy": "Dễ", "medium": "Trung bình", "hard": "Khó"}[r.difficulty],
            r.explanation,
            r.document_title,
        )
        for r in rows
    ]
    parsed = parse_file(exports.questions_workbook(table), "xlsx")
    assert parsed.errors == []
    assert len(parsed.rows) == len(rows)
    # ...and the right answer is not always in the same place.
    assert {r.correct for r in rows} == {0, 1, 2, 3}


def test_every_demo_topic_is_tied_to_a_reference_document():
    topics = {(r.topic, r.document_title) for r in demo.demo_rows()}
    assert all(document for _, document in topics)
    assert len({topic for topic, _ in topics}) == len(topics)


@pytest.mark.django_db
def test_seeding_twice_changes_nothing():
    out = io.StringIO()
    demo.seed(out)
    bank = QuestionBank.objects.get(name=demo.DEMO_BANK_NAME)
    first = sorted(bank.questions.values_list("text_key", flat=True))
    demo.seed(out)
    assert sorted(bank.questions.values_list("text_key", flat=True)) == first
    assert len(first) == len(demo.demo_rows())
    question = Question.objects.filter(bank=bank).first()
    assert question.choices.filter(is_correct=True).count() == 1
    assert "0 câu hỏi mới" in out.getvalue()
