"""Closing a round through the database: hand-checked orders, the prediction's true
answer, prize allocation, idempotence and atomicity."""

import datetime

import pytest
from django.utils import timezone

from awards import services
from awards.models import Award, ClosingStatus, RoundClosing, RoundResult, Trigger
from contests.models import Attempt, Contest, ContestExclusion, ContestStaff
from tests.factories import RankingGroupFactory, UserFactory
from tests.factories.awards import closed_round, finished_attempt, round_tiers, snapshot
from tests.factories.contests import PrizeTierFactory, RoundFactory

H = datetime.timedelta(hours=1)
MS = datetime.timedelta(milliseconds=1)


def ranked_users(round_) -> list[int]:
    return list(
        RoundResult.objects.filter(round=round_)
        .order_by("rank")
        .values_list("user_id", flat=True)
    )


def winners(round_) -> list[tuple[str, int]]:
    return list(
        Award.objects.filter(round=round_, part=Award.Part.ROUND)
        .order_by("tier_index", "rank")
        .values_list("tier_name", "winner_user_id")
    )


# --- Each key of the documented order decides, through the database --------------


def test_more_correct_answers_rank_first(round_):
    fast = finished_attempt(round_, score=17, duration_ms=10_000)
    slow = finished_attempt(round_, score=18, duration_ms=900_000)
    services.close_round(round_.id)
    assert ranked_users(round_) == [slow.user_id, fast.user_id]


def test_closer_prediction_breaks_an_equal_score(contest, round_):
    contest.prediction_enabled = True
    contest.prediction_target = Contest.PredictionTarget.PARTICIPANTS
    contest.save()
    # Three participants: the true answer is 3.
    far = finished_attempt(round_, score=15, prediction=7, duration_ms=1_000)
    near = finished_attempt(round_, score=15, prediction=2, duration_ms=800_000)
    missing = finished_attempt(round_, score=15, prediction=None, duration_ms=500)
    services.close_round(round_.id)
    assert ranked_users(round_) == [near.user_id, far.user_id, missing.user_id]
    gaps = dict(RoundResult.objects.values_list("user_id", "gap"))
    assert gaps == {near.user_id: 1, far.user_id: 4, missing.user_id: None}
    assert RoundClosing.objects.get(pk=round_.pk).true_answer == 3


WITH_AND_WITHOUT_PREDICTION = pytest.mark.parametrize(
    "prediction", [None, 2], ids=["no-prediction", "equal-predictions"]
)


def _ask_prediction(contest, prediction):
    if prediction is not None:
        contest.prediction_enabled = True
        contest.prediction_target = Contest.PredictionTarget.PARTICIPANTS
        contest.save()


@WITH_AND_WITHOUT_PREDICTION
def test_shorter_duration_breaks_equal_score_and_gap(contest, round_, prediction):
    _ask_prediction(contest, prediction)
    at = round_.closes_at - 5 * H
    slow = finished_attempt(
        round_, score=12, duration_ms=300_001, submitted_at=at, prediction=prediction
    )
    quick = finished_attempt(
        round_,
        score=12,
        duration_ms=300_000,
        submitted_at=at + H,
        prediction=prediction,
    )
    services.close_round(round_.id)
    assert ranked_users(round_) == [quick.user_id, slow.user_id]


@WITH_AND_WITHOUT_PREDICTION
def test_earlier_submit_breaks_equal_score_gap_and_duration(
    contest, round_, prediction
):
    _ask_prediction(contest, prediction)
    at = round_.closes_at - 5 * H
    late = finished_attempt(
        round_, score=12, submitted_at=at + MS, prediction=prediction
    )
    early = finished_attempt(round_, score=12, submitted_at=at, prediction=prediction)
    services.close_round(round_.id)
    assert ranked_users(round_) == [early.user_id, late.user_id]


def test_attempt_id_breaks_a_complete_tie(round_):
    at = round_.closes_at - 5 * H
    first = finished_attempt(round_, score=12, submitted_at=at)
    second = finished_attempt(round_, score=12, submitted_at=at)
    services.close_round(round_.id)
    assert ranked_users(round_) == [first.user_id, second.user_id]


def test_result_rows_store_every_key_and_rank(round_):
    at = round_.closes_at - 2 * H
    attempt = finished_attempt(round_, score=19, duration_ms=123_456, submitted_at=at)
    services.close_round(round_.id)
    row = RoundResult.objects.get(pk=attempt.pk)
    assert (row.rank, row.group_rank, row.score, row.duration_ms, row.submitted_at) == (
        1,
        1,
        19,
        123_456,
        at,
    )
    assert row.user_id == attempt.user_id
    assert row.unit_id == attempt.unit_id


