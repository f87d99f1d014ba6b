"""Export uses the import layout: an exported bank re-imports unchanged."""

import io
import unicodedata

import openpyxl
import pytest
from django.urls import reverse

from quizzes import layout
from quizzes.models import Question, QuestionBank
from quizzes.services import import_questions
from tests.factories import QuestionBankFactory, QuestionFactory, TopicFactory

from .workbooks import read_rows

pytestmark = pytest.mark.django_db

EXPORT_URL = reverse("admin:quizzes_question_export")


def snapshot(bank):
    """Everything the layout carries, per question, in a comparable form."""
    return sorted(
        (
            q.topic.name if q.topic else "",
            q.topic.document_title if q.topic else "",
            q.text,
            q.text_key,
            tuple(q.choices.order_by("position").values_list("text", "is_correct")),
            q.difficulty,
            q.explanation,
        )
        for q in Question.objects.filter(bank=bank).select_related("topic")
    )


@pytest.fixture
def tricky_bank():
    bank = QuestionBankFactory(name="Ngân hàng gốc")
    law = TopicFactory(
        bank=bank,
        name="Luật An ninh mạng",
        document_title="Luật An ninh mạng ngày 12/6/2018",
    )
    plan = TopicFactory(bank=bank, name="Thể lệ")
    QuestionFactory(
        bank=bank,
        topic=law,
        text=unicodedata.normalize("NFD", "Luật An ninh mạng có ngày nào?"),
        choices=["12/6/2018", "19/11/2015", "29/6/2006"],
        difficulty="easy",
        explanation="Dòng một.\nDòng hai.",
    )
    QuestionFactory(
        bank=bank,
        topic=plan,
        text="=1+1 không phải công thức?",
        choices=["=SUM(A1:A2)", "+84", "@tên", "#N/A", "-5", "0123"],
        choices__correct=5,
        difficulty="hard",
    )
    QuestionFactory(
        bank=bank,
        text="Câu hỏi\nnhiều dòng, không chủ đề?",
        choices=["Có", "Không"],
        choices__correct=1,
    )
    return bank


def test_export_then_import_into_a_fresh_bank_gives_identical_questions(
    organizer_client, tricky_bank
):
    response = organizer_client.get(EXPORT_URL, {"bank__id__exact": tricky_bank.pk})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    outcome = import_questions(data=response.content, bank_name="Ngân hàng chép lại")
    assert outcome.ok, [str(e) for e in outcome.errors]
    copy = QuestionBank.objects.get(name="Ngân hàng chép lại")
    assert snapshot(copy) == snapshot(tricky_bank)
    assert len(snapshot(copy)) == 3


def test_the_export_has_the_template_headers_and_text_cells(
    organizer_client, tricky_bank
):
    data = organizer_client.get(EXPORT_URL).content
    rows = read_rows(data)
    assert rows[0] == layout.HEADERS
    book = openpyxl.load_workbook(io.BytesIO(data))
    cells = [c for r in book.active.iter_rows(min_row=2) for c in r if c.value]
    assert all(cell.data_type == "s" for cell in cells)  # no formula, no error code
    assert any(cell.value == "=1+1 không phải công thức?" for cell in cells)


def test_the_export_action_exports_only_the_selected_questions(
    organizer_client, tricky_bank
):
    chosen = Question.objects.filter(bank=tricky_bank).order_by("pk")[:2]
    response = organizer_client.post(
        reverse("admin:quizzes_question_changelist"),
        {
            "action": "export_admin_action",
            "_selected_action": [q.pk for q in chosen],
        },
    )
    assert response.status_code == 200
    texts = [r[1] for r in read_rows(response.content)[1:]]
    assert texts == [q.text for q in chosen]


def test_a_bank_exports_from_its_own_list(organizer_client, tricky_bank):
    response = organizer_client.post(
        reverse("admin:quizzes_questionbank_changelist"),
        {"action": "export_bank", "_selected_action": [tricky_bank.pk]},
    )
    outcome = import_questions(data=response.content, bank_name="Bản sao")
    assert outcome.created == 3


def test_the_secretariat_cannot_export_answer_keys(client_for, secretary, judge):
    for person in (secretary, judge):
        assert client_for(person).get(EXPORT_URL).status_code == 403
