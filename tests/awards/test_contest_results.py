"""Contest-wide results: the standing over rounds, contest-scope prizes, and the
collective (unit) ranking over each unit's subtree."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from awards import services
from awards.models import Award, ContestClosing, ContestResult, UnitResult
from awards.ranking import REASON_BELOW_THRESHOLD, REASON_NO_STAFF_COUNT
from awards.selectors import participation_report
from contests import services as contest_services
from contests.models import PrizeTier
from tests.factories import UnitFactory, UserFactory
from tests.factories.accounts import profile_form
from tests.factories.awards import closed_round, finished_attempt
from tests.factories.contests import (
    ContestFactory,
    PrizeTierFactory,
    RoundFactory,
    make_bank,
)

D = datetime.timedelta(days=1)
COL, WHOLE = PrizeTier.Part.COLLECTIVE, PrizeTier.Scope.CONTEST


@pytest.fixture
def tree(db):
    """Province → upper unions A (200 staff, its own), B (no count: the sum of its
    grassroots, 50 + unknown), C (no count anywhere)."""
    province = UnitFactory(code="P", kind="province", staff_count=None)
    a = UnitFactory(code="A", name="Công đoàn A", kind="upper", parent=province,
                    staff_count=200)  # fmt: skip
    a1 = UnitFactory(code="A1", kind="grassroots", parent=a, staff_count=80)
    b = UnitFactory(code="B", name="Công đoàn B", kind="upper", parent=province,
                    staff_count=None)  # fmt: skip
    b1 = UnitFactory(code="B1", kind="grassroots", parent=b, staff_count=50)
    b2 = UnitFactory(code="B2", kind="grassroots", parent=b, staff_count=None)
    c = UnitFactory(code="C", name="Công đoàn C", kind="upper", parent=province,
                    staff_count=None)  # fmt: skip
    return {"P": province, "A": a, "A1": a1, "B": b, "B1": b1, "B2": b2, "C": c}


def people(n, unit):
    return [UserFactory(unit=unit) for _ in range(n)]


def collective_contest(**kwargs):
    contest = ContestFactory(collective_unit_kind="upper", **kwargs)
    for position, (name, amount) in enumerate(
        (("Giải Nhất", 2_000_000), ("Giải Nhì", 1_500_000), ("Giải Ba", 1_000_000))
    ):
        PrizeTierFactory(
            contest=contest,
            part=COL,
            scope=WHOLE,
            position=position,
            name=name,
            amount_vnd=amount,
        )
    return contest


def close_all(contest):
    for round_ in contest.rounds.order_by("closes_at"):
        services.close_round(round_.id)
    return services.close_contest(contest.id)


def unit_ranks(contest, round_=None, rule=""):
    return {
        code: (rank, reason)
        for code, rank, reason in UnitResult.objects.filter(
            contest=contest, round=round_, rule=rule
        ).values_list("unit__code", "rank", "reason")
    }


def test_collective_ranking_rolls_up_subtrees_and_lists_a_unit_without_staff_count(
    tree,
):
    contest = collective_contest()
    round_ = closed_round(contest, number=1)
    for user in people(12, tree["A"]) + people(8, tree["A1"]):
        finished_attempt(round_, user, score=10)
    for user in people(6, tree["B1"]) + people(4, tree["B2"]):
        finished_attempt(round_, user, score=10)
    for user in people(30, tree["C"]):
        finished_attempt(round_, user, score=10)
    outcome = close_all(contest)
    assert outcome.status == "closed"
    # A: 20 / 200 = 10 %; B: 10 / (50 from B1, B2 unknown) = 20 %; C: no staff count.
    assert unit_ranks(contest) == {
        "B": (1, ""),
        "A": (2, ""),
        "C": (None, REASON_NO_STAFF_COUNT),
    }
    rows = {
        r.unit.code: (r.contestants, r.staff_count)
        for r in UnitResult.objects.select_related("unit")
    }
    assert rows == {"A": (20, 200), "B": (10, 50), "C": (30, None)}
    assert list(
        Award.objects.filter(part=Award.Part.COLLECTIVE)
        .order_by("tier_index")
        .values_list("tier_name", "winner_unit__code", "amount_vnd")
    ) == [("Giải Nhất", "B", 2_000_000), ("Giải Nhì", "A", 1_500_000)]
    warnings = ContestClosing.objects.get(pk=contest.pk).warnings
    assert (
        services.WARN_UNRANKED_UNIT.format(
            unit="Công đoàn C", reason=REASON_NO_STAFF_COUNT
        )
        in warnings
    )


def test_individual_prizes_won_across_rounds_count_for_the_unit(tree):
    contest = collective_contest(collective_order=["prizes", "rate"])
    PrizeTierFactory(contest=contest, name="Giải Nhất", count=1)
    now = timezone.now()
    first = closed_round(
        contest, number=1, opens_at=now - 20 * D, closes_at=now - 14 * D
    )
    second = closed_round(contest, number=2, opens_at=now - 13 * D)
    a_people, b_people = people(20, tree["A1"]), people(10, tree["B1"])
    for round_ in (first, second):
        for i, user in enumerate(a_people):
            finished_attempt(round_, user, score=10 + i % 3)
        for user in b_people:
            finished_attempt(round_, user, score=5)
    close_all(contest)
    # A's people win both weekly prizes: prizes first puts A (2) above B (0),
    # although B's rate (10/50) beats A's (20/200).
    prizes = dict(
        UnitResult.objects.filter(contest=contest).values_list("unit__code", "prizes")
    )
    assert prizes["A"] == 2
    assert prizes["B"] == 0
    assert unit_ranks(contest)["A"] == (1, "")


def test_a_unit_below_the_participation_threshold_is_not_ranked(tree):
    contest = collective_contest(collective_min_participation_pct=15)
    round_ = closed_round(contest, number=1)
    for user in people(20, tree["A"]) + people(10, tree["B1"]):
        finished_attempt(round_, user)
    close_all(contest)
    ranks = unit_ranks(contest)
    assert ranks["B"] == (1, "")
    assert ranks["A"] == (
        None,
        REASON_BELOW_THRESHOLD.format(rate="10,0%", threshold="15,0%"),
    )


def test_a_special_prize_ranks_by_its_own_rule(tree):
    contest = collective_contest()
    PrizeTierFactory(
        contest=contest,
        part=COL,
        scope=WHOLE,
        rule="contestants",
        position=9,
        name="Đơn vị có nhiều thí sinh nhất",
        amount_vnd=500_000,
    )
    round_ = closed_round(contest, number=1)
    for user in people(3, tree["A"]) + people(2, tree["B1"]) + people(9, tree["C"]):
        finished_attempt(round_, user)
    close_all(contest)
    special = Award.objects.get(part=Award.Part.SPECIAL)
    # C has no staff count (not in the main ranking) but the most contestants.
    assert (special.winner_unit.code, special.tier_name) == (
        "C",
        "Đơn vị có nhiều thí sinh nhất",
    )


def test_weights_lead_the_collective_order(tree):
    contest = collective_contest(collective_weights={"contestants": 1})
    round_ = closed_round(contest, number=1)
    for user in people(20, tree["A"]) + people(10, tree["B1"]):
        finished_attempt(round_, user)
    close_all(contest)
    weighted = dict(
        UnitResult.objects.filter(contest=contest, rank__isnull=False).values_list(
            "unit__code", "weighted_score"
        )
    )
    assert weighted == {"A": 20, "B": 10}
    assert unit_ranks(contest)["A"] == (1, "")


def test_collective_prizes_per_round(tree):
    contest = ContestFactory(collective_unit_kind="upper")
    PrizeTierFactory(
        contest=contest, part=COL, scope=PrizeTier.Scope.ROUND, name="Giải Nhất"
    )
    round_ = closed_round(contest, number=1)
    for user in people(20, tree["A"]) + people(20, tree["B1"]):
        finished_attempt(round_, user)
    services.close_round(round_.id)
    award = Award.objects.get(part=Award.Part.COLLECTIVE)
    assert (award.round_id, award.winner_unit.code) == (round_.id, "B")
    assert unit_ranks(contest, round_)["B"] == (1, "")


def test_contest_standing_sums_rounds_and_gives_contest_prizes(tree):
    contest = ContestFactory()
    PrizeTierFactory(contest=contest, scope=WHOLE, name="Giải Nhất", count=1)
    PrizeTierFactory(contest=contest, scope=WHOLE, name="Giải Nhì", count=1, position=1)
    now = timezone.now()
    first = closed_round(
        contest, number=1, opens_at=now - 20 * D, closes_at=now - 14 * D
    )
    second = closed_round(contest, number=2, opens_at=now - 13 * D)
    steady, brilliant_once, quick = UserFactory(), UserFactory(), UserFactory()
    finished_attempt(first, steady, score=15, duration_ms=200_000)
    finished_attempt(second, steady, score=15, duration_ms=200_000)
    finished_attempt(first, brilliant_once, score=20, duration_ms=100_000)
    finished_attempt(first, quick, score=15, duration_ms=100_000)
    finished_attempt(second, quick, score=15, duration_ms=100_000)
    assert close_all(contest).status == "closed"
    standing = list(
        ContestResult.objects.filter(contest=contest)
        .order_by("rank")
        .values_list("user_id", "total_score", "total_duration_ms", "rounds")
    )
    assert standing == [
        (quick.id, 30, 200_000, 2),
        (steady.id, 30, 400_000, 2),
        (brilliant_once.id, 20, 100_000, 1),
    ]
    assert list(
        Award.objects.filter(part=Award.Part.CONTEST)
        .order_by("tier_index")
        .values_list("tier_name", "winner_user_id")
    ) == [("Giải Nhất", quick.id), ("Giải Nhì", steady.id)]


def test_contest_results_wait_for_the_last_round_unless_forced(tree):
    contest = collective_contest()
    done = closed_round(contest, number=1)
    closed_round(
        contest,
        number=2,
        opens_at=timezone.now() - D,
        closes_at=timezone.now() + D,
    )
    finished_attempt(done, UserFactory(unit=tree["A"]))
    services.close_round(done.id)
    assert services.close_contest(contest.id).status == "not_due"
    forced = services.close_contest(contest.id, force=True)
    assert forced.status == "closed"
    closing = ContestClosing.objects.get(pk=contest.pk)
    assert (closing.rounds_included, closing.rounds_total, closing.is_final) == (
        1,
        2,
        False,
    )


def test_computing_contest_results_twice_writes_the_same_rows(tree):
    contest = collective_contest()
    round_ = closed_round(contest, number=1)
    for user in people(5, tree["A"]) + people(3, tree["B1"]):
        finished_attempt(round_, user, score=user.pk % 7)
    close_all(contest)

    def rows():
        return (
            sorted(
                Award.objects.filter(contest=contest).values_list(
                    "part", "tier_name", "winner_user_id", "winner_unit_id", "rank"
                )
            ),
            list(ContestResult.objects.order_by("rank").values_list("user_id", "rank")),
            sorted(UnitResult.objects.values_list("unit_id", "rank", "contestants")),
        )

    before = rows()
    assert services.close_contest(contest.id).status == "already_closed"
    assert services.close_contest(contest.id, force=True).status == "closed"
    assert rows() == before


def test_a_collective_tier_without_a_unit_level_is_reported_not_guessed(db):
    contest = ContestFactory(collective_unit_kind="")
    PrizeTierFactory(
        contest=contest, part=COL, scope=WHOLE, name="Đơn vị dẫn đầu", count=2
    )
    round_ = closed_round(contest, number=1)
    finished_attempt(round_)
    close_all(contest)
    assert not Award.objects.filter(part=Award.Part.COLLECTIVE).exists()
    assert ContestClosing.objects.get(pk=contest.pk).warnings == [
        services.WARN_NO_UNIT_KIND.format(tier="Đơn vị dẫn đầu")
    ]


def test_a_unit_without_contestants_never_wins_a_collective_prize(tree):
    contest = collective_contest()
    round_ = closed_round(contest, number=1)
    finished_attempt(round_, UserFactory(unit=tree["A1"]))
    close_all(contest)
    # B has a staff count and rate 0: ranked second, but the Nhì prize stays open.
    assert unit_ranks(contest)["B"] == (2, "")
    assert list(
        Award.objects.filter(part=Award.Part.COLLECTIVE).values_list(
            "winner_unit__code", "tier_name"
        )
    ) == [("A", "Giải Nhất")]


def test_a_contestant_who_moves_unit_counts_for_the_unit_their_attempt_started_in(
    tree, client
):
    """A contestant of A1 starts and submits, then picks B2 on their profile (a
    new job) before the round closes: A keeps that contestant, B gains nobody."""
    contest = collective_contest(bank=make_bank(25))
    round_ = RoundFactory(contest=contest, number=1)  # open now
    mover = UserFactory(unit=tree["A1"])
    attempt = contest_services.start_attempt(mover, round_)
    contest_services.submit_attempt(mover, attempt.id, prediction="0")
    for user in people(2, tree["B1"]):
        finished_attempt(round_, user, submitted_at=timezone.now())
    client.force_login(mover)
    assert (
        client.post(
            reverse("accounts:profile_edit"), profile_form(mover, tree["B2"])
        ).status_code
        == 302
    )
    mover.refresh_from_db()
    assert mover.unit == tree["B2"]
    with time_machine.travel(round_.closes_at + D):
        assert close_all(contest).status == "closed"
    rows = {
        r.unit.code: r.contestants
        for r in UnitResult.objects.filter(round=None).select_related("unit")
    }
    assert (rows["A"], rows["B"]) == (1, 2)
    report = {
        line.code: line.contestants
        for line in participation_report(contest, tree["P"]).lines
    }
    assert (report["A"], report["A1"], report["B"], report["B2"]) == (1, 1, 2, 0)
