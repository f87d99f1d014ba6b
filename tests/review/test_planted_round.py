"""The issue's test: a round with a planted wrong key, a ring of identical answer
vectors and an impossibly fast winner. The statistics and the review list flag
exactly those; an exclusion changes who gets the prize and is recorded."""

import pytest

from awards import services as awards_services
from awards.models import Award, RoundClosing
from quizzes.models import Question
from review import services, stats
from review.models import CaseDecision, ReviewCase, RoundReview
from tests.factories.awards import closed_round, contest_with_round_tiers
from tests.factories.contests import make_bank

from . import planted as plant


@pytest.fixture
def planted(db, unit_a):
    bank = make_bank(8, choices=4)
    contest = contest_with_round_tiers(bank=bank, questions_per_attempt=8)
    round_ = closed_round(contest, number=1)
    questions = list(Question.objects.filter(bank=bank).order_by("id"))
    return plant.build(round_, questions, unit_a)


def test_statistics_flag_exactly_the_planted_wrong_key(planted):
    assert services.compute_round_review(planted.round.id) == "done"
    review = RoundReview.objects.get(pk=planted.round.id)
    assert review.attempts == 35
    flagged = {q["question_id"]: q["flags"] for q in review.questions if q["flags"]}
    wrong_key = planted.wrong_key_question.pk
    assert set(flagged) == {wrong_key}
    assert stats.FLAG_WRONG_KEY in flagged[wrong_key]
    row = next(q for q in review.questions if q["question_id"] == wrong_key)
    # The strongest chose the real answer, position 0 (A), over the bank's key.
    assert row["suggested_key"] == plant.TRUE_ANSWER
    assert row["discrimination"] < 0
    # Original positions counted: every attempt's answer lands on its choice.
    assert sum(n for _a, n, _s in row["chosen"]) == 35


def test_review_list_flags_exactly_the_ring_and_the_fast_winner(planted):
    services.compute_round_review(planted.round.id)
    cases = {(c.user_id, c.kind) for c in ReviewCase.objects.all()}
    expected = {(u, ReviewCase.Kind.RING) for u in plant.ring_ids(planted)}
    expected.add((planted.fast.pk, ReviewCase.Kind.FAST))
    assert cases == expected
    fast = ReviewCase.objects.get(kind=ReviewCase.Kind.FAST)
    assert fast.evidence["fast_answers"] == 8
    assert fast.evidence["below_minimum"] is False  # only per-question times tell


def _decide_fast(planted, organizer, status, reason):
    """The organizer's decision on the impossibly fast winner's case."""
    case = ReviewCase.objects.get(kind=ReviewCase.Kind.FAST)
    services.decide_case(
        round_id=planted.round.id,
        case_id=case.pk,
        status=status,
        reason=reason,
        user=organizer,
    )
    return case


def test_recomputing_keeps_decisions_and_changes_nothing_else(planted, organizer):
    services.compute_round_review(planted.round.id)
    case = _decide_fast(
        planted, organizer, ReviewCase.Status.CLEARED, "Đã gọi điện xác minh"
    )
    services.compute_round_review(planted.round.id)
    case.refresh_from_db()
    assert case.status == ReviewCase.Status.CLEARED
    assert ReviewCase.objects.count() == 5


def _first_prize_winner(round_):
    return Award.objects.get(round=round_, tier_name="Giải Nhất").winner_user_id


def test_excluding_the_fast_winner_moves_the_prize_and_is_recorded(planted, organizer):
    awards_services.close_round(planted.round.id)
    assert _first_prize_winner(planted.round) == planted.fast.pk
    services.compute_round_review(planted.round.id)
    case = _decide_fast(
        planted,
        organizer,
        ReviewCase.Status.EXCLUDED,
        "Trả lời 2,5 giây mỗi câu: công cụ tự động",
    )
    winner = _first_prize_winner(planted.round)
    assert winner != planted.fast.pk
    assert winner in {u.pk for u in planted.normal}
    assert not Award.objects.filter(winner_user=planted.fast).exists()
    decision = CaseDecision.objects.get(case=case)
    assert decision.decided_by == organizer
    assert decision.status == ReviewCase.Status.EXCLUDED
    assert decision.reason.startswith("Trả lời 2,5 giây")
    assert any(
        str(planted.fast) in line and "mất Giải Nhất" in line
        for line in decision.prize_changes
    )
    assert RoundClosing.objects.get(pk=planted.round.id).awards_count == 3


def test_clearing_an_excluded_person_gives_the_prize_back(planted, organizer):
    awards_services.close_round(planted.round.id)
    services.compute_round_review(planted.round.id)
    for status in (ReviewCase.Status.EXCLUDED, ReviewCase.Status.CLEARED):
        case = _decide_fast(planted, organizer, status, "Xem xét lại")
    assert _first_prize_winner(planted.round) == planted.fast.pk
    assert CaseDecision.objects.filter(case=case).count() == 2


def test_an_exclusion_before_the_close_is_read_by_the_close(planted, organizer):
    services.compute_round_review(planted.round.id)
    _decide_fast(planted, organizer, ReviewCase.Status.EXCLUDED, "Công cụ tự động")
    awards_services.close_round(planted.round.id)
    assert _first_prize_winner(planted.round) != planted.fast.pk


def test_a_decision_needs_a_reason(planted, organizer):
    services.compute_round_review(planted.round.id)
    case = ReviewCase.objects.get(kind=ReviewCase.Kind.FAST)
    with pytest.raises(services.ReviewInvalid) as refused:
        services.decide_case(
            round_id=planted.round.id,
            case_id=case.pk,
            status=ReviewCase.Status.EXCLUDED,
            reason="  ",
            user=organizer,
        )
    assert refused.value.message == services.MSG_NEED_REASON
    assert not CaseDecision.objects.exists()


def test_statistics_read_each_persons_first_finished_attempt_only(planted):
    """A second attempt (here: every answer changed to the bank's key) never
    reaches the statistics."""
    from contests.models import Attempt, AttemptQuestion

    first = Attempt.objects.get(user=planted.normal[0])
    second = Attempt.objects.get(pk=first.pk)
    second.pk, second.number, second.is_counted = None, 2, False
    second.save()
    keys = {q.pk: q.choices.get(is_correct=True).position for q in planted.questions}
    AttemptQuestion.objects.bulk_create(
        AttemptQuestion(
            attempt=second,
            position=aq.position,
            question_id=aq.question_id,
            snapshot_id=aq.snapshot_id,
            order=aq.order,
            answer=keys[aq.question_id],
            answered_at=aq.answered_at,
        )
        for aq in first.questions.all()
    )
    services.compute_round_review(planted.round.id)
    review = RoundReview.objects.get(pk=planted.round.id)
    assert review.attempts == 35
    assert all(q["attempts"] == 35 for q in review.questions)


def test_a_voided_question_counts_as_right_and_is_not_flagged(planted, organizer):
    from contests.models import VoidedQuestion

    VoidedQuestion.objects.create(
        contest=planted.round.contest,
        question=planted.wrong_key_question,
        reason="Đáp án sai",
        voided_by=organizer,
    )
    services.compute_round_review(planted.round.id)
    review = RoundReview.objects.get(pk=planted.round.id)
    row = next(
        q for q in review.questions if q["question_id"] == planted.wrong_key_question.pk
    )
    assert row["voided"] is True
    assert row["facility"] == 1
    assert not any(q["flags"] for q in review.questions)
