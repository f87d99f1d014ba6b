"""replace_choices and set_questions_active, called directly."""

import pytest
from django.core.exceptions import ValidationError

from quizzes.models import KeyChange, Question
from quizzes.services import ChoiceInput, replace_choices, set_questions_active
from tests.factories import QuestionFactory

pytestmark = pytest.mark.django_db


def state(question):
    return list(question.choices.order_by("position").values_list("text", "is_correct"))


def test_reordering_and_moving_the_key_keeps_choice_ids(organizer):
    question = QuestionFactory(choices=["A1", "B1", "C1", "D1"], choices__correct=0)
    a, b, c, d = question.choices.order_by("position")
    change = replace_choices(
        question,
        [
            ChoiceInput("D1", False, d.pk),
            ChoiceInput("C1", True, c.pk),
            ChoiceInput("A1", False, a.pk),
            ChoiceInput("Mới", False),
        ],
        user=organizer,
    )
    assert state(question) == [
        ("D1", False),
        ("C1", True),
        ("A1", False),
        ("Mới", False),
    ]
    assert question.choices.filter(pk=b.pk).count() == 0
    assert question.choices.get(position=1).pk == c.pk
    assert (change.old_key, change.new_key, change.changed_by) == ("A", "B", organizer)
    assert change.old_choice_id == a.pk
    assert change.new_choice_id == c.pk


def test_same_correct_choice_in_a_new_place_is_not_a_key_change():
    question = QuestionFactory(choices=["A1", "B1"], choices__correct=1)
    a, b = question.choices.order_by("position")
    assert (
        replace_choices(
            question, [ChoiceInput("B1", True, b.pk), ChoiceInput("A1", False, a.pk)]
        )
        is None
    )
    assert not KeyChange.objects.exists()


def test_deleting_the_correct_choice_records_the_old_text():
    question = QuestionFactory(choices=["Sai", "Đúng cũ", "Khác"], choices__correct=1)
    first, _, third = question.choices.order_by("position")
    change = replace_choices(
        question,
        [ChoiceInput("Sai", False, first.pk), ChoiceInput("Đúng mới", True)],
    )
    assert (change.old_key, change.old_text, change.old_choice) == (
        "B",
        "Đúng cũ",
        None,
    )
    assert (change.new_key, change.new_text) == ("B", "Đúng mới")
    assert state(question) == [("Sai", False), ("Đúng mới", True)]
    assert not question.choices.filter(pk=third.pk).exists()


@pytest.mark.parametrize(
    "items",
    [
        [ChoiceInput("Một", True)],
        [ChoiceInput("Một", False), ChoiceInput("Hai", False)],
        [ChoiceInput("Một", True), ChoiceInput("Hai", True)],
        [ChoiceInput("Một", True), ChoiceInput("   ", False)],
        [ChoiceInput(str(i), i == 0) for i in range(7)],
    ],
)
def test_invalid_choice_lists_change_nothing(items):
    question = QuestionFactory(choices=["X", "Y"])
    with pytest.raises(ValidationError):
        replace_choices(question, items)
    assert state(question) == [("X", True), ("Y", False)]


def test_set_questions_active_counts_only_real_changes():
    questions = QuestionFactory.create_batch(3)
    ids = [q.pk for q in questions]
    assert set_questions_active(ids, False) == 3
    assert set_questions_active(ids, False) == 0
    assert set_questions_active(ids[:1], True) == 1
    assert Question.objects.filter(is_active=True).count() == 1
