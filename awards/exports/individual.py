"""The winners of a round, by group and tier: one sheet (SPEC §7 columns)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from contests.models import Round

from .. import selectors
from ..models import Award
from . import queries
from .base import (
    H_AMOUNT,
    H_BIRTH,
    H_CCCD,
    H_DURATION,
    H_NAME,
    H_PHONE,
    H_PREDICTION,
    H_PRIZE,
    H_SCORE,
    H_STT,
    H_UNIT,
    Column,
    Progress,
    Report,
    Table,
    heading,
    prize_count,
    render,
    round_span,
)

INDIVIDUAL_COLUMNS = [
    Column(H_STT, 6, "int"),
    Column(H_NAME, 26),
    Column(H_BIRTH, 12, "date"),
    Column(H_UNIT, 34),
    Column(H_PHONE, 15),
    Column(H_CCCD, 15),
    Column(H_SCORE, 9, "int"),
    Column(H_DURATION, 13, "duration"),
    Column(H_PREDICTION, 10, "int"),
    Column(H_PRIZE, 18),
    Column(H_AMOUNT, 14, "money"),
]


def scope_label(award: Award) -> str:
    if award.round_id:
        return str(award.round)
    return str(award.get_part_display())


def individual_rows(
    awards: Sequence[Award], *, personal: bool, with_scope: bool
) -> Iterator[list]:
    """One row per individual prize: the person, their result's keys, the prize."""
    people = queries.people((a.winner_user_id for a in awards), personal=personal)
    results = queries.results_by_attempt(a.source_id for a in awards if a.source_id)
    contest_results = (
        selectors.contest_results_by_user(
            awards[0].contest_id,
            [a.winner_user_id for a in awards if a.part == Award.Part.CONTEST],
        )
        if awards
        else {}
    )
    for number, award in enumerate(awards, 1):
        who = people[award.winner_user_id]
        result = results.get(award.source_id)
        score = duration = prediction = None
        if result is not None:
            score, duration = result.score, result.duration_ms
            prediction = result.prediction
        elif award.part == Award.Part.CONTEST:
            standing = contest_results.get(award.winner_user_id)
            score = standing.total_score if standing else None
            duration = standing.total_duration_ms if standing else None
        prize = award.tier_name + (f" — {award.group}" if award.group else "")
        row = [
            number,
            who.name,
            who.birth,
            award.unit.name if award.unit_id else "",
            who.phone,
            who.cccd,
            score,
            duration,
            prediction,
            prize,
            award.amount_vnd,
        ]
        if with_scope:
            row.insert(1, scope_label(award))
        yield row


class RoundAwards(Report):
    def __init__(self, round_: Round, *, personal: bool):
        self.round, self.personal = round_, personal

    def tables(self) -> Iterator[Table]:
        round_ = self.round
        closing = selectors.round_closing(round_.id)
        awards = [
            a
            for a in selectors.round_awards(round_.id)
            if a.part == Award.Part.ROUND and a.winner_user_id
        ]
        extra = ""
        if closing is not None and closing.true_answer is not None:
            extra = f"Đáp án câu dự đoán: {closing.true_answer}"
        if closing is not None:
            extra = " · ".join(
                filter(None, [f"Số người dự thi: {closing.participants:,}", extra])
            ).replace(",", ".")
        yield Table(
            str(round_),
            INDIVIDUAL_COLUMNS,
            heading(
                round_.contest,
                f"DANH SÁCH THÍ SINH ĐẠT GIẢI — {round_span(round_)}",
                extra,
            ),
            individual_rows(awards, personal=self.personal, with_scope=False),
            total={
                H_PRIZE: prize_count(len(awards)),
                H_AMOUNT: sum(a.amount_vnd for a in awards),
            },
        )


def write_round_awards(
    round_: Round, path: str, *, personal: bool, progress: Progress | None = None
) -> int:
    """The winners of a round, by group and tier: one sheet. Returns the rows."""
    return render(RoundAwards(round_, personal=personal), path, progress=progress)
