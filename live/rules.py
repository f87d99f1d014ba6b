"""The rules of Rung chuông vàng as pure functions: who a reveal eliminates or
rescues, the final order, the prizes down that order. No Django."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from core import prizes

NORMAL = "normal"
RESCUE = "rescue"
AUDIENCE = "audience"
FINAL = "final"
LETTERS = "ABCDEF"


@dataclass(frozen=True)
class Outcome:
    eliminated: frozenset[int]
    rescued: frozenset[int]


def who_may_answer(kind: str, *, standing: bool) -> bool:
    """Standing players answer normal and final questions; eliminated players
    answer rescue questions; audience questions are for the audience only."""
    if kind in (NORMAL, FINAL):
        return standing
    if kind == RESCUE:
        return not standing
    return False


def reveal_outcome(
    *,
    kind: str,
    key: int,
    standing: Iterable[int],
    out: Iterable[int],
    answers: Mapping[int, int],
) -> Outcome:
    """Normal and final: a standing player with a wrong or missing answer is out,
    except when that would be every one still standing (then nobody leaves: the
    game never ends without a winner). Rescue: an eliminated player with the right
    answer is back. Audience: nobody changes."""
    if kind in (NORMAL, FINAL):
        standing_ids = set(standing)
        wrong = {p for p in standing_ids if answers.get(p) != key}
        if wrong == standing_ids:
            wrong = set()
        return Outcome(frozenset(wrong), frozenset())
    if kind == RESCUE:
        return Outcome(frozenset(), frozenset(p for p in out if answers.get(p) == key))
    return Outcome(frozenset(), frozenset())


@dataclass(frozen=True)
class Standing:
    player_id: int
    number: int
    is_in: bool
    out_run_number: int | None  # the question that eliminated them (0 = by hand)
    correct: int
    total_ms: int


def final_order(rows: Iterable[Standing]) -> list[Standing]:
    """Those still standing first; then by how late they were eliminated; then
    more correct answers; then less total answering time; then the number."""
    return sorted(
        rows,
        key=lambda r: (
            0 if r.is_in else 1,
            -(r.out_run_number or 0),
            -r.correct,
            r.total_ms,
            r.number,
        ),
    )


@dataclass(frozen=True)
class Tier:
    index: int
    name: str
    count: int
    amount_vnd: int


@dataclass(frozen=True)
class Prize:
    player_id: int
    rank: int
    tier: Tier


def allocate(order: Sequence[Standing], tiers: Sequence[Tier]) -> list[Prize]:
    """Tiers in order of their index, each taking its count down the final order
    (the one allocator, core.prizes.allocate)."""
    ordered = sorted(tiers, key=lambda t: t.index)
    picks = prizes.allocate(
        order,
        [prizes.PrizeTier(t.name, t.count, t.amount_vnd) for t in ordered],
        winner_of=lambda standing: standing.player_id,
    )
    return [
        Prize(p.candidate.player_id, p.prize_rank, ordered[p.tier_index]) for p in picks
    ]


def letter(position: int | None) -> str | None:
    return None if position is None else LETTERS[position]
