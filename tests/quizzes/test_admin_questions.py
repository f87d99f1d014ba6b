"""The question admin: search without accents, filters, counts, bulk actions, preview,
the used-question warning, and the key-change record."""

import re

import pytest
from django.urls import reverse

from quizzes import admin as quiz_admin
from quizzes.models import Choice, KeyChange, Question
from tests.factories import QuestionBankFactory, QuestionFactory, TopicFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:quizzes_question_changelist")


def change_url(question):
    return reverse("admin:quizzes_question_change", args=[question.pk])


def listed(response):
    return {q.pk for q in response.context["cl"].result_list}


def test_search_finds_with_or_without_accents(organizer_client):
    cds = QuestionFactory(text="Ngày Chuyển đổi số quốc gia là ngày nào?")
    da06 = QuestionFactory(text="Đề án 06 do ai phê duyệt?")
    for term, expected in [
        ("chuyen doi so", {cds.pk}),
        ("Chuyển đổi", {cds.pk}),
        ("DE AN 06", {da06.pk}),
        ("đề án", {da06.pk}),
        ("ngay", {cds.pk}),
        ("quốc gia đề án", set()),
    ]:
        response = organizer_client.get(CHANGELIST, {"q": term})
        assert listed(response) == expected, term


def test_filters_by_bank_topic_difficulty_and_active(organizer_client):
    bank = QuestionBankFactory()
    topic = TopicFactory(bank=bank)
    easy = QuestionFactory(bank=bank, topic=topic, difficulty="easy")
    hard_off = QuestionFactory(bank=bank, difficulty="hard", is_active=False)
    QuestionFactory()  # another bank
    cases = [
        ({"bank__id__exact": bank.pk}, {easy.pk, hard_off.pk}),
        ({"topic__id__exact": topic.pk}, {easy.pk}),
        ({"difficulty__exact": "hard"}, {hard_off.pk}),
        ({"is_active__exact": "0"}, {hard_off.pk}),
    ]
    for params, expected in cases:
        assert listed(organizer_client.get(CHANGELIST, params)) == expected, params


def test_bulk_deactivate_and_activate(organizer_client):
    questions = [QuestionFactory() for _ in range(3)]
    ids = [q.pk for q in questions[:2]]
    response = organizer_client.post(
        CHANGELIST, {"action": "deactivate", "_selected_action": ids}, follow=True
    )
    assert "Đã tắt 2 câu hỏi." in response.content.decode()
    assert set(
        Question.objects.filter(is_active=False).values_list("pk", flat=True)
    ) == (set(ids))
    response = organizer_client.post(
        CHANGELIST,
        {"action": "activate", "_selected_action": [q.pk for q in questions]},
        follow=True,
    )
    assert "Đã bật 2 câu hỏi." in response.content.decode()  # one was already on
    assert Question.objects.filter(is_active=True).count() == 3


def test_topic_list_counts_questions_per_topic(organizer_client):
    topic = TopicFactory(name="Luật An ninh mạng")
    QuestionFactory.create_batch(3, bank=topic.bank, topic=topic)
    QuestionFactory(bank=topic.bank, topic=topic, is_active=False)
    response = organizer_client.get(reverse("admin:quizzes_topic_changelist"))
    row = response.context["cl"].result_list.get(pk=topic.pk)
    assert (row.total, row.active) == (4, 3)
    bank_page = organizer_client.get(
        reverse("admin:quizzes_questionbank_change", args=[topic.bank.pk])
    ).content.decode()
    assert re.search(r"Luật An ninh mạng</a></td><td>4</td><td>3</td>", bank_page)


