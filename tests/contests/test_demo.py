"""contests.demo: the five seed contests with their real schedules and prizes."""

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from contests import demo
from contests.models import Contest, PrizeTier, RankingGroup, ReferenceDocument, Round

VN = ZoneInfo("Asia/Ho_Chi_Minh")
pytestmark = pytest.mark.django_db


def seed() -> str:
    out = io.StringIO()
    demo.seed(out)
    return out.getvalue()


def counts():
    return tuple(
        model.objects.count()
        for model in (Contest, Round, PrizeTier, RankingGroup, ReferenceDocument)
    )


def test_seeding_twice_changes_nothing():
    seed()
    first = counts()
    seed()
    assert counts() == first
    assert Contest.objects.filter(is_published=True).count() == 6


def test_ben_tre_has_five_weekly_rounds_and_its_prizes():
    seed()
    contest = Contest.objects.get(slug="ben-tre-2024")
    rounds = list(contest.rounds.order_by("number"))
    assert len(rounds) == 5
    assert rounds[0].opens_at == dt.datetime(2024, 6, 10, 8, 0, tzinfo=VN)
    assert rounds[-1].closes_at == dt.datetime(2024, 7, 15, 0, 0, tzinfo=VN)
    weekly = contest.prize_tiers.filter(part="individual", scope="round")
    assert list(weekly.values_list("count", "amount_vnd")) == [
        (1, 1_000_000),
        (1, 800_000),
        (1, 600_000),
    ]
    collective = contest.prize_tiers.filter(part="collective", scope="contest")
    assert list(collective.values_list("amount_vnd", flat=True)) == [
        2_000_000,
        1_500_000,
        1_000_000,
    ]
    assert contest.collective_unit_kind == "upper"
    assert contest.documents.count() == 18


def test_bac_kan_has_one_period_age_15_and_two_groups():
    seed()
    contest = Contest.objects.get(slug="bac-kan-2023")
    (round_,) = contest.rounds.all()
    assert round_.opens_at == dt.datetime(2023, 9, 10, tzinfo=VN)
    assert round_.closes_at == dt.datetime(2023, 10, 1, tzinfo=VN)
    assert contest.min_age == 15
    groups = {g.name: set(g.participant_groups) for g in contest.ranking_groups.all()}
    assert groups == {
        "Nhóm 1": {"official", "armed_forces"},
        "Nhóm 2": {"worker", "student", "resident"},
    }
    assert contest.prize_tiers.get(part="collective").count == 2


def test_thanh_hoa_has_four_weeks_and_the_prediction_question():
    seed()
    contest = Contest.objects.get(slug="thanh-hoa-2024")
    assert contest.rounds.count() == 4
    assert contest.prediction_enabled
    assert contest.prediction_target == Contest.PredictionTarget.PEOPLE_ALL_CORRECT
    assert all(r.opens_at.month in (8, 9) for r in contest.rounds.all())


def test_dak_lak_has_four_ten_day_periods_with_1_1_1_2_prizes():
    seed()
    contest = Contest.objects.get(slug="dak-lak-2023")
    rounds = list(contest.rounds.order_by("number"))
    assert len(rounds) == 4
    assert all(r.closes_at - r.opens_at == dt.timedelta(days=10) for r in rounds)
    assert rounds[-1].closes_at <= dt.datetime(2023, 12, 31, tzinfo=VN)
    individual = contest.prize_tiers.filter(part="individual", scope="round")
    assert list(individual.values_list("count", flat=True)) == [1, 1, 1, 2]
    assert sum(individual.values_list("count", flat=True)) * len(rounds) == 20
    collective = contest.prize_tiers.filter(part="collective", scope="round")
    assert sum(collective.values_list("count", flat=True)) * len(rounds) == 12


def test_bac_son_ends_on_30_july_2023():
    seed()
    contest = Contest.objects.get(slug="bac-son-2023")
    (round_,) = contest.rounds.all()
    assert round_.closes_at == dt.datetime(2023, 7, 31, tzinfo=VN)
    assert not contest.prize_tiers.exists()
    assert not contest.allow_no_unit


def test_the_demo_contest_has_a_round_open_now():
    out = seed()
    contest = Contest.objects.get(slug=demo.DEMO_SLUG)
    now = timezone.now()
    assert contest.rounds.filter(
        opens_at__lte=now, closes_at__gt=now, is_practice=False
    ).exists()
    assert contest.rounds.filter(is_practice=True).exists()
    if contest.bank_id is None:
        assert "CHƯA gắn ngân hàng câu hỏi" in out


def test_the_demo_contest_uses_the_demo_bank_when_it_exists(monkeypatch):
    import sys
    import types

    from tests.factories.contests import make_bank

    name = "Ngân hàng câu hỏi mẫu — Chuyển đổi số"
    fake = types.ModuleType("quizzes.demo")
    fake.DEMO_BANK_NAME = name
    if "quizzes.demo" not in sys.modules:
        monkeypatch.setitem(sys.modules, "quizzes.demo", fake)
    from quizzes.demo import DEMO_BANK_NAME

    make_bank(12, name=DEMO_BANK_NAME)
    out = seed()
    contest = Contest.objects.get(slug=demo.DEMO_SLUG)
    assert contest.bank.name == DEMO_BANK_NAME
    assert contest.questions_per_attempt == min(20, contest.bank.questions.count())
    assert "CHƯA" not in out


def test_the_demo_practice_round_has_its_own_bank_that_reveals_no_graded_key(
    contestant_a,
):
    from contests import selectors, services
    from quizzes import demo as quizzes_demo
    from quizzes.models import Choice

    quizzes_demo.seed(io.StringIO())
    seed()
    seed()  # idempotent: no question added twice
    contest = Contest.objects.get(slug=demo.DEMO_SLUG)
    practice_bank, graded_bank = contest.practice_bank, contest.bank
    assert practice_bank is not None
    assert practice_bank != graded_bank
    assert practice_bank.questions.count() == 24
    assert (
        selectors.practice_overlap([practice_bank.id], selectors.graded_bank_ids())
        is None
    )
    contest.full_clean()  # what the admin checks
    # Other facts than the graded bank's: no practice key is a graded key.
    keys = {
        bank.id: set(
            Choice.objects.filter(question__bank=bank, is_correct=True).values_list(
                "text", flat=True
            )
        )
        for bank in (practice_bank, graded_bank)
    }
    assert not keys[practice_bank.id] & keys[graded_bank.id]
    practice = contest.rounds.get(is_practice=True)
    attempt = services.start_attempt(contestant_a, practice)
    assert attempt.question_count == 20
    assert set(attempt.questions.values_list("question__bank_id", flat=True)) == {
        practice_bank.id
    }


def test_the_demo_organizer_and_secretary_are_staff_of_every_demo_contest():
    """Rights are per contest: without these rows the demo organizer could
    neither close nor publish anything (contests.permissions)."""
    from contests.models import ContestStaff
    from contests.permissions import Action, may
    from tests.factories import UserFactory

    organizer = UserFactory(username="bantochuc", is_staff=True)
    secretary = UserFactory(username="thuky", is_staff=True)
    seed()
    seed()
    for user, role in (
        (organizer, ContestStaff.Role.ORGANIZER),
        (secretary, ContestStaff.Role.SECRETARY),
    ):
        assert ContestStaff.objects.filter(user=user, role=role).count() == 6
    assert "bantochuc: Ban Tổ chức của 6 cuộc thi mẫu" in seed()
    # The role group still matters: these two are in no group here.
    assert not may(organizer, Action.PUBLISH, Contest.objects.get(slug="ben-tre-2024"))