def test_only_counted_attempts_are_ranked(contest, round_):
    person = UserFactory()
    finished_attempt(round_, person, score=20, number=1, counted=False)
    counted = finished_attempt(round_, person, score=5, number=2, counted=True)
    services.close_round(round_.id)
    assert list(RoundResult.objects.values_list("attempt_id", flat=True)) == [
        counted.id
    ]


# --- The prediction's true answer, per target -------------------------------------


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        (Contest.PredictionTarget.PEOPLE_ALL_CORRECT, 2),
        (Contest.PredictionTarget.ATTEMPTS_ALL_CORRECT, 3),
        (Contest.PredictionTarget.PERCENT_ALL_CORRECT, 67),
        (Contest.PredictionTarget.PARTICIPANTS, 3),
    ],
)
def test_true_answer_of_each_prediction_target(contest, round_, target, expected):
    contest.prediction_enabled = True
    contest.prediction_target = target
    contest.attempts_per_round = 2
    contest.save()
    twice = UserFactory()
    finished_attempt(round_, twice, score=20, number=1, counted=False, prediction=1)
    finished_attempt(round_, twice, score=20, number=2, counted=True, prediction=1)
    finished_attempt(round_, score=20, prediction=1)
    finished_attempt(round_, score=19, prediction=1)
    services.close_round(round_.id)
    closing = RoundClosing.objects.get(pk=round_.pk)
    assert closing.true_answer == expected
    assert (closing.participants, closing.people_all_correct) == (3, 2)
    assert closing.attempts_all_correct == 3
    assert closing.prediction_target == target


def test_no_prediction_question_means_no_true_answer_and_no_gap(round_):
    finished_attempt(round_, score=3, prediction=None)
    services.close_round(round_.id)
    assert RoundClosing.objects.get(pk=round_.pk).true_answer is None
    assert RoundResult.objects.get().gap is None


# --- Prizes ----------------------------------------------------------------------


def test_prizes_go_down_the_order_with_their_amounts(round_):
    people = [finished_attempt(round_, score=20 - i).user_id for i in range(5)]
    services.close_round(round_.id)
    assert winners(round_) == [
        ("Giải Nhất", people[0]),
        ("Giải Nhì", people[1]),
        ("Giải Ba", people[2]),
    ]
    amounts = list(
        Award.objects.order_by("tier_index").values_list("amount_vnd", "source_id")
    )
    firsts = list(
        Attempt.objects.filter(user_id__in=people[:3])
        .order_by("-score")
        .values_list("id", flat=True)
    )
    assert amounts == list(zip([1_000_000, 800_000, 600_000], firsts, strict=True))
    closing = RoundClosing.objects.get(pk=round_.pk)
    assert (closing.awards_count, closing.prize_total_vnd) == (3, 2_400_000)


def test_staff_and_excluded_people_are_ranked_but_never_awarded(contest, round_):
    staff, excluded = UserFactory(), UserFactory()
    ContestStaff.objects.create(contest=contest, user=staff, role="helper")
    ContestExclusion.objects.create(contest=contest, user=excluded, reason="BTC")
    finished_attempt(round_, staff, score=20)
    finished_attempt(round_, excluded, score=19)
    others = [finished_attempt(round_, score=18 - i).user_id for i in range(3)]
    services.close_round(round_.id)
    assert ranked_users(round_)[:2] == [staff.id, excluded.id]
    assert [w for _, w in winners(round_)] == others
    assert Award.objects.get(winner_user_id=others[0]).rank == 3