def choice_post(question, texts, correct, *, extra=None):
    """The change form's POST: question fields plus the choice formset."""
    choices = list(question.choices.order_by("position"))
    data = {
        "bank": question.bank_id,
        "topic": question.topic_id or "",
        "text": question.text,
        "difficulty": question.difficulty,
        "explanation": question.explanation,
        "is_active": "on",
        "choices-TOTAL_FORMS": str(len(texts)),
        "choices-INITIAL_FORMS": str(len(choices)),
        "choices-MIN_NUM_FORMS": "2",
        "choices-MAX_NUM_FORMS": "6",
    }
    for i, text in enumerate(texts):
        if i < len(choices):
            data[f"choices-{i}-id"] = choices[i].pk
        data[f"choices-{i}-question"] = question.pk
        data[f"choices-{i}-text"] = text
        if i in correct:
            data[f"choices-{i}-is_correct"] = "on"
    data.update(extra or {})
    return data


def test_changing_the_key_is_recorded_with_who_when_and_old_to_new(
    organizer_client, organizer
):
    question = QuestionFactory(choices=["03/6/2020", "15/6/2021", "06/01/2022"])
    old = question.choices.get(position=0)
    response = organizer_client.post(
        change_url(question),
        choice_post(question, ["03/6/2020", "15/6/2021", "06/01/2022"], {2}),
        follow=True,
    )
    assert response.status_code == 200
    assert "Đã đổi đáp án đúng từ A sang C" in response.content.decode()
    change = KeyChange.objects.get()
    assert (change.question, change.changed_by) == (question, organizer)
    assert (change.old_key, change.new_key) == ("A", "C")
    assert (change.old_text, change.new_text) == ("03/6/2020", "06/01/2022")
    assert change.old_choice == old
    assert question.choices.get(is_correct=True).position == 2
    history = organizer_client.get(change_url(question)).content.decode()
    assert "A “03/6/2020” → C “06/01/2022”" in history


def test_editing_choice_text_without_moving_the_key_records_nothing(organizer_client):
    question = QuestionFactory(choices=["Một", "Hai", "Ba"])
    organizer_client.post(
        change_url(question), choice_post(question, ["Một!", "Hai", "Ba"], {0})
    )
    assert question.choices.get(position=0).text == "Một!"
    assert not KeyChange.objects.exists()


