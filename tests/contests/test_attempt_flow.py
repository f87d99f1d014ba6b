"""The contestant's flow through the service layer: start, answer, submit."""

import pytest

from contests import rules, services
from contests.models import Attempt, AttemptQuestion
from tests.factories.contests import correct_shown_index


def test_start_draws_the_configured_number_of_distinct_questions(contestant_a, start):
    attempt = start(contestant_a)
    drawn = list(attempt.questions.order_by("position"))
    assert attempt.status == Attempt.Status.IN_PROGRESS
    assert attempt.number == 1
    assert [aq.position for aq in drawn] == list(range(20))
    assert len({aq.question_id for aq in drawn}) == 20
    assert all(sorted(aq.order) == ["0", "1", "2", "3"] for aq in drawn)


def test_starting_again_resumes_the_same_attempt(contestant_a, start):
    first = start(contestant_a)
    again = start(contestant_a)
    assert again.id == first.id
    assert Attempt.objects.count() == 1


def test_answers_and_submit_score_the_correct_ones(contestant_a, start):
    attempt = start(contestant_a)
    drawn = list(attempt.questions.order_by("position"))
    for aq in drawn[:7]:
        services.save_answer(
            contestant_a,
            attempt.id,
            position=aq.position,
            shown_index=correct_shown_index(aq),
        )
    wrong = drawn[7]
    services.save_answer(
        contestant_a,
        attempt.id,
        position=wrong.position,
        shown_index=(correct_shown_index(wrong) + 1) % 4,
    )
    done = services.submit_attempt(contestant_a, attempt.id, prediction="12")
    assert done.status == Attempt.Status.SUBMITTED
    assert done.score == 7
    assert done.prediction == 12
    assert done.is_counted is True
    assert done.duration_ms >= 0


def test_changing_an_answer_keeps_only_the_last_choice(contestant_a, start):
    attempt = start(contestant_a)
    aq = attempt.questions.get(position=3)
    services.save_answer(contestant_a, attempt.id, position=3, shown_index=0)
    services.save_answer(contestant_a, attempt.id, position=3, shown_index=2)
    aq.refresh_from_db()
    assert aq.answer == int(aq.order[2])


@pytest.mark.parametrize("raw", ["", "abc", "-1", "1.5", "3000000000", "\uff11\uff12"])
def test_a_bad_prediction_is_refused_and_changes_nothing(contestant_a, start, raw):
    attempt = start(contestant_a)
    with pytest.raises(services.AnswerRefused) as refused:
        services.submit_attempt(contestant_a, attempt.id, prediction=raw)
    assert refused.value.message in {
        rules.MSG_PREDICTION_REQUIRED,
        rules.MSG_PREDICTION_INVALID,
    }
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.IN_PROGRESS


def test_answer_rows_are_the_drawn_questions_only(contestant_a, start):
    attempt = start(contestant_a)
    assert AttemptQuestion.objects.filter(attempt=attempt).count() == 20
