"""Regrading a closed round after a key correction or a voided question: re-score,
re-rank, re-allocate, and say who gained or lost which prize."""

import datetime

import pytest
from django.core.management import call_command

from awards import selectors, services
from awards.models import Award, RegradeRun, RoundClosing, RoundResult, Trigger
from contests import services as contest_services
from contests.models import Attempt, VoidedQuestion
from quizzes.models import Choice
from quizzes.services import ChoiceInput, replace_choices
from tests.factories import UserFactory
from tests.factories.awards import finished_attempt, round_tiers
from tests.factories.contests import (
    ContestFactory,
    RoundFactory,
    correct_shown_index,
    make_bank,
)

MIN = datetime.timedelta(minutes=1)


@pytest.fixture
def quiz(db):
    """A contest drawing all 5 questions of its bank, choices in bank order."""
    contest = ContestFactory(
        bank=make_bank(5), questions_per_attempt=5, shuffle_choices=False
    )
    round_tiers(contest)
    return contest


@pytest.fixture
def quiz_round(quiz):
    return RoundFactory(contest=quiz, number=1)


def take(round_, user, answers: dict[int, str], *, at):
    """``user`` takes the round at ``at``: answers[question index in the bank] is
    "right", "wrong" (the next choice) or absent (unanswered)."""
    attempt = contest_services.start_attempt(user, round_, now=at)
    for aq in attempt.questions.select_related("question"):
        index = _bank_index(aq.question)
        verdict = answers.get(index)
        if verdict is None:
            continue
        shown = correct_shown_index(aq)
        if verdict == "wrong":
            shown = (shown + 1) % len(aq.order)
        contest_services.save_answer(
            user, attempt.id, position=aq.position, shown_index=shown, now=at
        )
    return contest_services.submit_attempt(user, attempt.id, now=at + MIN)


def _bank_index(question) -> int:
    return int(question.text.split("Câu hỏi số ")[1].split(" ")[0]) - 1


def questions(contest):
    return sorted(contest.bank.questions.all(), key=_bank_index)


def correct_key(question, new_position: int, user):
    """The organizer changes which choice is correct (quizzes' service, which
    records the KeyChange)."""
    items = [
        ChoiceInput(text=c.text, is_correct=c.position == new_position, id=c.id)
        for c in Choice.objects.filter(question=question).order_by("position")
    ]
    return replace_choices(question, items, user=user)


def close(round_):
    return services.close_round(round_.id, now=round_.closes_at + MIN)


def prize_of(round_):
    return dict(
        Award.objects.filter(round=round_, part=Award.Part.ROUND).values_list(
            "winner_user_id", "tier_name"
        )
    )


@pytest.fixture
def three_takers(quiz, quiz_round):
    """X: all 5 right; Y: wrong on q0 only (picked the choice after the key);
    Z: q0 unanswered, q4 wrong. Ranked X (5), Y (4), Z (3)."""
    at = quiz_round.opens_at + datetime.timedelta(hours=1)
    x, y, z = UserFactory(), UserFactory(), UserFactory()
    take(quiz_round, x, dict.fromkeys(range(5), "right"), at=at)
    take(quiz_round, y, {0: "wrong", 1: "right", 2: "right", 3: "right", 4: "right"},
         at=at + MIN)  # fmt: skip
    take(quiz_round, z, {1: "right", 2: "right", 3: "right", 4: "wrong"}, at=at)
    assert close(quiz_round).status == "closed"
    return x, y, z


def test_a_key_correction_reranks_and_reports_who_gained_and_lost(
    quiz, quiz_round, three_takers, organizer
):
    x, y, z = three_takers
    assert prize_of(quiz_round) == {
        x.id: "Giải Nhất",
        y.id: "Giải Nhì",
        z.id: "Giải Ba",
    }
    services.publish_round(quiz_round.id, user=organizer)
    q0 = questions(quiz)[0]
    change = correct_key(q0, 1, organizer)  # Y's answer becomes the right one
    assert change is not None

    regrade = services.regrade_round(quiz_round.id, user=organizer, note="Sửa đáp án")

    assert prize_of(quiz_round) == {
        y.id: "Giải Nhất",
        x.id: "Giải Nhì",
        z.id: "Giải Ba",
    }
    scores = dict(RoundResult.objects.values_list("user_id", "score"))
    assert scores == {x.id: 4, y.id: 5, z.id: 3}
    previous = dict(RoundResult.objects.values_list("user_id", "previous_rank"))
    assert previous == {x.id: 1, y.id: 2, z.id: 3}
    assert (regrade.scores_changed, regrade.ranks_changed) == (2, 2)
    assert regrade.run_by == organizer
    assert regrade.was_published is True
    assert regrade.key_changes == [
        {
            "question_id": q0.id,
            "old_key": "A",
            "new_key": "B",
            "by": str(organizer),
            "at": change.changed_at.isoformat(),
        }
    ]
    changes = {(c["name"], c["before"], c["after"]) for c in regrade.prize_changes}
    assert changes == {
        (str(x), "Giải Nhất (1.000.000 đồng)", "Giải Nhì (800.000 đồng)"),
        (str(y), "Giải Nhì (800.000 đồng)", "Giải Nhất (1.000.000 đồng)"),
    }
    closing = RoundClosing.objects.get(pk=quiz_round.pk)
    assert closing.revised_at == regrade.run_at
    assert closing.ranked_at == regrade.run_at
    lines = services.regrade_summary(regrade)
    assert any(line.startswith("[ĐÃ CÔNG BỐ]") and str(x) in line for line in lines)