@pytest.mark.parametrize(
    ("texts", "correct", "message"),
    [
        (
            ["Một", "Hai", "Ba"],
            set(),
            "Phải đánh dấu đúng một đáp án đúng (hiện có 0).",
        ),
        (
            ["Một", "Hai", "Ba"],
            {0, 1},
            "Phải đánh dấu đúng một đáp án đúng (hiện có 2).",
        ),
    ],
)
def test_the_choice_formset_needs_exactly_one_correct(
    organizer_client, texts, correct, message
):
    question = QuestionFactory(choices=["Một", "Hai", "Ba"])
    response = organizer_client.post(
        change_url(question), choice_post(question, texts, correct)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert list(question.choices.values_list("is_correct", flat=True)) == [
        True,
        False,
        False,
    ]


def test_deleting_down_to_one_choice_is_refused(organizer_client):
    question = QuestionFactory(choices=["Một", "Hai"])
    data = choice_post(question, ["Một", "Hai"], {0}, extra={"choices-1-DELETE": "on"})
    response = organizer_client.post(change_url(question), data)
    assert response.status_code == 200
    assert question.choices.count() == 2


def test_a_new_question_is_added_with_its_choices(organizer_client):
    bank = QuestionBankFactory()
    response = organizer_client.post(
        reverse("admin:quizzes_question_add"),
        {
            "bank": bank.pk,
            "text": "Cuộc thi có mấy tuần?",
            "difficulty": "easy",
            "is_active": "on",
            "choices-TOTAL_FORMS": "4",
            "choices-INITIAL_FORMS": "0",
            "choices-MIN_NUM_FORMS": "2",
            "choices-MAX_NUM_FORMS": "6",
            "choices-0-text": "04 tuần",
            "choices-1-text": "05 tuần",
            "choices-1-is_correct": "on",
            "choices-2-text": "06 tuần",
            "choices-3-text": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    question = Question.objects.get()
    assert list(question.choices.values_list("position", "text", "is_correct")) == [
        (0, "04 tuần", False),
        (1, "05 tuần", True),
        (2, "06 tuần", False),
    ]
    assert not KeyChange.objects.exists()


def test_the_admin_refuses_a_duplicate_question_in_the_bank(organizer_client):
    first = QuestionFactory(text="Đề án 06 là gì?")
    second = QuestionFactory(bank=first.bank, text="Câu khác?")
    data = choice_post(
        second,
        list(second.choices.values_list("text", flat=True)),
        {0},
        extra={"text": "  ĐỀ ÁN 06   là gì? "},
    )
    response = organizer_client.post(change_url(second), data)
    assert response.status_code == 200
    assert "đã có câu hỏi này" in response.content.decode()
    second.refresh_from_db()
    assert second.text == "Câu khác?"


def test_the_admin_allows_the_same_text_with_other_options(organizer_client):
    first = QuestionFactory(
        text="Nhận định nào sau đây là đúng?", choices=["Một", "Hai", "Ba"]
    )
    second = QuestionFactory(bank=first.bank, text="Câu khác?", choices=["X", "Y"])
    data = choice_post(
        second, ["X", "Y"], {0}, extra={"text": "Nhận định nào sau đây là đúng?"}
    )
    response = organizer_client.post(change_url(second), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    second.refresh_from_db()
    assert second.text == "Nhận định nào sau đây là đúng?"


def test_the_preview_shows_the_question_as_a_contestant_sees_it(organizer_client):
    question = QuestionFactory(
        text="Luật An ninh mạng có ngày nào?",
        choices=["12/6/2018", "19/11/2015", "29/6/2006"],
        choices__correct=1,
    )
    html = organizer_client.get(
        reverse("admin:quizzes_question_preview", args=[question.pk])
    ).content.decode()
    section = html[html.index('id="question-preview"') :]
    items = re.findall(r"<li([^>]*)>\s*<label>(.*?)</label>", section, re.S)
    assert [re.sub(r"\s+", " ", label).strip() for _, label in items] == [
        '<input type="radio" name="preview" disabled> <strong>A.</strong> 12/6/2018',
        '<input type="radio" name="preview" disabled> <strong>B.</strong> 19/11/2015',
        '<input type="radio" name="preview" disabled> <strong>C.</strong> 29/6/2006',
    ]
    assert len({attributes for attributes, _ in items}) == 1  # the key is not marked


def test_a_used_question_warns_on_its_change_page(organizer_client, monkeypatch):
    question = QuestionFactory()
    page = organizer_client.get(change_url(question)).content.decode()
    assert 'id="usage-warning"' not in page
    monkeypatch.setattr(quiz_admin.selectors, "question_usage_count", lambda pk: 7)
    page = organizer_client.get(change_url(question)).content.decode()
    assert "Câu hỏi này đã xuất hiện trong 7 lượt thi." in page


def test_key_changes_are_read_only_in_the_admin(organizer_client):
    assert (
        organizer_client.get(reverse("admin:quizzes_keychange_add")).status_code == 403
    )
    assert (
        organizer_client.get(reverse("admin:quizzes_keychange_changelist")).status_code
        == 200
    )


def test_staff_without_question_rights_see_no_questions(client_for, judge, secretary):
    question = QuestionFactory()
    for person in (judge, secretary):
        client = client_for(person)
        assert client.get(CHANGELIST).status_code == 403
        preview = reverse("admin:quizzes_question_preview", args=[question.pk])
        assert client.get(preview).status_code == 403


def test_choices_are_never_left_with_two_correct_after_a_swap(organizer_client):
    question = QuestionFactory(choices=["Một", "Hai", "Ba", "Bốn"], choices__correct=3)
    organizer_client.post(
        change_url(question), choice_post(question, ["Bốn", "Hai", "Ba", "Một"], {0})
    )
    assert Choice.objects.filter(question=question, is_correct=True).count() == 1


def test_the_add_page_offers_four_choice_rows(organizer_client):
    response = organizer_client.get(reverse("admin:quizzes_question_add"))
    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][0].formset
    assert formset.total_form_count() == 4
