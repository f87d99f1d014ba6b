"""Scoring is re-computable from stored answers and current keys; draws honour
quotas; the attempt keeps a snapshot of what was shown."""

import pytest

from contests import services
from contests.models import Attempt, AttemptQuestion, QuestionSnapshot, TopicQuota
from quizzes.models import Choice, Question, Topic
from quizzes.selectors import question_usage_count
from tests.factories.contests import (
    ContestFactory,
    RankingGroupFactory,
    RoundFactory,
    correct_shown_index,
    make_bank,
)


def answer_all_correctly(user, attempt):
    for aq in attempt.questions.all():
        services.save_answer(
            user, attempt.id, position=aq.position, shown_index=correct_shown_index(aq)
        )


def test_a_key_correction_rescores_the_round(open_round, contestant_a):
    attempt = services.start_attempt(contestant_a, open_round)
    answer_all_correctly(contestant_a, attempt)
    done = services.submit_attempt(contestant_a, attempt.id, prediction="1")
    assert done.score == 20
    fixed = attempt.questions.get(position=0)
    old = Choice.objects.get(question_id=fixed.question_id, is_correct=True)
    Choice.objects.filter(question_id=fixed.question_id).update(is_correct=False)
    Choice.objects.filter(
        question_id=fixed.question_id, position=(old.position + 1) % 4
    ).update(is_correct=True)
    assert services.rescore_round(open_round.id) == 1
    assert Attempt.objects.get(pk=attempt.pk).score == 19
    assert services.rescore_round(open_round.id) == 1
    assert Attempt.objects.get(pk=attempt.pk).score == 19


def test_a_voided_question_counts_as_correct_for_everyone(open_round, contestant_a):
    from contests.models import VoidedQuestion

    attempt = services.start_attempt(contestant_a, open_round)
    services.submit_attempt(contestant_a, attempt.id, prediction="1")
    assert Attempt.objects.get(pk=attempt.pk).score == 0
    aq = attempt.questions.get(position=4)
    VoidedQuestion.objects.create(
        contest=open_round.contest, question_id=aq.question_id, reason="Sai đáp án"
    )
    services.rescore_round(open_round.id)
    assert Attempt.objects.get(pk=attempt.pk).score == 1


def test_rescoring_can_change_which_attempt_counts(contest, contestant_a):
    contest.attempts_per_round = 2
    contest.save()
    round_ = RoundFactory(contest=contest)
    first = services.start_attempt(contestant_a, round_)
    answer_all_correctly(contestant_a, first)
    services.submit_attempt(contestant_a, first.id, prediction="1")
    second = services.start_attempt(contestant_a, round_)
    services.submit_attempt(contestant_a, second.id, prediction="1")
    assert Attempt.objects.get(is_counted=True).id == first.id
    # Every key moves: the first attempt's answers all become wrong.
    for question in Question.objects.filter(bank=contest.bank):
        old = Choice.objects.get(question=question, is_correct=True)
        Choice.objects.filter(question=question).update(is_correct=False)
        Choice.objects.filter(
            question=question, position=(old.position + 1) % 4
        ).update(is_correct=True)
    services.rescore_round(round_.id)
    assert Attempt.objects.get(pk=first.pk).score == 0
    # Tied at 0: the shorter duration counts, then the earlier submit.
    counted = Attempt.objects.get(round=round_, is_counted=True)
    rows = sorted(
        Attempt.objects.filter(round=round_),
        key=lambda a: (-a.score, a.duration_ms, a.submitted_at, a.id),
    )
    assert counted.id == rows[0].id


def test_the_shown_text_survives_a_later_edit(open_round, contestant_a):
    attempt = services.start_attempt(contestant_a, open_round)
    aq = AttemptQuestion.objects.select_related("snapshot").get(
        attempt=attempt, position=0
    )
    shown = aq.snapshot.text
    question = Question.objects.get(pk=aq.question_id)
    question.text = "Nội dung đã sửa sau khi thi"
    question.save()
    aq.refresh_from_db()
    assert aq.snapshot.text == shown
    assert "is_correct" not in str(aq.snapshot.choices)


def test_snapshots_are_shared_between_attempts(open_round, contestant_a, contestant_b):
    services.start_attempt(contestant_a, open_round)
    services.start_attempt(contestant_b, open_round)
    # 25 questions in the bank, 2 x 20 drawn: at most 25 snapshots.
    assert QuestionSnapshot.objects.count() <= 25
    assert AttemptQuestion.objects.count() == 40


def test_topic_quotas_are_honoured(contestant_a):
    bank = make_bank(30, topics=("An ninh mạng", "Dịch vụ công", "Kinh tế số"))
    contest = ContestFactory(bank=bank, questions_per_attempt=10)
    topics = {t.name: t for t in Topic.objects.filter(bank=bank)}
    TopicQuota.objects.create(contest=contest, topic=topics["An ninh mạng"], count=6)
    TopicQuota.objects.create(contest=contest, topic=topics["Kinh tế số"], count=4)
    attempt = services.start_attempt(contestant_a, RoundFactory(contest=contest))
    drawn = Question.objects.filter(attempt_questions__attempt=attempt)
    assert drawn.filter(topic=topics["An ninh mạng"]).count() == 6
    assert drawn.filter(topic=topics["Kinh tế số"]).count() == 4


def test_the_attempt_keeps_the_ranking_group_and_unit_at_start(
    open_round, contestant_a
):
    group = RankingGroupFactory(
        contest=open_round.contest, name="Nhóm 2", participant_groups=["worker"]
    )
    attempt = services.start_attempt(contestant_a, open_round)
    assert attempt.ranking_group_id == group.id
    assert attempt.unit_id == contestant_a.unit_id


def test_question_usage_count_counts_the_attempts_that_drew_it(
    open_round, contestant_a, contestant_b
):
    a = services.start_attempt(contestant_a, open_round)
    services.start_attempt(contestant_b, open_round)
    question_id = a.questions.get(position=0).question_id
    expected = AttemptQuestion.objects.filter(question_id=question_id).count()
    assert question_usage_count(question_id) == expected >= 1
    unused = Question.objects.create(
        bank=open_round.contest.bank, text="Câu hỏi chưa ai gặp?"
    )
    assert question_usage_count(unused.id) == 0


@pytest.mark.parametrize("shuffle", [True, False])
def test_choices_are_shuffled_only_when_the_contest_says_so(contestant_a, shuffle):
    contest = ContestFactory(bank=make_bank(25), shuffle_choices=shuffle)
    attempt = services.start_attempt(contestant_a, RoundFactory(contest=contest))
    orders = set(attempt.questions.values_list("order", flat=True))
    if shuffle:
        assert orders != {"0123"}
    else:
        assert orders == {"0123"}