def test_tiers_are_given_in_each_ranking_group_separately(contest, round_):
    officials = RankingGroupFactory(contest=contest, name="Nhóm 1", position=0)
    people = RankingGroupFactory(contest=contest, name="Nhóm 2", position=1)
    PrizeTierFactory(
        contest=contest,
        ranking_group=people,
        position=9,
        name="Khuyến khích Nhóm 2",
        count=1,
        amount_vnd=200_000,
    )
    o = [finished_attempt(round_, score=20 - i, group=officials) for i in range(4)]
    p = [finished_attempt(round_, score=15 - i, group=people) for i in range(5)]
    services.close_round(round_.id)
    by_group = {}
    for group, tier, user_id, rank in Award.objects.order_by(
        "group", "tier_index"
    ).values_list("group", "tier_name", "winner_user_id", "rank"):
        by_group.setdefault(group, []).append((tier, user_id, rank))
    assert by_group["Nhóm 1"] == [
        ("Giải Nhất", o[0].user_id, 1),
        ("Giải Nhì", o[1].user_id, 2),
        ("Giải Ba", o[2].user_id, 3),
    ]
    assert by_group["Nhóm 2"] == [
        ("Giải Nhất", p[0].user_id, 1),
        ("Giải Nhì", p[1].user_id, 2),
        ("Giải Ba", p[2].user_id, 3),
        ("Khuyến khích Nhóm 2", p[3].user_id, 4),
    ]
    group_ranks = dict(RoundResult.objects.values_list("attempt_id", "group_rank"))
    assert group_ranks[p[0].id] == 1
    assert RoundResult.objects.get(pk=p[0].id).rank == 5


def test_people_outside_every_group_win_no_group_prize_and_are_reported(
    contest, round_
):
    group = RankingGroupFactory(contest=contest, name="Nhóm 1")
    outsider = finished_attempt(round_, score=20, group=None)
    insider = finished_attempt(round_, score=10, group=group)
    services.close_round(round_.id)
    assert winners(round_) == [("Giải Nhất", insider.user_id)]
    assert ranked_users(round_)[0] == outsider.user_id
    warnings = RoundClosing.objects.get(pk=round_.pk).warnings
    assert warnings == [services.WARN_NO_GROUP.format(n=1)]


@pytest.mark.parametrize("one_prize", [True, False])
def test_one_prize_per_person_across_rounds(contest, one_prize):
    contest.one_individual_prize_per_person = one_prize
    contest.save()
    now = timezone.now()
    first = closed_round(
        contest, number=1, opens_at=now - 16 * 24 * H, closes_at=now - 8 * 24 * H
    )
    second = closed_round(contest, number=2, opens_at=now - 7 * 24 * H)
    champion, runner, third, fourth = (UserFactory() for _ in range(4))
    for r in (first, second):
        for user, score in ((champion, 20), (runner, 19), (third, 18), (fourth, 17)):
            finished_attempt(r, user, score=score)
    services.close_round(first.id)
    services.close_round(second.id)
    assert [w for _, w in winners(first)] == [champion.id, runner.id, third.id]
    if one_prize:
        assert winners(second) == [("Giải Nhất", fourth.id)]
    else:
        assert [w for _, w in winners(second)] == [champion.id, runner.id, third.id]


def test_a_round_only_tier_is_given_in_that_round_only(contest):
    first = closed_round(contest, number=1)
    second = closed_round(contest, number=2)
    PrizeTierFactory(
        contest=contest, round=second, position=5, name="Giải tuần cuối", count=1
    )
    for r in (first, second):
        for score in (20, 19, 18, 17):
            finished_attempt(r, score=score)
    services.close_round(first.id)
    services.close_round(second.id)
    assert len(winners(first)) == 3
    assert [t for t, _ in winners(second)][-1] == "Giải tuần cuối"


def test_a_tier_with_count_zero_gives_nothing_and_says_so(contest, round_):
    PrizeTierFactory(contest=contest, position=7, name="Khuyến khích", count=0)
    for score in (20, 19, 18, 17):
        finished_attempt(round_, score=score)
    services.close_round(round_.id)
    assert len(winners(round_)) == 3
    assert services.WARN_ZERO_COUNT.format(tier="Khuyến khích") in (
        RoundClosing.objects.get(pk=round_.pk).warnings
    )


# --- State: due, practice, open attempts, idempotence, atomicity ---------------------


def test_a_round_still_open_is_not_closed(contest):
    open_round = RoundFactory(contest=contest)
    outcome = services.close_round(open_round.id)
    assert outcome.status == "not_due"
    assert not RoundClosing.objects.filter(pk=open_round.pk).exists()


def test_a_practice_round_is_never_ranked(contest):
    practice = closed_round(contest, number=0, is_practice=True)
    finished_attempt(practice, score=20, counted=False)
    assert services.close_round(practice.id).status == "practice"
    assert not RoundResult.objects.exists()


def test_closing_finalises_attempts_left_open_and_ranks_them(round_):
    person = UserFactory()
    open_attempt = Attempt.objects.create(
        round=round_,
        user=person,
        number=1,
        started_at=round_.closes_at - 10 * datetime.timedelta(minutes=1),
        deadline=round_.closes_at,
        question_count=20,
    )
    outcome = services.close_round(round_.id)
    open_attempt.refresh_from_db()
    assert open_attempt.status == Attempt.Status.EXPIRED
    assert RoundResult.objects.get().attempt_id == open_attempt.id
    closing = RoundClosing.objects.get(pk=round_.pk)
    assert closing.attempts_finalised == 1
    assert outcome.status == "closed"