def test_voiding_a_question_counts_it_right_for_everyone(
    quiz, quiz_round, three_takers, organizer
):
    x, y, z = three_takers
    q0 = questions(quiz)[0]
    VoidedQuestion.objects.create(
        contest=quiz,
        question=q0,
        reason="Câu hỏi có hai đáp án đúng",
        voided_by=organizer,
    )
    regrade = services.regrade_round(quiz_round.id, user=organizer)
    scores = dict(RoundResult.objects.values_list("user_id", "score"))
    assert scores == {x.id: 5, y.id: 5, z.id: 4}
    # X and Y tie on score and duration: Y submitted a minute later.
    assert list(
        RoundResult.objects.order_by("rank").values_list("user_id", flat=True)
    ) == [
        x.id,
        y.id,
        z.id,
    ]
    assert regrade.voided_questions[0]["reason"] == "Câu hỏi có hai đáp án đúng"
    assert regrade.prize_changes == []
    assert regrade.was_published is False


def test_regrading_again_finds_nothing_to_change(
    quiz, quiz_round, three_takers, organizer
):
    correct_key(questions(quiz)[0], 1, organizer)
    services.regrade_round(quiz_round.id, user=organizer)
    before = list(RoundResult.objects.order_by("rank").values_list("user_id", "score"))
    again = services.regrade_round(quiz_round.id, user=organizer)
    assert (again.scores_changed, again.ranks_changed, again.prize_changes) == (
        0,
        0,
        [],
    )
    assert again.key_changes == []
    assert (
        list(RoundResult.objects.order_by("rank").values_list("user_id", "score"))
        == before
    )
    assert RegradeRun.objects.count() == 2


def test_a_round_not_closed_cannot_be_regraded(quiz_round, organizer):
    with pytest.raises(services.ResultsRefused) as refused:
        services.regrade_round(quiz_round.id, user=organizer)
    assert refused.value.message == services.MSG_NOT_CLOSED.format(
        round=f"«{quiz_round.contest.title}» — {quiz_round}"
    )
    assert not RegradeRun.objects.exists()


def test_a_changed_winner_moves_later_rounds_prizes_when_one_prize_per_person(
    quiz, quiz_round, organizer
):
    quiz.one_individual_prize_per_person = True
    quiz.save()
    quiz.prize_tiers.exclude(name="Giải Nhất").delete()
    at = quiz_round.opens_at + datetime.timedelta(hours=1)
    x, y = UserFactory(), UserFactory()
    take(quiz_round, x, dict.fromkeys(range(5), "right"), at=at)
    take(quiz_round, y, {0: "wrong", 1: "right", 2: "right", 3: "right", 4: "right"},
         at=at)  # fmt: skip
    close(quiz_round)
    later = RoundFactory(
        contest=quiz,
        number=2,
        opens_at=quiz_round.closes_at,
        closes_at=quiz_round.closes_at + datetime.timedelta(days=7),
    )
    finished_attempt(later, x, score=20)
    finished_attempt(later, y, score=19)
    close(later)
    assert (prize_of(quiz_round), prize_of(later)) == (
        {x.id: "Giải Nhất"},
        {y.id: "Giải Nhất"},
    )
    correct_key(questions(quiz)[0], 1, organizer)
    regrade = services.regrade_round(quiz_round.id, user=organizer)
    assert (prize_of(quiz_round), prize_of(later)) == (
        {y.id: "Giải Nhất"},
        {x.id: "Giải Nhất"},
    )
    kinds = sorted((c["scope"], c["name"], c["kind"]) for c in regrade.prize_changes)
    assert kinds == sorted(
        [
            (str(quiz_round), str(x), "lost"),
            (str(quiz_round), str(y), "gained"),
            (str(later), str(y), "lost"),
            (str(later), str(x), "gained"),
        ]
    )


def test_rounds_needing_regrade_are_found_from_key_changes(
    quiz, quiz_round, three_takers, organizer
):
    assert selectors.rounds_needing_regrade(quiz.id) == {}
    correct_key(questions(quiz)[0], 1, organizer)
    assert selectors.rounds_needing_regrade(quiz.id) == {quiz_round.id: 1}
    services.regrade_round(quiz_round.id, user=organizer)
    assert selectors.rounds_needing_regrade(quiz.id) == {}


def test_the_regrade_command_prints_the_changes(
    quiz, quiz_round, three_takers, organizer, capsys
):
    correct_key(questions(quiz)[0], 1, organizer)
    call_command("regrade_round", quiz.slug, "--pending", "--by", organizer.username)
    out = capsys.readouterr().out
    x, _, _ = three_takers
    assert f"{x}: Giải Nhất (1.000.000 đồng) → Giải Nhì (800.000 đồng)" in out
    run = RegradeRun.objects.get()
    assert (run.trigger, run.run_by) == (Trigger.COMMAND, organizer)


def test_regrade_keeps_finished_attempt_scores_in_step(quiz, quiz_round, three_takers):
    x, _, _ = three_takers
    VoidedQuestion.objects.create(contest=quiz, question=questions(quiz)[4], reason="x")
    services.regrade_round(quiz_round.id)
    assert Attempt.objects.get(user=x).score == RoundResult.objects.get(user=x).score
