"""Fixtures of the awards tests: a contest with Bến Tre's weekly tiers and a round
that has already closed; snapshots of everything a closing writes."""

import pytest

from awards.models import Award, RoundClosing, RoundResult, UnitResult
from tests.factories.awards import closed_round, contest_with_round_tiers

RESULT_FIELDS = (
    "attempt_id",
    "round_id",
    "user_id",
    "unit_id",
    "ranking_group_id",
    "rank",
    "group_rank",
    "score",
    "prediction",
    "gap",
    "duration_ms",
    "submitted_at",
    "previous_rank",
)
AWARD_FIELDS = (
    "contest_id",
    "part",
    "round_id",
    "group",
    "tier_name",
    "tier_index",
    "rank",
    "winner_user_id",
    "winner_unit_id",
    "unit_id",
    "amount_vnd",
    "source_id",
)
CLOSING_FIELDS = (
    "status",
    "participants",
    "attempts_finished",
    "ranked",
    "people_all_correct",
    "attempts_all_correct",
    "true_answer",
    "awards_count",
    "prize_total_vnd",
    "warnings",
)


@pytest.fixture
def contest(db):
    return contest_with_round_tiers(slug="ben-tre-2024")


@pytest.fixture
def round_(contest):
    return closed_round(contest, number=1)


def snapshot(round_id: int | None = None, contest_id: int | None = None) -> dict:
    """Every row a closing writes, without ids and timestamps, in a stable order."""
    results = RoundResult.objects.all()
    awards = Award.objects.all()
    closings = RoundClosing.objects.all()
    units = UnitResult.objects.all()
    if round_id is not None:
        results = results.filter(round_id=round_id)
        awards = awards.filter(round_id=round_id)
        closings = closings.filter(round_id=round_id)
        units = units.filter(round_id=round_id)
    if contest_id is not None:
        awards = awards.filter(contest_id=contest_id)
    return {
        "results": list(
            results.order_by("round_id", "rank").values_list(*RESULT_FIELDS)
        ),
        "awards": sorted(awards.values_list(*AWARD_FIELDS), key=repr),
        "closings": list(closings.order_by("round_id").values_list(*CLOSING_FIELDS)),
        "units": sorted(
            units.values_list(
                "unit_id",
                "round_id",
                "unit_kind",
                "rule",
                "rank",
                "contestants",
                "prizes",
                "staff_count",
                "reason",
            ),
            key=repr,
        ),
    }
