"""The one writer of closing: persists what awards.deciding decided. Every
function replaces its rows whole (delete, then bulk insert), so a rerun from the
same outcome writes the same rows. Runs inside the caller's transaction."""

from __future__ import annotations

from time import monotonic

from contests.models import Round
from core import bulk

from .. import signals
from ..deciding import AwardDraft, ContestOutcome, Prizes, RoundCounts, RoundOutcome
from ..models import (
    Award,
    ContestResult,
    RoundClosing,
    RoundResult,
    UnitResult,
)

_ROUND_RESULT_COLUMNS = (
    "attempt",
    "round",
    "user",
    "unit",
    "ranking_group",
    "rank",
    "group_rank",
    "score",
    "prediction",
    "gap",
    "duration_ms",
    "submitted_at",
    "previous_rank",
)
_CONTEST_RESULT_COLUMNS = (
    "contest",
    "user",
    "unit",
    "ranking_group",
    "rank",
    "group_rank",
    "rounds",
    "total_score",
    "total_gap",
    "total_duration_ms",
    "last_submitted_at",
)


def write_round(
    round_: Round, outcome: RoundOutcome, *, previous: dict[int, int] | None = None
) -> None:
    """(Re)write a round's result rows (COPY) and its round prizes.
    ``previous``: user id → rank before a regrade, kept on the rows."""
    previous = previous or {}
    RoundResult.objects.filter(round_id=round_.id).delete()
    bulk.insert_rows(
        RoundResult,
        _ROUND_RESULT_COLUMNS,
        (
            (
                e.row.attempt_id,
                round_.id,
                e.row.user_id,
                e.row.unit_id,
                e.row.group,
                e.rank,
                e.group_rank,
                e.row.score,
                e.row.prediction,
                e.gap,
                e.row.duration_ms,
                e.row.submitted_at,
                previous.get(e.row.user_id),
            )
            for e in outcome.ranked
        ),
    )
    write_round_prizes(round_, outcome.prizes)


def write_round_prizes(round_: Round, prizes: Prizes) -> None:
    """(Re)write a round's individual and per-round collective prizes."""
    Award.objects.filter(round=round_, part=Award.Part.ROUND).delete()
    Award.objects.bulk_create(_awards(round_.contest_id, round_.id, prizes.individual))
    _write_collective(round_.contest_id, round_.id, prizes)
    signals.announce_rewrite(round_.contest_id)


def write_contest(contest_id: int, outcome: ContestOutcome) -> None:
    """(Re)write the contest standing, contest-scope individual prizes and the
    contest-wide collective ranking and prizes."""
    ContestResult.objects.filter(contest_id=contest_id).delete()
    bulk.insert_rows(
        ContestResult,
        _CONTEST_RESULT_COLUMNS,
        (
            (
                contest_id,
                s.entry.row.user_id,
                s.entry.row.unit_id,
                s.entry.row.group,
                s.entry.rank,
                s.entry.group_rank,
                s.rounds,
                s.entry.row.score,
                s.entry.gap,
                s.entry.row.duration_ms,
                s.entry.row.submitted_at,
            )
            for s in outcome.standing
        ),
    )
    Award.objects.filter(contest_id=contest_id, part=Award.Part.CONTEST).delete()
    Award.objects.bulk_create(_awards(contest_id, None, outcome.prizes.individual))
    _write_collective(contest_id, None, outcome.prizes)
    signals.announce_rewrite(contest_id)


def _write_collective(contest_id: int, round_id: int | None, prizes: Prizes) -> None:
    Award.objects.filter(
        contest_id=contest_id,
        round_id=round_id,
        part__in=(Award.Part.COLLECTIVE, Award.Part.SPECIAL),
    ).delete()
    UnitResult.objects.filter(contest_id=contest_id, round_id=round_id).delete()
    UnitResult.objects.bulk_create(
        (
            UnitResult(
                contest_id=contest_id,
                round_id=round_id,
                unit_kind=u.unit_kind,
                rule=u.rule,
                unit_id=u.unit_id,
                staff_count=u.staff_count,
                contestants=u.contestants,
                prizes=u.prizes,
                avg_best_score_milli=u.avg_best_score_milli,
                weighted_score=u.weighted_score,
                rank=u.rank,
                reason=u.reason,
            )
            for u in prizes.unit_results
        ),
        batch_size=2000,
    )
    Award.objects.bulk_create(_awards(contest_id, round_id, prizes.collective))


def _awards(
    contest_id: int, round_id: int | None, drafts: list[AwardDraft]
) -> list[Award]:
    return [
        Award(
            contest_id=contest_id,
            round_id=round_id,
            part=d.part,
            group=d.group,
            tier_name=d.tier_name,
            tier_index=d.tier_index,
            rank=d.rank,
            winner_user_id=d.winner_user_id,
            winner_unit_id=d.winner_unit_id,
            unit_id=d.unit_id,
            amount_vnd=d.amount_vnd,
            source_id=d.source_id,
        )
        for d in drafts
    ]


def record_round(
    closing: RoundClosing,
    *,
    counts: RoundCounts,
    outcome: RoundOutcome,
    finalised: int,
    started: float,
) -> None:
    """Put what a ranking run counted and gave on the round's closing record (the
    caller saves it)."""
    closing.attempts_finalised = finalised
    closing.participants = counts.participants
    closing.attempts_finished = counts.attempts_finished
    closing.people_all_correct = counts.people_all_correct
    closing.attempts_all_correct = counts.attempts_all_correct
    closing.ranked = len(outcome.ranked)
    closing.true_answer = outcome.true_answer
    contest = closing.round.contest
    closing.prediction_target = (
        contest.prediction_target if contest.prediction_enabled else ""
    )
    record_prizes(closing, outcome.prizes)
    closing.duration_ms = ms_since(started)


def record_prizes(closing, prizes: Prizes) -> None:
    """Put a prize allocation's totals and warnings on a closing record."""
    awards = prizes.awards
    closing.awards_count = len(awards)
    closing.prize_total_vnd = sum(a.amount_vnd for a in awards)
    closing.warnings = prizes.warnings


def ms_since(started: float) -> int:
    """Milliseconds since ``started`` (a time.monotonic() reading)."""
    return int((monotonic() - started) * 1000)