def test_an_attempt_running_past_a_moved_close_is_ended_by_the_close(round_):
    # The close was moved earlier by a path that left this attempt's deadline as
    # it was: SPEC §4 caps it by the close, so closing ends it now and ranks it.
    running = Attempt.objects.create(
        round=round_,
        user=UserFactory(),
        number=1,
        started_at=round_.closes_at - datetime.timedelta(minutes=5),
        deadline=timezone.now() + datetime.timedelta(minutes=5),
        question_count=20,
    )
    outcome = services.close_round(round_.id)
    assert outcome.status == "closed"
    running.refresh_from_db()
    assert running.status == Attempt.Status.EXPIRED
    assert running.submitted_at <= timezone.now()
    assert RoundResult.objects.get().attempt_id == running.id


def test_closing_twice_changes_nothing(round_):
    for score in (20, 19, 19, 3):
        finished_attempt(round_, score=score)
    first = services.close_round(round_.id)
    before = snapshot(round_.id)
    closing = RoundClosing.objects.get(pk=round_.pk)
    second = services.close_round(round_.id)
    assert (first.status, second.status) == ("closed", "already_closed")
    assert snapshot(round_.id) == before
    again = RoundClosing.objects.get(pk=round_.pk)
    assert (again.closed_at, again.duration_ms) == (
        closing.closed_at,
        closing.duration_ms,
    )


def test_closing_again_from_scratch_writes_identical_rows(round_):
    at = round_.closes_at - 3 * H
    for i, score in enumerate((20, 19, 19, 19, 3)):
        finished_attempt(round_, score=score, submitted_at=at, duration_ms=1000 + i % 2)
    services.close_round(round_.id)
    before = snapshot(round_.id)
    RoundClosing.objects.all().delete()
    RoundResult.objects.all().delete()
    Award.objects.all().delete()
    services.close_round(round_.id)
    assert snapshot(round_.id) == before


def test_a_crash_inside_the_close_leaves_the_round_as_before(round_, monkeypatch):
    for score in (20, 19, 18, 17):
        finished_attempt(round_, score=score)
    left_open = Attempt.objects.create(
        round=round_,
        user=UserFactory(),
        number=1,
        started_at=round_.closes_at - datetime.timedelta(minutes=3),
        deadline=round_.closes_at,
        question_count=20,
    )

    def crash(closing, **_):
        # After the results are written, before the closing record is.
        assert RoundResult.objects.filter(round_id=closing.round_id).count() == 5
        raise RuntimeError("worker died")

    monkeypatch.setattr(services.closing.writing, "record_round", crash)
    with pytest.raises(RuntimeError):
        services.close_round(round_.id)
    assert not RoundResult.objects.exists()
    assert not Award.objects.exists()
    assert RoundClosing.objects.get(pk=round_.pk).status == ClosingStatus.PENDING
    left_open.refresh_from_db()
    assert left_open.status == Attempt.Status.IN_PROGRESS

    monkeypatch.undo()
    assert services.close_round(round_.id).status == "closed"
    after_crash = snapshot(round_.id)
    RoundClosing.objects.all().delete()
    RoundResult.objects.all().delete()
    Award.objects.all().delete()
    services.close_round(round_.id)
    assert snapshot(round_.id) == after_crash


def test_the_closing_record_says_how_and_when_it_ran(round_, organizer):
    finished_attempt(round_, score=20)
    services.close_round(round_.id, trigger=Trigger.ADMIN, user=organizer)
    closing = RoundClosing.objects.get(pk=round_.pk)
    assert closing.trigger == Trigger.ADMIN
    assert closing.closed_by == organizer
    assert closing.closed_at is not None
    assert closing.duration_ms is not None
    assert (closing.ranked, closing.participants, closing.attempts_finished) == (
        1,
        1,
        1,
    )


def test_closing_reads_and_writes_in_a_bounded_number_of_queries(
    round_, django_assert_max_num_queries
):
    round_tiers(round_.contest, tiers=(("Khuyến khích", 20, 100_000),))
    for i in range(60):
        finished_attempt(round_, score=i % 20)
    with django_assert_max_num_queries(40):
        services.close_round(round_.id)
    assert RoundResult.objects.count() == 60
